import DSOModel
import Foundation
import Testing

@Suite("Qualification rules")
struct QualificationRulesTests {
    let eur = CurrencyCode("EUR")!
    let customer = UUIDv7.make()
    let other = UUIDv7.make()

    func item(_ customer: UUID, cleared: Bool = false) -> OpenItem {
        OpenItem(id: UUIDv7.make(), customerID: customer, number: "INV-\(Int.random(in: 1...99999))", kind: .invoice,
                 issueDate: BusinessDate("2026-09-01")!, dueDate: BusinessDate("2026-10-01")!,
                 initialAmount: Money(minor: 1000, currency: eur), openAmount: Money(minor: cleared ? 0 : 1000, currency: eur),
                 clearedDate: cleared ? BusinessDate("2026-11-01") : nil)
    }

    func qualify(_ items: [OpenItem], status: String = "promise_to_pay", comment: String = "ok", resolver: String? = nil) -> Qualification {
        Qualification(id: UUIDv7.make(), customerID: customer, itemIDs: items.map(\.id), statusCode: status, comment: comment,
                      statusDate: BusinessDate("2026-11-22")!, resolver: resolver, author: "alice", replicaID: UUIDv7.make(),
                      hlc: HLC(millis: 1))
    }

    func check(_ q: Qualification, _ items: [OpenItem], allowCleared: Bool = false) -> DomainError.Code? {
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        let status = StatusCatalogue.defaults.first { $0.code == q.statusCode }
        do { try q.validate(items: byID, status: status, allowCleared: allowCleared); return nil } catch { return error.code }
    }

    @Test("a valid qualification passes")
    func valid() {
        let items = [item(customer), item(customer)]
        #expect(check(qualify(items), items) == nil)
    }

    @Test("each rule refuses with its code")
    func rules() {
        let mine = item(customer), foreign = item(other), cleared = item(customer, cleared: true)
        #expect(check(qualify([]), []) == .noItems)
        #expect(check(qualify([mine, mine]), [mine]) == .duplicateItem)
        #expect(check(qualify([mine]), []) == .unknownItem)
        #expect(check(qualify([mine, foreign]), [mine, foreign]) == .itemsOfSeveralCustomers)
        #expect(check(qualify([cleared]), [cleared]) == .itemCleared)
        #expect(check(qualify([cleared]), [cleared], allowCleared: true) == nil)
        #expect(check(qualify([mine], status: "no_such_status"), [mine]) == .unknownStatus)
        #expect(check(qualify([mine], comment: String(repeating: "x", count: 4001)), [mine]) == .commentTooLong)
        #expect(check(qualify([mine], status: "price_dispute", comment: "Price differs", resolver: nil), [mine]) == .resolverRequired)
        #expect(check(qualify([mine], status: "price_dispute", comment: "Price differs", resolver: " \n"), [mine]) == .resolverRequired)
        #expect(check(qualify([mine], status: "price_dispute", comment: " ", resolver: "bob"), [mine]) == .commentRequired)
        #expect(check(qualify([mine], status: "price_dispute", comment: "Price differs", resolver: "bob"), [mine]) == nil)
    }

    @Test("the default catalogue covers the five status types with unique codes")
    func catalogue() {
        let codes = StatusCatalogue.defaults.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(Set(StatusCatalogue.defaults.map(\.type)) == Set(StatusType.allCases))
        #expect(StatusCatalogue.defaults.allSatisfy { $0.followUpDays > 0 })
    }
}
