extension Templates {
    static let customer = """
        <section class="card">
          <dl class="facts">
            <dt>Collector</dt><dd>{{collector}}</dd>
            <dt>Place</dt><dd>{{place}}</dd>
            <dt>Payment terms</dt><dd>{{terms}}</dd>
            <dt>Scenario</dt><dd>{{scenario}}</dd>
          </dl>
        </section>
        <section class="card">
        <h2>Items</h2>
        <table>
          <thead><tr><th>Number</th><th>Issued</th><th>Due</th><th class="num">Late</th><th class="num">Amount</th><th class="num">Open</th><th>Status</th></tr></thead>
          <tbody>
          {{#items}}
          <tr>
            <td><strong>{{number}}</strong> <small class="muted">{{kind}}</small></td><td>{{issued}}</td><td>{{due}}</td>
            <td class="num bad">{{daysLate}}</td><td class="num">{{amount}}</td>
            <td class="num">{{#cleared}}<span class="pill closed">cleared {{.}}</span>{{/cleared}}{{^cleared}}{{open}}{{/cleared}}</td>
            <td>{{status}}</td>
          </tr>
          {{#history}}
          <tr class="history"><td></td><td colspan="6">
            <small>{{#current}}<span class="pill open">current</span> {{/current}}<strong>{{status}}</strong> on {{date}}{{#resolver}}, resolver {{.}}{{/resolver}}
            {{#comment}} — “{{.}}”{{/comment}}<br>
            <span class="muted">by {{author}} on replica …{{replica}}, written {{written}}; server seq {{seq}}, received {{received}}{{#overriddenBy}}; replaced by {{.}}{{/overriddenBy}}</span></small>
          </td></tr>
          {{/history}}
          {{/items}}
          {{^items}}<tr><td colspan="7" class="muted">No item.</td></tr>{{/items}}
          </tbody>
        </table>
        </section>
        <section class="card">
        <h2>Actions</h2>
        <table>
          <thead><tr><th>Planned</th><th>Action</th><th>State</th><th>Outcome</th><th>By</th><th>Items</th><th>Note</th></tr></thead>
          <tbody>
          {{#actions}}<tr><td class="{{#late}}bad{{/late}}">{{planned}}</td><td>{{kind}} · {{channel}}</td><td>{{state}} {{date}}</td><td>{{outcome}}</td><td>{{by}}</td><td>{{items}}</td><td>{{note}}</td></tr>{{/actions}}
          {{^actions}}<tr><td colspan="7" class="muted">No action.</td></tr>{{/actions}}
          </tbody>
        </table>
        </section>
        <div class="charts">
        <section class="card">
        <h2>Promises to pay</h2>
        <table>
          <thead><tr><th>Due</th><th class="num">Amount</th><th>Made</th><th>State</th><th>Items</th></tr></thead>
          <tbody>
          {{#promises}}<tr><td>{{date}}</td><td class="num">{{amount}}</td><td>{{made}}</td><td class="{{#broken}}bad{{/broken}}">{{state}}</td><td>{{items}}</td></tr>{{/promises}}
          {{^promises}}<tr><td colspan="5" class="muted">No promise.</td></tr>{{/promises}}
          </tbody>
        </table>
        </section>
        <section class="card">
        <h2>Disputes</h2>
        <table>
          <thead><tr><th>Status</th><th>Resolver</th><th>Opened</th><th>Closed</th><th>Items</th></tr></thead>
          <tbody>
          {{#disputes}}<tr><td>{{#isOpen}}<span class="pill open">open</span>{{/isOpen}} {{status}}<br><small class="muted">{{comment}}</small></td><td>{{resolver}}</td><td>{{opened}}</td><td>{{closed}}</td><td>{{items}}</td></tr>{{/disputes}}
          {{^disputes}}<tr><td colspan="5" class="muted">No dispute.</td></tr>{{/disputes}}
          </tbody>
        </table>
        </section>
        </div>
        <div class="charts">
        <section class="card">
        <h2>Contacts</h2>
        <table>
          <thead><tr><th>Name</th><th>Role</th><th>Email</th><th>Phone</th></tr></thead>
          <tbody>
          {{#contacts}}<tr><td>{{name}}{{#forCollection}} <span class="pill">collection</span>{{/forCollection}}{{#overridden}}<br><small class="muted">replaced: {{.}}</small>{{/overridden}}</td><td>{{role}}</td><td>{{email}}</td><td>{{phone}}</td></tr>{{/contacts}}
          {{^contacts}}<tr><td colspan="4" class="muted">No contact.</td></tr>{{/contacts}}
          </tbody>
        </table>
        </section>
        <section class="card">
        <h2>Conflicts</h2>
        <table>
          <thead><tr><th>Kind</th><th>For</th><th>What</th><th>Outcome</th></tr></thead>
          <tbody>
          {{#conflicts}}<tr><td><a href="/console/conflicts/{{id}}">{{kind}}</a></td><td>{{addressee}}</td><td>{{summary}}</td><td>{{#isOpen}}<span class="pill open">open</span>{{/isOpen}}{{^isOpen}}{{outcome}}{{/isOpen}}</td></tr>{{/conflicts}}
          {{^conflicts}}<tr><td colspan="4" class="muted">No conflict.</td></tr>{{/conflicts}}
          </tbody>
        </table>
        </section>
        </div>
        """
}
