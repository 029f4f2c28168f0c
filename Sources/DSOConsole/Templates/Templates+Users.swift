extension Templates {
    static let users = """
        {{#error}}<p class="alert" role="alert">{{.}}</p>{{/error}}
        {{#notice}}<p class="notice" role="status">{{.}}</p>{{/notice}}
        {{#token}}<section class="card"><p><strong>Token:</strong> <code class="token">{{.}}</code></p>
          <p class="hint">They attach a replica with <code>dso init --server URL --token TOKEN</code> and sign in here with the same token. Only its hash is kept.</p></section>{{/token}}
        <div class="charts">
        <section class="card">
          <h2>Move a customer</h2>
          <form method="post" action="/console/assign" class="filters">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>Customer<input type="text" name="customer" size="10" placeholder="C0042" required></label>
            <label>To<select name="collector"><option value="">no collector</option>{{#collectors}}<option value="{{value}}">{{label}}</option>{{/collectors}}</select></label>
            <button type="submit">Move</button>
          </form>
          <p class="hint">Work the old collector did offline before the move, or within the reassignment grace after it, is still accepted.
          Many at once: import a portfolio file (customer, collector) on the <a href="/console/imports">Imports</a> page. Customers in no portfolio: {{unassigned}}.</p>
        </section>
        {{#isAdmin}}
        <section class="card">
          <h2>Add a user</h2>
          <form method="post" action="/console/users" class="filters">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>Login<input type="text" name="login" size="12" required pattern="[a-z0-9._-]{1,64}" placeholder="dora"></label>
            <label>Name<input type="text" name="name" size="16" placeholder="Dora Petit"></label>
            <label>Email<input type="email" name="email" size="18"></label>
            <label>Role<select name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/roles}}</select></label>
            <button type="submit">Add</button>
          </form>
        </section>
        {{/isAdmin}}
        </div>
        <section class="card">
          <h2>Users</h2>
          <table>
            <thead><tr><th>Login</th><th>Name</th><th>Role</th><th>Email</th><th class="num">Customers</th>{{#isAdmin}}<th></th>{{/isAdmin}}</tr></thead>
            <tbody>
            {{#users}}<tr><td>{{login}}</td><td>{{name}}</td><td>{{role}}</td><td>{{email}}</td><td class="num">{{#customers}}<a href="/console/customers?collector={{login}}">{{customers}}</a>{{/customers}}</td>
            {{#isAdmin}}<td><form method="post" action="/console/users/{{login}}/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="danger">Revoke tokens</button></form></td>{{/isAdmin}}</tr>{{/users}}
            </tbody>
          </table>
        </section>
        <section class="card">
          <h2>Audit log</h2>
          <table>
            <thead><tr><th>When</th><th>Who</th><th>What</th><th>Detail</th></tr></thead>
            <tbody>
            {{#audit}}<tr><td>{{at}}</td><td>{{login}}</td><td>{{action}}</td><td>{{detail}}</td></tr>{{/audit}}
            {{^audit}}<tr><td colspan="4" class="muted">Nothing recorded yet.</td></tr>{{/audit}}
            </tbody>
          </table>
        </section>
        """
}
