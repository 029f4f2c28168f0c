/// A collection scenario, defined centrally: ordered steps, each fired from the leader invoice's
/// due date or from the last scenario action done.
public struct Scenario: Codable, Hashable, Sendable, Identifiable {
    public struct Step: Codable, Hashable, Sendable {
        /// What a step's offset counts from.
        public enum Trigger: String, Codable, Sendable {
            /// The due date of the customer's leader invoice.
            case leaderDueDate = "leader_due_date"
            /// The date the previous scenario action (for the same leader) was done.
            case lastActionDone = "last_action_done"
        }

        public var name: String
        public var channel: Channel
        public var offsetDays: Int
        public var trigger: Trigger

        public init(name: String, channel: Channel, offsetDays: Int, trigger: Trigger = .leaderDueDate) {
            self.name = name
            self.channel = channel
            self.offsetDays = offsetDays
            self.trigger = trigger
        }
    }

    /// Stable key (`standard`), what customers refer to.
    public var code: String
    public var name: String
    public var steps: [Step]
    /// Below this overdue amount (in the customer's currency, minor units) no scenario action is
    /// proposed. `nil`: the central default applies.
    public var minimumOverdueMinor: Int64?

    public var id: String { code }

    public init(code: String, name: String, steps: [Step], minimumOverdueMinor: Int64? = nil) {
        self.code = code
        self.name = name
        self.steps = steps
        self.minimumOverdueMinor = minimumOverdueMinor
    }

    /// The scenario a customer without one follows.
    public static let standard = Scenario(code: "standard", name: "Standard", steps: [
        Step(name: "Friendly reminder", channel: .email, offsetDays: 5),
        Step(name: "Reminder call", channel: .call, offsetDays: 15),
        Step(name: "Reminder letter", channel: .letter, offsetDays: 30),
        Step(name: "Formal notice", channel: .letter, offsetDays: 45),
        Step(name: "Litigation review", channel: .note, offsetDays: 60),
    ])
}
