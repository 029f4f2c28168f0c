extension Templates {
    static let conflicts = """
        <form method="get" action="/console/conflicts" class="filters">
          {{#chooseCollector}}<label>For collector<input type="text" name="collector" value="{{collector}}" size="10" placeholder="everybody"></label>{{/chooseCollector}}
          <label><span><input type="checkbox" name="open" value="1"{{#openOnly}} checked{{/openOnly}}> open only</span></label>
          <button type="submit" class="secondary">Show</button>
        </form>
        <section class="card">
        <table>
          <thead><tr><th>Conflict</th><th>Kind</th><th>Customer</th><th>For</th><th>Found</th><th>What</th><th>State</th></tr></thead>
          <tbody>
          {{#entries}}
          <tr><td><a href="/console/conflicts/{{id}}">…{{short}}</a></td><td>{{kind}}{{#code}}<br><small class="muted">{{.}}</small>{{/code}}</td>
          <td><a href="/console/customers/{{customer}}">{{customer}}</a></td><td>{{addressee}}</td><td>{{detected}}</td><td>{{summary}}</td>
          <td>{{#isOpen}}<span class="pill open">open</span>{{/isOpen}}{{^isOpen}}<span class="pill closed">{{state}}</span>{{/isOpen}}</td></tr>
          {{/entries}}
          {{^entries}}<tr><td colspan="7" class="muted">No conflict here: nothing was refused or overwritten.</td></tr>{{/entries}}
          </tbody>
        </table>
        </section>
        """

    static let conflict = """
        {{#flash}}<p class="notice" role="status">{{.}}</p>{{/flash}}
        {{#error}}<p class="alert" role="alert">{{.}}</p>{{/error}}
        <section class="card">
          <dl class="facts">
            <dt>Kind</dt><dd>{{kind}}{{#field}} ({{.}}){{/field}}{{#code}} · <code>{{.}}</code>{{/code}}</dd>
            <dt>Customer</dt><dd><a href="/console/customers/{{customer}}">{{customer}}</a></dd>
            <dt>For</dt><dd>{{addressee}}</dd>
            <dt>Found</dt><dd>{{detected}}</dd>
            {{#detail}}<dt>Why</dt><dd>{{.}}</dd>{{/detail}}
            <dt>State</dt><dd>{{#isOpen}}<span class="pill open">open</span>{{/isOpen}}{{^isOpen}}{{resolution}}{{/isOpen}}</dd>
          </dl>
        </section>
        <div class="charts">
        {{#mine}}<section class="card"><h2>{{addressee}}'s side</h2><p>{{summary}}</p>
          <dl class="facts"><dt>Value</dt><dd>{{value}}</dd><dt>Author</dt><dd>{{author}}</dd><dt>Replica</dt><dd>…{{replica}}</dd><dt>Written</dt><dd>{{written}}</dd><dt>Fact</dt><dd>{{kind}}</dd></dl></section>{{/mine}}
        {{#theirs}}<section class="card"><h2>The other side</h2><p>{{summary}}</p>
          <dl class="facts"><dt>Value</dt><dd>{{value}}</dd><dt>Author</dt><dd>{{author}}</dd><dt>Replica</dt><dd>…{{replica}}</dd><dt>Written</dt><dd>{{written}}</dd><dt>Fact</dt><dd>{{kind}}</dd></dl></section>{{/theirs}}
        </div>
        {{#canDecide}}
        <section class="card">
          <h2>Decide</h2>
          <form method="post" action="/console/conflicts/{{id}}/decision" class="actions">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label class="stack">Comment for {{addressee}}<input type="text" name="comment" size="50" placeholder="why (shown to the collector)"></label>
            {{#decisions}}<button type="submit" name="decision" value="{{value}}" class="secondary">{{label}}</button>{{/decisions}}
          </form>
        </section>
        {{/canDecide}}
        """
}
