/// Central settings of the collection rules, replicated to every node.
public struct CollectionSettings: Codable, Hashable, Sendable {
    /// Days after the promised date before a promise is judged.
    public var graceDays: Int
    /// Below this overdue amount (minor units of the customer's currency) no scenario action
    /// is proposed, unless the scenario sets its own minimum.
    public var minimumOverdueMinor: Int64
    /// "No action for N days" alert.
    public var alertNoActionDays: Int
    /// "Dispute open for more than N days" alert.
    public var alertDisputeDays: Int
    /// A leader invoice overdue by more than this many days whose step date lies more than
    /// ``qualifyMeLateDays`` in the past is flagged "qualify me" instead of a late step.
    public var qualifyMeOverdueDays: Int
    public var qualifyMeLateDays: Int
    /// Field work on a customer that left its author's portfolio less than this many days before
    /// the work was done is still accepted (work done offline across a reassignment); later work
    /// waits in the conflict inbox for the credit team.
    public var reassignmentGraceDays: Int

    public init(graceDays: Int = 2, minimumOverdueMinor: Int64 = 0, alertNoActionDays: Int = 15, alertDisputeDays: Int = 30,
                qualifyMeOverdueDays: Int = 180, qualifyMeLateDays: Int = 30, reassignmentGraceDays: Int = 7) {
        self.graceDays = graceDays
        self.minimumOverdueMinor = minimumOverdueMinor
        self.alertNoActionDays = alertNoActionDays
        self.alertDisputeDays = alertDisputeDays
        self.qualifyMeOverdueDays = qualifyMeOverdueDays
        self.qualifyMeLateDays = qualifyMeLateDays
        self.reassignmentGraceDays = reassignmentGraceDays
    }

    enum CodingKeys: String, CodingKey {
        case graceDays, minimumOverdueMinor, alertNoActionDays, alertDisputeDays, qualifyMeOverdueDays, qualifyMeLateDays
        case reassignmentGraceDays
    }

    /// Settings stored before a field existed decode with its default (additions within v1).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CollectionSettings()
        graceDays = try c.decodeIfPresent(Int.self, forKey: .graceDays) ?? d.graceDays
        minimumOverdueMinor = try c.decodeIfPresent(Int64.self, forKey: .minimumOverdueMinor) ?? d.minimumOverdueMinor
        alertNoActionDays = try c.decodeIfPresent(Int.self, forKey: .alertNoActionDays) ?? d.alertNoActionDays
        alertDisputeDays = try c.decodeIfPresent(Int.self, forKey: .alertDisputeDays) ?? d.alertDisputeDays
        qualifyMeOverdueDays = try c.decodeIfPresent(Int.self, forKey: .qualifyMeOverdueDays) ?? d.qualifyMeOverdueDays
        qualifyMeLateDays = try c.decodeIfPresent(Int.self, forKey: .qualifyMeLateDays) ?? d.qualifyMeLateDays
        reassignmentGraceDays = try c.decodeIfPresent(Int.self, forKey: .reassignmentGraceDays) ?? d.reassignmentGraceDays
    }
}
