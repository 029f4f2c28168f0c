import Foundation

/// Where a pull stands, for one user of one store.
///
/// Opaque to clients. The token is `base64url(text) "." base64url(HMAC-SHA256(key, text))`, where
/// `text` is `c2:<server id>:<login>:<role>:log:<seq>` or
/// `c2:<server id>:<login>:<role>:snap:<high-water seq>:<phase>:<last key>` and `key` is a secret
/// kept in the store (``CursorKey``). The MAC makes a crafted or edited cursor fail; the login
/// binds a cursor to the user it was issued to, and the role to the scope it was issued for (a
/// user whose role changed re-bootstraps into the new scope); the server id makes a cursor of
/// another store (a reset or a restored backup) fail loudly instead of skipping changes.
enum PullCursor: Equatable {
    /// Streaming the scope's current rows, table by table, as of log position `highWater`.
    case snapshot(highWater: Int64, phase: SnapshotPhase, after: String)
    /// Streaming the log after `seq`.
    case log(after: Int64)

    /// Longest token accepted (a snapshot cursor of a 64-character login and key is about 330).
    static let maxTokenLength = 1024

    /// The position the cursor stands at in the log: its sequence, or the snapshot's high-water.
    var position: Int64 {
        switch self {
        case .snapshot(let hw, _, _): hw
        case .log(let seq): seq
        }
    }

    /// `mark`: the fingerprint of the change at ``position`` (``CentralStore/mark(of:in:)``),
    /// so that a store restored from a backup, which issues that sequence number again to
    /// another change, refuses the cursor instead of skipping changes.
    func token(server: UUID, user: User, key: CursorKey, mark: String? = nil) -> String {
        let owner = "c2:\(server.text):\(user.login):\(user.role.rawValue)"
        let text: String
        switch self {
        case .snapshot(let hw, let phase, let after): text = "\(owner):snap:\(hw)\(mark.map { "@" + $0 } ?? ""):\(phase.rawValue):\(after)"
        case .log(let seq): text = "\(owner):log:\(seq)\(mark.map { ":" + $0 } ?? "")"
        }
        let payload = Data(text.utf8)
        return Base64URL.encode(payload) + "." + Base64URL.encode(key.mac(payload))
    }

    /// Parses a token this store issued to `user` in their current role; `nil` for anything else
    /// (malformed, forged, edited, issued to another user, to another role, or by another store).
    init?(token: String, server: UUID, user: User, key: CursorKey) {
        guard let (cursor, _) = PullCursor.parse(token: token, server: server, user: user, key: key) else { return nil }
        self = cursor
    }

    /// Parses a token: the cursor and the mark of its position (absent in cursors issued before marks).
    static func parse(token: String, server: UUID, user: User, key: CursorKey) -> (PullCursor, String?)? {
        guard token.count <= PullCursor.maxTokenLength else { return nil }
        let halves = token.split(separator: ".", omittingEmptySubsequences: false)
        guard halves.count == 2, let payload = Base64URL.decode(halves[0]), let mac = Base64URL.decode(halves[1]),
              key.verify(mac, for: payload), let text = String(data: payload, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 7, omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "c2", parts[1] == server.text, parts[2] == user.login,
              parts[3] == user.role.rawValue else { return nil }
        switch parts[4] {
        case "log" where parts.count == 6 || parts.count == 7:
            guard let seq = Int64(parts[5]), seq >= 0 else { return nil }
            return (.log(after: seq), parts.count == 7 ? String(parts[6]) : nil)
        case "snap" where parts.count == 8:
            let position = parts[5].split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            guard let hw = Int64(position[0]), hw >= 0, let p = Int(parts[6]), let phase = SnapshotPhase(rawValue: p) else { return nil }
            return (.snapshot(highWater: hw, phase: phase, after: String(parts[7])), position.count == 2 ? String(position[1]) : nil)
        default:
            return nil
        }
    }
}
