import Dispatch

/// Runs blocking work (a whole-book report reads and computes for a second at N = 20,000) on a
/// dispatch queue instead of one of the few threads of Swift's cooperative pool, which serve
/// every request.
enum Offload {
    static let queue = DispatchQueue(label: "dso.console.figures", qos: .utility, attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
