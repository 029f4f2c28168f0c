/// How a collection action reaches the customer.
public enum Channel: String, Codable, Sendable, CaseIterable {
    case call, visit, email, letter, sms, note
}
