/// A named status of the central catalogue ("Reminder 1 sent", "Price dispute"…), under one of the
/// five ``StatusType``s. Central-owned.
public struct Status: Codable, Hashable, Sendable, Identifiable {
    /// Stable key (`price_dispute`), what users type.
    public var code: String
    public var name: String
    public var type: StatusType
    /// Days from the status date to the follow-up action.
    public var followUpDays: Int
    /// Channel of the follow-up action, when the status names one.
    public var followUpChannel: Channel?
    /// Retired statuses stay in history but cannot be used for new qualifications.
    public var active: Bool

    public var id: String { code }

    public static let defaultFollowUpDays = 7

    public init(code: String, name: String, type: StatusType, followUpDays: Int = Status.defaultFollowUpDays,
                followUpChannel: Channel? = nil, active: Bool = true) {
        self.code = code
        self.name = name
        self.type = type
        self.followUpDays = followUpDays
        self.followUpChannel = followUpChannel
        self.active = active
    }
}
