extension Templates {
    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · DSO Sync</title>
        <link rel="stylesheet" href="/console/assets/console.css">
        <link rel="icon" href="/console/assets/icon.svg" type="image/svg+xml">
        <script src="/console/assets/console.js" defer></script>
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/console"><span class="mark">DSO</span> Sync <small>console</small></a>
          <nav aria-label="Sections">{{#nav}}<a href="{{href}}"{{#active}} aria-current="page"{{/active}}>{{label}}</a>{{/nav}}</nav>
          {{#signedIn}}
          <form method="post" action="/console/sign-out" class="who">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <span title="{{login}}">{{name}} <small>{{role}}</small></span>
            <button type="submit" class="link">Sign out</button>
          </form>
          {{/signedIn}}
        </header>
        <main>
        <h1>{{title}}</h1>
        {{{content}}}
        </main>
        <footer>DSO Sync · amounts in different currencies are never added together</footer>
        </body>
        </html>
        """

    static let error = """
        <section class="card error">
          <p>{{message}}</p>
          <p>{{#signedIn}}<a href="/console">Back to the overview</a>{{/signedIn}}{{^signedIn}}<a href="/console/sign-in">Sign in</a>{{/signedIn}}</p>
        </section>
        """
}
