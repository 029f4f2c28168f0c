import Foundation

/// Who a request came from, found by a middleware deep in the chain and read by the request log
/// at its outer end.
final class RequestCaller: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    var login: String? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
