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
    /// The business date the status refers to: the day of the customer's answer (for a promise,
    /// the day it was made; see ``promisedDate``).
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
    /// With a promise-to-pay status: the day the customer promised to pay. Absent on promises
    /// recorded before it existed, whose ``statusDate`` is the promised date.
    public var promisedDate: BusinessDate?
    /// The current qualifications of its items that its author saw when writing it (empty: the
    /// items had none). The server compares them with the current ones it holds to find
    /// concurrent qualifications (``concurrent(with:)``). Absent on qualifications written
    /// before it existed.
    public var basedOn: [UUID]?

    public init(id: UUID, customerID: UUID, itemIDs: [UUID], statusCode: String, comment: String,
                statusDate: BusinessDate, resolver: String? = nil, author: String, replicaID: UUID, hlc: HLC,
                promisedAmount: Money? = nil, promisedDate: BusinessDate? = nil, basedOn: [UUID]? = nil) {
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
        self.promisedDate = promisedDate
        self.basedOn = basedOn
    }

    /// The day a promise falls due: ``promisedDate``, or the status date of an older promise.
    public var promiseDueDate: BusinessDate { promisedDate ?? statusDate }

    /// Longest comment accepted, in characters.
    public static let maxCommentLength = 4000
    /// Most items one qualification may cover.
    public static let maxItems = 500
}
