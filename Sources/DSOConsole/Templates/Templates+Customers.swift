extension Templates {
    static let customers = """
        <form method="get" action="/console/customers" class="filters" role="search">
          <label>Code or name<input type="search" name="q" value="{{q}}" placeholder="C0001, Dupont…"></label>
          {{#chooseCollector}}<label>Collector<select name="collector"><option value="">Everybody</option>{{#collectors}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/collectors}}</select></label>{{/chooseCollector}}
          <label>Status of an open item<select name="status"><option value="">Any</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
          <label>Overdue at least<input type="text" name="overdue" value="{{overdue}}" inputmode="decimal" size="10" placeholder="1000"></label>
          <button type="submit">Search</button>
        </form>
        <section class="card">
        {{#computed}}<p class="notice">{{.}}</p>{{/computed}}
        <p class="muted">{{total}} line(s), the most overdue first. A customer with open items in two currencies has a line for each.</p>
        <table>
          <thead><tr><th>Code</th><th>Name</th><th>Collector</th><th class="num">Open items</th><th class="num">Open</th><th class="num">Overdue</th></tr></thead>
          <tbody>
          {{#lines}}
          <tr><td><a href="/console/customers/{{code}}">{{code}}</a></td><td>{{name}}</td><td>{{collector}}</td>
          <td class="num">{{items}}</td><td class="num">{{open}}</td><td class="num{{#isOverdue}} bad{{/isOverdue}}">{{overdue}}</td></tr>
          {{/lines}}
          {{^lines}}<tr><td colspan="6" class="muted">No customer matches. Loosen a filter.</td></tr>{{/lines}}
          </tbody>
        </table>
        <nav class="pager" aria-label="Pages">
          {{#previous}}<a href="{{.}}">← Previous</a>{{/previous}}
          <span class="muted">Page {{page}} of {{pages}}</span>
          {{#next}}<a href="{{.}}">Next →</a>{{/next}}
        </nav>
        </section>
        """
}
