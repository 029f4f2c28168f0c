extension Templates {
    static let settings = """
        {{#error}}<p class="alert" role="alert">{{.}}</p>{{/error}}
        {{#notice}}<p class="notice" role="status">{{.}}</p>{{/notice}}
        <section class="card">
          <h2>Collection settings</h2>
          <form method="post" action="/console/settings" class="stack">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <table>
              <tbody>
              {{#settings}}<tr><td><label for="{{name}}">{{label}}</label></td>
              <td class="num">{{#isAdmin}}<input id="{{name}}" type="number" name="{{name}}" value="{{value}}" min="{{min}}" max="{{max}}" required>{{/isAdmin}}{{^isAdmin}}{{value}}{{/isAdmin}}</td></tr>{{/settings}}
              </tbody>
            </table>
            {{#isAdmin}}<p><button type="submit">Save</button></p>{{/isAdmin}}
            {{^isAdmin}}<p class="hint">Administrators change these settings.</p>{{/isAdmin}}
          </form>
        </section>
        <div class="charts">
        <section class="card">
          <h2>Statuses</h2>
          <table>
            <thead><tr><th>Code</th><th>Name</th><th>Type</th><th>Follow-up</th></tr></thead>
            <tbody>
            {{#statuses}}<tr><td>{{code}}</td><td>{{name}}{{^active}} <span class="pill">inactive</span>{{/active}}</td><td>{{type}}</td><td>{{followUp}} {{channel}}</td></tr>{{/statuses}}
            </tbody>
          </table>
          <p class="hint">Administrators change the catalogue with a statuses file on the <a href="/console/imports">Imports</a> page (or <code>dso-server status import</code>).</p>
        </section>
        <section class="card">
          <h2>Scenarios</h2>
          {{#scenarios}}<h3>{{name}} <small class="muted">{{code}}</small></h3><ol>{{#steps}}<li>{{.}}</li>{{/steps}}</ol>{{/scenarios}}
          {{^scenarios}}<p class="muted">No scenario yet.</p>{{/scenarios}}
          <p class="hint">Administrators change the scenarios with a JSON file on the <a href="/console/imports">Imports</a> page (or <code>dso-server scenario import</code>), as <code>Fixtures/scenarios.json</code>.</p>
        </section>
        </div>
        """
}
