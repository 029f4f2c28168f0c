import Foundation

/// The act of putting a status, a date and a comment on one or several items of one customer,
/// after a customer answer. An immutable, append-only fact: a correction is a later qualification.
public struct Qualification: Codable, Hashable, Sendable, Identifiable {
    /// UUIDv7, generated on the replica that wrote it.
    public var id: UUID
    public var customerID: UUID
    /// The qualified items, all of `customerID`; never empty.
    public var itemIDs: [UUID]
    public var statusCode: String
    public var comment: String
    /// The business date the status refers to (the customer's answer, the promised date…).
    public var statusDate: BusinessDate
    /// Login or name of the colleague who must resolve a dispute.
    public var resolver: String?
    /// Login of the user who wrote it.
    public var author: String
    /// The replica (or server) where it was written; breaks ties between equal HLCs.
    public var replicaID: UUID
    public var hlc: HLC
    /// With a promise-to-pay status: the amount promised (default: what is open on the items).
    public var promisedAmount: Money?

    public init(id: UUID, customerID: UUID, itemIDs: [UUID], statusCode: String, comment: String,
                statusDate: BusinessDate, resolver: String? = nil, author: String, replicaID: UUID, hlc: HLC,
                promisedAmount: Money? = nil) {
        self.id = id
        self.customerID = customerID
        self.itemIDs = itemIDs
        self.statusCode = statusCode
        self.comment = comment
        self.statusDate = statusDate
        self.resolver = resolver
        self.author = author
        self.replicaID = replicaID
        self.hlc = hlc
        self.promisedAmount = promisedAmount
    }

    /// Longest comment accepted, in characters.
    public static let maxCommentLength = 4000
    /// Most items one qualification may cover.
    public static let maxItems = 500
}
