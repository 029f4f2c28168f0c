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

    public init(graceDays: Int = 2, minimumOverdueMinor: Int64 = 0, alertNoActionDays: Int = 15, alertDisputeDays: Int = 30,
                qualifyMeOverdueDays: Int = 180, qualifyMeLateDays: Int = 30) {
        self.graceDays = graceDays
        self.minimumOverdueMinor = minimumOverdueMinor
        self.alertNoActionDays = alertNoActionDays
        self.alertDisputeDays = alertDisputeDays
        self.qualifyMeOverdueDays = qualifyMeOverdueDays
        self.qualifyMeLateDays = qualifyMeLateDays
    }
}
