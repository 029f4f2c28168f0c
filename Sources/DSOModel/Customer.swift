import Foundation

/// A customer account, as imported from the ERP. Central-owned: replicas receive it read-only.
public struct Customer: Codable, Hashable, Sendable, Identifiable {
    public var id: UUID
    /// The ERP key, unique.
    public var code: String
    public var name: String
    public var address: String?
    public var city: String?
    public var country: String?
    /// ISO 639-1 language for letters and emails (`fr`, `en`…).
    public var language: String?
    public var currency: CurrencyCode
    public var paymentTermsDays: Int
    /// The login of the collector who owns this account, if any.
    public var collector: String?
    /// The code of its collection scenario; `nil`: the default one.
    public var scenario: String?

    public init(id: UUID, code: String, name: String, address: String? = nil, city: String? = nil,
                country: String? = nil, language: String? = nil, currency: CurrencyCode,
                paymentTermsDays: Int = 30, collector: String? = nil, scenario: String? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.address = address
        self.city = city
        self.country = country
        self.language = language
        self.currency = currency
        self.paymentTermsDays = paymentTermsDays
        self.collector = collector
        self.scenario = scenario
    }
}
