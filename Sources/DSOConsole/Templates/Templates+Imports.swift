extension Templates {
    static let imports = """
        {{#error}}<p class="alert" role="alert">{{.}}</p>{{/error}}
        {{#notice}}<p class="notice" role="status">{{.}}</p>{{/notice}}
        {{#result}}
        {{#applied}}<section class="card"><p class="notice" role="status"><strong>{{name}}</strong> imported as {{kind}}:
          {{read}} line(s) read, {{created}} created, {{updated}} updated, {{unchanged}} unchanged, {{cleared}} cleared.
          Replicas receive the changes on their next sync.</p></section>{{/applied}}
        {{^applied}}<section class="card"><p class="alert" role="alert"><strong>{{name}}</strong> was not imported: {{rejectedCount}} bad line(s). Nothing was written. Fix them and send the whole file again.</p>
          <table><thead><tr><th class="num">Line</th><th>Why</th></tr></thead><tbody>
          {{#rejected}}<tr><td class="num">{{line}}</td><td>{{reason}}</td></tr>{{/rejected}}
          </tbody></table></section>{{/applied}}
        {{/result}}
        <section class="card">
          <h2>Import a CSV file</h2>
          <form method="post" action="/console/imports" enctype="multipart/form-data" class="filters">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>The file holds<select name="kind">{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select></label>
            <label>Open items mode<select name="mode"><option value="delta">delta: only the lines sent</option><option value="stock">stock: clears items not listed</option></select></label>
            <label>File<input type="file" name="file" accept=".csv,text/csv,.json,application/json" required></label>
            <button type="submit">Import</button>
          </form>
          <p class="hint">The same importer as <code>dso-server import</code>: UTF-8, comma or semicolon separated, a header line. The whole file is checked first; one bad line and nothing is written.</p>
        </section>
        <section class="card">
          <h2>Last imports</h2>
          <table>
            <thead><tr><th>When</th><th>What</th><th>File</th><th class="num">Lines</th><th class="num">Created</th><th class="num">Updated</th><th class="num">Cleared</th></tr></thead>
            <tbody>
            {{#recent}}<tr><td>{{at}}</td><td>{{kind}} {{#mode}}<small class="muted">{{.}}</small>{{/mode}}</td><td>{{file}}</td><td class="num">{{read}}</td><td class="num">{{created}}</td><td class="num">{{updated}}</td><td class="num">{{cleared}}</td></tr>{{/recent}}
            {{^recent}}<tr><td colspan="7" class="muted">No import yet.</td></tr>{{/recent}}
            </tbody>
          </table>
        </section>
        """
}
