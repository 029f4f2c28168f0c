/// The five fixed status types every named status belongs to.
public enum StatusType: String, Codable, Sendable, CaseIterable {
    case ongoing
    case promiseToPay = "promise_to_pay"
    case dispute
    case disputeResolved = "dispute_resolved"
    case litigation
}
