import Foundation

/// The derived state of one customer on a day: what the agenda, the alerts, the promises and
/// the disputes show. Computed from a ``CustomerFile`` by the same code on the server and on every
/// replica, stored beside the facts, and recomputed in the same transaction as any fact that
/// touches the customer.
///
/// Some rules read the date (a promise is judged once its grace days are over, an invoice falls
/// due, a dispute gets long). A digest computed on ``asOf`` stays right until ``validUntil``
/// (excluded): on or after that day, recompute it. What only counts days (how late an entry is,
/// how long a dispute has been open) is worked out when read, from the stored dates.
public struct CustomerDigest: Codable, Hashable, Sendable {
    public var customerID: UUID
    public var asOf: BusinessDate
    /// The first day the digest may be wrong on; `nil` when no rule depends on a coming date.
    public var validUntil: BusinessDate?
    /// Every open agenda entry, whatever its date (buckets as of ``asOf``; see ``AgendaEntry/on(_:)``).
    public var agenda: [AgendaEntry]
    /// Every promise, with its state as of ``asOf``.
    public var promises: [PromiseView]
    /// Every dispute, open and closed.
    public var disputes: [Dispute]
    public var alerts: [CollectionAlert.Basis]

    public init(customerID: UUID, asOf: BusinessDate, validUntil: BusinessDate?, agenda: [AgendaEntry], promises: [PromiseView],
                disputes: [Dispute], alerts: [CollectionAlert.Basis]) {
        self.customerID = customerID
        self.asOf = asOf
        self.validUntil = validUntil
        self.agenda = agenda
        self.promises = promises
        self.disputes = disputes
        self.alerts = alerts
    }

    /// Whether the digest holds on `day`.
    public func isValid(on day: BusinessDate) -> Bool {
        day >= asOf && validUntil.map { day < $0 } ?? true
    }

    /// Computes a customer's digest on `today`.
    ///
    /// - Parameters:
    ///   - scenario: the scenario the customer follows (``Agenda/scenario(of:_:_:)``).
    ///   - hasCollectionContact: whether its resolved contacts name a contact for collection.
    public static func compute(file: CustomerFile, scenario: Scenario, settings: CollectionSettings, hasCollectionContact: Bool,
                               today: BusinessDate) -> CustomerDigest {
        let promises = file.promises(graceDays: settings.graceDays, today: today).map { PromiseView(promise: $0.promise, state: $0.state) }
        let disputes = Dispute.derive(from: file)
        let (agenda, proposal) = Agenda.entries(for: file, scenario: scenario, settings: settings, today: today)
        let alerts = CollectionAlert.bases(for: file, hasCollectionContact: hasCollectionContact, settings: settings, today: today)
        // A pending promise is judged the day after its grace days: its state, the items it keeps
        // out of the scenario, the leader, the alerts all may change then.
        var dates = promises.filter { $0.state == .pending }.map { $0.promise.promisedDate.adding(days: settings.graceDays + 1) }
        dates += [ScenarioPlanner(scenario: scenario, settings: settings).nextChange(for: file, proposal: proposal, today: today),
                  CollectionAlert.nextChange(for: file, disputes: disputes, settings: settings, today: today)].compactMap { $0 }
        return CustomerDigest(customerID: file.customer.id, asOf: today, validUntil: dates.filter { $0 > today }.min(),
                              agenda: agenda, promises: promises, disputes: disputes, alerts: alerts)
    }

    /// The same digest with what depends on the day left out: two digests of one customer's
    /// facts on two days of its validity are equal this way (``check`` relies on it).
    public var dayIndependent: CustomerDigest {
        var copy = self
        copy.asOf = BusinessDate(dayNumber: 0)
        copy.validUntil = nil
        copy.agenda = agenda.map { var e = $0; e.bucket = .upcoming; return e }.sorted { $0.id.uuidString < $1.id.uuidString }
        return copy
    }
}
