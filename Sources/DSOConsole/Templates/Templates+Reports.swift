extension Templates {
    static let reports = """
        <p class="muted">The same reports as <code>dso-server report</code> and <code>dso report</code>, with the same rules. Each has its filters, its chart and a CSV download.</p>
        <section class="grid">
        {{#reports}}
          <a class="kpi" href="/console/reports/{{name}}"><div class="value">{{title}}</div><div class="sub">{{abstract}}</div></a>
        {{/reports}}
        </section>
        """

    static let report = """
        <p class="muted">{{abstract}}</p>
        <form method="get" action="/console/reports/{{name}}" class="filters">
          <label>As of<input type="date" name="as_of" value="{{asOf}}"></label>
          {{#chooseCollector}}<label>Collector<input type="text" name="collector" value="{{collector}}" size="10" placeholder="login"></label>{{/chooseCollector}}
          <label>Customer<input type="text" name="customer" value="{{customer}}" size="10" placeholder="C0001"></label>
          <label>Currency<input type="text" name="currency" value="{{currency}}" size="4" maxlength="3" placeholder="all"></label>
          <label>Convert to<input type="text" name="in" value="{{convertedTo}}" size="4" maxlength="3" placeholder="—"></label>
          <button type="submit">Show</button>
          <a href="{{csvLink}}" download>Download CSV</a>
        </form>
        <p class="muted">{{summary}} {{computed}}</p>
        <section class="card chart">{{{chart}}}</section>
        <section class="card">
        {{#more}}<p class="hint">{{.}}</p>{{/more}}
        <table>
          <thead><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr></thead>
          <tbody>
          {{#rows}}<tr>{{#cells}}<td{{#numeric}} class="num"{{/numeric}}>{{text}}</td>{{/cells}}</tr>{{/rows}}
          {{^rows}}<tr><td class="muted">Nothing in this scope.</td></tr>{{/rows}}
          </tbody>
        </table>
        </section>
        """
}
