import DSOModel
import Foundation

/// One change a replica pushes: `{"id", "kind", "hlc", "payload"}`.
///
/// For journal facts the change id is the fact's id (a qualification's `id`), so a fact can
/// never be applied twice under two change ids.
public struct Change: Codable, Hashable, Sendable, Identifiable {
    public var id: UUID
    public var hlc: HLC
    public var body: ChangeBody

    public init(id: UUID, hlc: HLC, body: ChangeBody) {
        self.id = id
        self.hlc = hlc
        self.body = body
    }

    /// A change carrying an action event, stamped with its id and HLC.
    public init(_ event: ActionEvent) {
        self.init(id: event.id, hlc: event.hlc, body: .actionEvent(event))
    }

    /// A change carrying a contact edit, stamped with its id and HLC.
    public init(_ edit: ContactEdit) {
        self.init(id: edit.id, hlc: edit.hlc, body: .contactEdit(edit))
    }

    /// A change carrying a qualification, stamped with its id and HLC.
    public init(_ qualification: Qualification) {
        self.init(id: qualification.id, hlc: qualification.hlc, body: .qualification(qualification))
    }

    /// A change carrying a conflict resolution, stamped with its id and HLC.
    public init(_ resolution: ConflictResolution) {
        self.init(id: resolution.id, hlc: resolution.hlc, body: .conflictResolution(resolution))
    }

    enum Keys: String, CodingKey { case id, hlc }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(UUID.self, forKey: .id)
        hlc = try c.decode(HLC.self, forKey: .hlc)
        body = try ChangeBody.decode(from: try decoder.container(keyedBy: ChangeBody.Keys.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(hlc, forKey: .hlc)
        var b = encoder.container(keyedBy: ChangeBody.Keys.self)
        try body.encode(into: &b)
    }
}

/// One change a pull delivers: `{"seq", "kind", "payload"}`. `seq` is the server sequence of the
/// row's latest change; a replica keeps the highest it has seen per row and ignores older ones.
public struct ServerChange: Codable, Hashable, Sendable {
    public var seq: Int64
    public var body: ChangeBody
    /// When the server received the change that last wrote the row (provenance). Log rows and
    /// the facts of snapshot pages carry it; absent elsewhere, and from servers that predate it
    /// (an addition within version 1).
    public var at: Date?

    public init(seq: Int64, body: ChangeBody, at: Date? = nil) {
        self.seq = seq
        self.body = body
        self.at = at
    }

    enum Keys: String, CodingKey { case seq, at }

    public init(from decoder: any Decoder) throws {
        seq = try decoder.container(keyedBy: Keys.self).decode(Int64.self, forKey: .seq)
        at = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Date.self, forKey: .at)
        do {
            body = try ChangeBody.decode(from: try decoder.container(keyedBy: ChangeBody.Keys.self))
        } catch let unknown as UnknownChangeKind {
            // Pulls skip kinds they do not know (PROTOCOL.md 8.5): additive kinds never break old clients.
            body = .unknown(unknown.kind)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(seq, forKey: .seq)
        try c.encodeIfPresent(at, forKey: .at)
        var b = encoder.container(keyedBy: ChangeBody.Keys.self)
        try body.encode(into: &b)
    }
}
