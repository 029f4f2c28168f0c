import Foundation

/// A promise with its state on a given day.
public struct PromiseView: Codable, Hashable, Sendable {
    public var promise: PromiseToPay
    public var state: PromiseToPay.State

    public init(promise: PromiseToPay, state: PromiseToPay.State) {
        self.promise = promise
        self.state = state
    }
}
