extension Templates {
    static let signIn = """
        <section class="card narrow">
          {{#error}}<p class="alert" role="alert">{{.}}</p>{{/error}}
          <form method="post" action="/console/sign-in" class="stack">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="next" value="{{next}}">
            <label for="token">Your access token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required placeholder="dso_…">
            <p class="hint">The token <code>dso-server user add</code> printed for you, or the one of <code>dso init</code>.
            It stays on this server: the browser keeps a session cookie for 8 hours.</p>
            <button type="submit">Sign in</button>
          </form>
        </section>
        """
}
