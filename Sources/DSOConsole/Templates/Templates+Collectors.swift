extension Templates {
    static let collectors = """
        <p class="muted">Work from {{from}} to {{asOf}}. Late: actions planned for a day before today and not done.
        Waiting: refused work the credit team can still accept (<a href="/console/conflicts?open=1">conflicts</a>).</p>
        <section class="card">
        <table>
          <thead><tr><th>Collector</th><th class="num">Customers</th><th class="num">Actions done</th><th class="num">Late</th>
          <th class="num">Qualified</th><th class="num">Promises</th><th class="num">Disputes opened / closed</th>
          <th class="num">Open conflicts</th><th class="num">Refused (waiting)</th><th>Last sync</th></tr></thead>
          <tbody>
          {{#rows}}
          <tr>
            <td><strong>{{name}}</strong><br><small class="muted">{{login}}</small></td>
            <td class="num"><a href="/console/customers?collector={{login}}">{{customers}}</a></td>
            <td class="num">{{actionsDone}}</td>
            <td class="num{{#late}} bad{{/late}}">{{lateActions}}</td>
            <td class="num">{{qualifications}}</td>
            <td class="num">{{promises}}</td>
            <td class="num">{{disputes}}</td>
            <td class="num">{{openConflicts}}</td>
            <td class="num">{{refused}} ({{waiting}})</td>
            <td>{{lastSync}}{{#replicas}}<br><small class="{{#stale}}warn{{/stale}}{{^stale}}muted{{/stale}}" title="replica …{{id}}">…{{id}}: push {{lastPush}}, pull {{lastPull}}</small>{{/replicas}}</td>
          </tr>
          {{/rows}}
          {{^rows}}<tr><td colspan="10" class="muted">No collector holds customers yet.</td></tr>{{/rows}}
          </tbody>
        </table>
        </section>
        """
}
