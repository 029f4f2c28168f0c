import Mustache

/// The console's Mustache templates, parsed once. `{{value}}` escapes for HTML; the layout
/// inserts a page's already-rendered content with `{{{content}}}`, and report pages their SVG
/// chart (made by DSOCharts, which escapes its own text).
enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in all {
            do { try library.register(text, named: name) } catch { fatalError("console template \(name): \(error)") }
        }
        return library
    }()

    static let all: [String: String] = [
        "layout": layout, "error": error, "sign-in": signIn, "overview": overview, "collectors": collectors,
        "customers": customers, "customer": customer, "reports": reports, "report": report, "conflicts": conflicts,
        "conflict": conflict, "imports": imports, "users": users, "settings": settings,
    ]

    static func render(_ value: Any, _ name: String) -> String {
        guard let html = library.render(value, withTemplate: name) else { fatalError("no console template \(name)") }
        return html
    }
}
