import Crypto
import Foundation

/// The secret that authenticates pull cursors: 256 random bits, created with the store and kept
/// in it (`meta.cursor_key`), so that every server process of one store accepts the same cursors.
struct CursorKey: Sendable {
    private let rawValue: Data
    private var key: SymmetricKey { SymmetricKey(data: rawValue) }

    init(rawValue: Data) { self.rawValue = rawValue }

    /// 32 fresh random bytes.
    static func random() -> Data { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) } }

    func mac(_ payload: Data) -> Data { Data(HMAC<SHA256>.authenticationCode(for: payload, using: key)) }

    /// Constant-time check of a MAC.
    func verify(_ mac: Data, for payload: Data) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key)
    }
}
