import DSOServer
import Hummingbird

/// The console's stylesheet and script, served from memory with a long cache lifetime (their
/// URL changes with the release).
enum ConsoleAssets {
    static func register(on group: RouterGroup<DSORequestContext>) {
        group.get("assets/console.css") { _, _ in asset(stylesheet, type: "text/css; charset=utf-8") }
        group.get("assets/console.js") { _, _ in asset(script, type: "text/javascript; charset=utf-8") }
        group.get("assets/icon.svg") { _, _ in asset(icon, type: "image/svg+xml") }
    }

    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d4ed8"/>\
        <path d="M7 22l6-7 5 4 7-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>
        """

    private static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
