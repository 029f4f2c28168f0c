extension Templates {
    static let overview = """
        <div class="toolbar">
          <p class="muted">{{scopeNote}} on {{asOf}}. Amounts in different currencies are shown apart, never added. {{computed}}</p>
          {{#chooseCollector}}
          <form method="get" action="/console" class="filters">
            <label>Collector<select name="collector"><option value="">Everybody</option>{{#collectors}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/collectors}}</select></label>
            <button type="submit" class="secondary">Show</button>
          </form>
          {{/chooseCollector}}
        </div>
        {{#empty}}<p class="notice">Nothing is open in this scope yet. Import customers and items (Imports) or run <code>dso-server demo</code>.</p>{{/empty}}
        <section class="grid" aria-label="Follow-up">
          <div class="kpi"><div class="label">Broken promises</div><div class="value warn" data-live="broken">{{brokenPromises}}</div><div class="sub">due in the last 3 months · <a href="/console/reports/promises">report</a></div></div>
          <div class="kpi"><div class="label">Open disputes</div><div class="value" data-live="disputes">{{openDisputes}}</div><div class="sub"><a href="/console/reports/disputes">report</a></div></div>
          <div class="kpi"><div class="label">Currencies</div><div class="value">{{currencyCount}}</div><div class="sub">each figure in its own</div></div>
        </section>
        <section class="card">
        <h2>The book by currency</h2>
        <table>
          <thead><tr><th>Currency</th><th class="num">Open</th><th class="num">Overdue</th><th class="num">Overdue %</th>
          <th class="num">DSO</th><th class="num">Overdue qualified</th><th class="num">Promises due this week</th></tr></thead>
          <tbody>
          {{#currencies}}
          <tr><td><strong>{{currency}}</strong></td><td class="num" data-live="open-{{currency}}">{{open}}</td>
          <td class="num bad" data-live="overdue-{{currency}}">{{overdue}}</td><td class="num">{{overduePercent}}</td>
          <td class="num">{{dso}} <small class="muted">{{dsoMonth}}</small></td><td class="num">{{qualifiedPercent}}</td><td class="num">{{promisesDueThisWeek}}</td></tr>
          {{/currencies}}
          </tbody>
        </table>
        <p class="hint">DSO: standard method, latest month with sales (<a href="/console/reports/dso">report</a>). Overdue qualified: share of the overdue amount whose item has a status (<a href="/console/reports/status">report</a>).</p>
        </section>
        <section class="charts">
          {{#charts}}<div class="card chart">{{{.}}}</div>{{/charts}}
        </section>
        """
}
