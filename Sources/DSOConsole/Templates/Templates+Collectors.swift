extension Templates {
    static let collectors = """
        <p class="muted">Work from {{from}} to {{asOf}}. Late: actions planned for a day before today and not done. Disputes: opened / closed.
        Refused: work the server did not apply; pending: refused work waiting for the credit team's decision (<a href="/console/conflicts?open=1">conflicts</a>).
        Work a collector did offline reaches the server at her next sync: the last sync tells how old her figures may be.</p>
        <section class="card scroll">
        <table>
          <thead><tr><th>Collector</th><th class="num">Customers</th><th class="num">Actions done</th><th class="num">Late</th>
          <th class="num">Qualified</th><th class="num">Promises</th><th class="num" title="opened / closed">Disputes</th>
          <th class="num">Conflicts</th><th class="num">Refused</th><th class="num">Pending</th><th>Last sync</th></tr></thead>
          <tbody>
          {{#rows}}
          <tr>
            <td class="nowrap"><strong>{{name}}</strong><br><small class="muted">{{login}}</small></td>
            <td class="num"><a href="/console/customers?collector={{login}}">{{customers}}</a></td>
            <td class="num">{{actionsDone}}</td>
            <td class="num{{#late}} bad{{/late}}">{{lateActions}}</td>
            <td class="num">{{qualifications}}</td>
            <td class="num">{{promises}}</td>
            <td class="num">{{disputes}}</td>
            <td class="num">{{openConflicts}}</td>
            <td class="num">{{refused}}</td>
            <td class="num{{#hasWaiting}} warn{{/hasWaiting}}">{{waiting}}</td>
            <td>{{lastSync}}</td>
          </tr>
          {{/rows}}
          {{^rows}}<tr><td colspan="11" class="muted">No collector holds customers yet.</td></tr>{{/rows}}
          </tbody>
        </table>
        </section>
        <section class="card">
        <h2>Replicas</h2>
        <table>
          <thead><tr><th>Collector</th><th>Replica</th><th>Last push</th><th>Last pull up to date</th></tr></thead>
          <tbody>
          {{#rows}}{{#replicas}}<tr class="{{#stale}}warn{{/stale}}"><td>{{login}}</td><td>…{{id}}</td><td>{{lastPush}}</td><td>{{lastPull}}</td></tr>{{/replicas}}{{/rows}}
          </tbody>
        </table>
        <p class="hint">A replica in orange has not synced for two days.</p>
        </section>
        """
}
