/// Why an action exists, which decides its effect on the collection scenario.
public enum ActionKind: String, Codable, Sendable, CaseIterable {
    /// Proposed by the customer's scenario (its id is derived, see ``ScenarioPlanner``).
    case scenario
    /// Created by a person on chosen items; takes them out of the scenario until done or cancelled.
    case specific
    /// A follow-up planned by a qualification (status date + the status's delay).
    case followUp = "follow_up"
    /// A one-off contact with no effect on the scenario.
    case oneOff = "one_off"

    /// Whether an open action of this kind takes its items out of the scenario.
    public var excludesItems: Bool { self == .specific }
}

/// What came of a contact.
public enum ActionOutcome: String, Codable, Sendable, CaseIterable {
    case reached
    case voicemail
    case unreachable
    case invoiceNotReceived = "invoice_not_received"
    case paymentSent = "payment_sent"
    case promiseMade = "promise_made"
    case disputeRaised = "dispute_raised"
    case refused
    case sent
}
