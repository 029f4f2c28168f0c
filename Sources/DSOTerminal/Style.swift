/// ANSI styles, applied only when colour is on.
public enum Style {
    case red, yellow, green, dim, bold

    public func apply(_ text: String, enabled: Bool = Terminal.isColorEnabled) -> String {
        guard enabled else { return text }
        let code = switch self {
        case .red: "31"
        case .yellow: "33"
        case .green: "32"
        case .dim: "2"
        case .bold: "1"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
