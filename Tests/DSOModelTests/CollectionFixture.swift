import DSOModel
import Foundation

/// One customer with four items, built by hand so the expected dates can be worked out on paper:
///
/// | item | kind        | due        | open      |
/// |------|-------------|------------|-----------|
/// | A    | invoice     | 2026-09-01 | 1,000.00  |
/// | B    | invoice     | 2026-10-01 |   500.00  |
/// | C    | invoice     | 2026-12-15 |   300.00  |  (not yet due on 2026-11-22)
/// | N    | credit note | 2026-09-10 |  -100.00  |  (never a leader)
struct CollectionFixture {
    static let today = d("2026-11-22")
    static let eur = CurrencyCode("EUR")!
    let customer = Customer(id: UUIDv7.make(), code: "C0001", name: "Menuiserie Dupont", currency: eur, collector: "alice")
    var items: [String: OpenItem] = [:]
    var qualifications: [Qualification] = []
    var events: [ActionEvent] = []
    var payments: [Payment] = []
    let replica = UUIDv7.make()
    private var tick: Int64 = 1_763_000_000_000

    init() {
        for (name, kind, due, minor) in [("A", ItemKind.invoice, "2026-09-01", Int64(100_000)), ("B", .invoice, "2026-10-01", 50_000),
                                         ("C", .invoice, "2026-12-15", 30_000), ("N", .creditNote, "2026-09-10", -10_000)] {
            let due = d(due)
            items[name] = OpenItem(id: UUIDv7.make(), customerID: customer.id, number: "INV-\(name)", kind: kind,
                                   issueDate: due.adding(days: -30), dueDate: due,
                                   initialAmount: Money(minor: minor, currency: CollectionFixture.eur),
                                   openAmount: Money(minor: minor, currency: CollectionFixture.eur))
        }
    }

    subscript(_ name: String) -> OpenItem { items[name]! }

    mutating func nextHLC(on day: String? = nil) -> HLC {
        if let day {
            let millis = Int64(d(day).dayNumber) * 86_400_000 + 12 * 3_600_000
            tick = max(tick + 1, millis)
        } else {
            tick += 1000
        }
        return HLC(millis: tick)
    }

    @discardableResult
    mutating func qualify(_ names: [String], _ status: String, on date: String, resolver: String? = nil, madeOn: String? = nil,
                          promised: String? = nil, amount: Int64? = nil) -> Qualification {
        let q = Qualification(id: UUIDv7.make(), customerID: customer.id, itemIDs: names.map { self[$0].id }, statusCode: status,
                              comment: "customer said so", statusDate: d(date), resolver: resolver, author: "alice",
                              replicaID: replica, hlc: nextHLC(on: madeOn),
                              promisedAmount: amount.map { Money(minor: $0, currency: CollectionFixture.eur) }, promisedDate: promised.map(d))
        qualifications.append(q)
        return q
    }

    /// Logs or plans an action; returns its id.
    @discardableResult
    mutating func action(_ kind: ActionKind, on date: String, items names: [String], done outcome: ActionOutcome? = nil,
                         step: Int? = nil, leader: String? = nil, qualification: UUID? = nil, id: UUID? = nil) -> UUID {
        let actionID = id ?? (step.map { ScenarioProposal.id(customer: customer.id, leader: self[leader!].id, step: $0) } ?? UUIDv7.make())
        events.append(ActionEvent(id: UUIDv7.make(), actionID: actionID, customerID: customer.id, kind: .created, date: d(date),
                                  actionKind: kind, channel: .call, itemIDs: names.map { self[$0].id }, scenarioStep: step,
                                  leaderItemID: leader.map { self[$0].id }, qualificationID: qualification, outcome: outcome,
                                  author: "alice", replicaID: replica, hlc: nextHLC()))
        return actionID
    }

    mutating func event(_ actionID: UUID, _ kind: ActionEvent.Kind, on date: String, outcome: ActionOutcome? = nil, madeOn: String? = nil) {
        events.append(ActionEvent(id: UUIDv7.make(), actionID: actionID, customerID: customer.id, kind: kind, date: d(date),
                                  outcome: outcome, author: "alice", replicaID: replica, hlc: nextHLC(on: madeOn)))
    }

    mutating func pay(_ name: String, _ minor: Int64, on date: String) {
        payments.append(Payment(id: UUIDv7.make(), customerID: customer.id, itemID: self[name].id, date: d(date),
                                amount: Money(minor: minor, currency: CollectionFixture.eur)))
    }

    mutating func clear(_ name: String, on date: String) {
        items[name]!.clearedDate = d(date)
        items[name]!.openAmount = Money(minor: 0, currency: CollectionFixture.eur)
    }

    var file: CustomerFile {
        CustomerFile(customer: customer, items: Array(items.values), qualifications: qualifications,
                     actions: Array(CollectionAction.replayAll(events).values), statuses: StatusCatalogue.defaults, payments: payments)
    }
}

func d(_ text: String) -> BusinessDate { BusinessDate(text)! }
