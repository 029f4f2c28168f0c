import DSOModel
import Foundation
import Testing

/// The rules of issue 9 that live in the model: scope at a fact's time, when two writes
/// conflict, and who may decide what about a conflict. Hand-worked cases.
@Suite("Conflict rules")
struct ConflictRulesTests {
    static let day: Int64 = 86_400_000
    static let t0: Int64 = 1_796_000_000_000

    @Test("a fact stands on a customer held at its time, or left less than the grace before", arguments: [
        // (fact time offset in days from t0, grace days, admitted)
        (-1.0, 7, false),   // before alice ever held it
        (0.0, 7, true),     // the moment it arrived
        (5.0, 7, true),     // while she held it (left at day 10)
        (10.0, 0, false),   // the moment it left, no grace
        (12.0, 7, true),    // 2 days after it left, grace 7
        (16.99, 7, true),
        (17.0, 7, false),   // exactly the grace after: refused
        (21.0, 7, true),    // held again from day 20
    ])
    func admits(offset: Double, grace: Int, admitted: Bool) {
        let periods = [
            AssignmentPeriod(collector: "alice", fromMillis: Self.t0, toMillis: Self.t0 + 10 * Self.day),
            AssignmentPeriod(collector: "bruno", fromMillis: Self.t0 + 10 * Self.day, toMillis: Self.t0 + 20 * Self.day),
            AssignmentPeriod(collector: "alice", fromMillis: Self.t0 + 20 * Self.day, toMillis: nil),
        ]
        let hlc = HLC(millis: Self.t0 + Int64(offset * Double(Self.day)))
        #expect(AssignmentPeriod.admits(periods, author: "alice", hlc: hlc, graceDays: grace) == admitted)
        #expect(!AssignmentPeriod.admits(periods, author: "chloe", hlc: hlc, graceDays: grace))
    }

    static let customer = UUID(uuidString: "019B921A-FD68-7951-9D9D-C9F81818E811")!
    static let contact = UUID(uuidString: "019B921B-2090-711D-AB0D-549B6F03675A")!
    static let replicaA = UUID(uuidString: "01A19B89-8BC0-78F7-9DA1-494C73CF256D")!
    static let replicaB = UUID(uuidString: "01A19B8C-1F20-7A11-8C3E-2B7D90A4C611")!

    func edit(_ value: String, by author: String, replica: UUID, at millis: Int64, base: HLC?) -> ContactEdit {
        ContactEdit(id: UUIDv7.make(), contactID: Self.contact, customerID: Self.customer, kind: .set, field: .phone, value: value,
                    base: base, author: author, replicaID: replica, hlc: HLC(millis: millis))
    }

