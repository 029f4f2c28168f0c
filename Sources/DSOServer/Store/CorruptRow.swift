/// A stored row whose columns hold a value no fact can have (`dso-server check` reports them).
public struct CorruptRow: Error, CustomStringConvertible {
    public var table: String
    public var key: String

    public var description: String { "\(table) row \(key) holds a value no fact can have" }
}