    @Test("two edits of one field from the same version conflict; the loser is addressed; an edit based on the winner does not")
    func contactFields() throws {
        let imported = Contact(id: Self.contact, customerID: Self.customer, name: "Sarah Bernard", phone: "+33 1 00 00 00 00")
        let a = edit("+33 6 11", by: "alice", replica: Self.replicaA, at: Self.t0, base: nil)
        let b = edit("+33 6 22", by: "claire", replica: Self.replicaB, at: Self.t0 + 5, base: nil)
        // b arrives after a: the server holds a as the winner; b was based on the imported value.
        let afterA = try #require(Contact.resolve(imported: [imported], edits: [a]).first)
        let other = try #require(b.concurrentEdit(in: afterA))
        #expect(other.id == a.id)
        let conflict = b.conflict(with: other, id: UUIDv7.make(), customerCode: "C0001", at: Date())
        // b is later by HLC: it wins; a lost and alice is told.
        #expect(conflict.addressee == "alice" && conflict.mine.factID == a.id && conflict.theirs?.factID == b.id)
        #expect(conflict.mine.value == "+33 6 11" && conflict.theirs?.value == "+33 6 22" && conflict.field == .phone)
        // An edit based on the current version is no conflict.
        let afterBoth = try #require(Contact.resolve(imported: [imported], edits: [a, b]).first)
        let c = edit("+33 6 33", by: "alice", replica: Self.replicaA, at: Self.t0 + 9, base: b.hlc)
        #expect(c.concurrentEdit(in: afterBoth) == nil)
        // An edit arriving late with an older HLC loses, and is the one addressed.
        let late = edit("+33 6 00", by: "bruno", replica: Self.replicaB, at: Self.t0 - 5, base: nil)
        let lost = late.conflict(with: try #require(late.concurrentEdit(in: afterBoth)), id: UUIDv7.make(), customerCode: "C0001", at: Date())
        #expect(lost.addressee == "bruno" && lost.mine.factID == late.id && lost.theirs?.factID == b.id)
    }

    func qualification(_ status: String, by author: String, at millis: Int64, basedOn: [UUID]?) -> Qualification {
        Qualification(id: UUIDv7.make(), customerID: Self.customer, itemIDs: [Self.contact], statusCode: status, comment: "",
                      statusDate: BusinessDate("2026-12-03")!, author: author, replicaID: author == "alice" ? Self.replicaA : Self.replicaB,
                      hlc: HLC(millis: millis), basedOn: basedOn)
    }

    @Test("a qualification is concurrent with a current one by someone else that its author did not see")
    func qualifications() {
        let current = qualification("contacted", by: "claire", at: Self.t0, basedOn: [])
        #expect(qualification("payment_announced", by: "alice", at: Self.t0 + 9, basedOn: []).concurrent(with: current))
        #expect(!qualification("payment_announced", by: "alice", at: Self.t0 + 9, basedOn: [current.id]).concurrent(with: current))
        #expect(!qualification("payment_announced", by: "claire", at: Self.t0 + 9, basedOn: []).concurrent(with: current))
        #expect(!qualification("payment_announced", by: "alice", at: Self.t0 + 9, basedOn: nil).concurrent(with: current))
        let early = qualification("payment_announced", by: "alice", at: Self.t0 - 9, basedOn: [])
        let conflict = early.conflict(with: current, items: [Self.contact], id: UUIDv7.make(), customerCode: "C0001", at: Date())
        #expect(conflict.addressee == "alice" && conflict.mine.value == "payment_announced" && conflict.theirs?.value == "contacted")
    }

    @Test("who decides what: collectors their own conflicts, never accept; refused work is accepted only when out of scope; once")
    func decisions() throws {
        let side = ConflictSide(factID: UUIDv7.make(), factKind: "qualification.add", author: "alice", replicaID: Self.replicaA,
                                hlc: HLC(millis: Self.t0), value: "contacted", summary: "contacted on 1 item(s)")
        let refused = Conflict.refused(side, id: UUIDv7.make(), customerID: Self.customer, customerCode: "C0001", code: "out_of_scope",
                                       detail: "left", at: Date())
        func resolution(_ decision: ConflictResolution.Decision, by author: String, of conflict: Conflict = refused) -> ConflictResolution {
            ConflictResolution(id: UUIDv7.make(), conflictID: conflict.id, customerID: conflict.customerID, decision: decision,
                               author: author, replicaID: Self.replicaA, hlc: HLC(millis: Self.t0 + 1))
        }
        func code(_ r: ConflictResolution, _ role: Role, existing: ConflictResolution? = nil, of conflict: Conflict = refused) -> DomainError.Code? {
            do { try r.validate(conflict: conflict, existing: existing, role: role); return nil } catch { return error.code }
        }
        #expect(code(resolution(.accept, by: "claire"), .manager) == nil)
        #expect(code(resolution(.accept, by: "alice"), .collector) == .invalidDecision)
        #expect(code(resolution(.dismiss, by: "alice"), .collector) == nil)
        #expect(code(resolution(.dismiss, by: "bruno"), .collector) == .notYourConflict)
        #expect(code(resolution(.keepMine, by: "alice"), .collector) == .invalidDecision)
        #expect(code(resolution(.dismiss, by: "claire"), .manager, existing: resolution(.accept, by: "claire")) == .conflictResolved)
        var unknownStatus = refused
        unknownStatus.code = "unknown_status"
        #expect(code(resolution(.accept, by: "claire", of: unknownStatus), .manager, of: unknownStatus) == .invalidDecision)
        #expect(!unknownStatus.isAcceptable && refused.isAcceptable)
    }
}
