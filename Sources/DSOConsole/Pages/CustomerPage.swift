import DSOModel
import DSOServer
import Foundation
import Hummingbird

/// `GET /console/customers/CODE`: one customer as the credit team reads it: its items (open
/// first) with their current status and full status history with provenance (author, replica,
/// device time, server sequence and receive time, what overrode what), its actions, promises,
/// disputes, contacts and conflicts. A collector sees her own customers only.
struct CustomerPage {
    let console: Console

    func response(code: String, context: DSORequestContext) async throws -> Response {
        let scope = try Scope(context)
        guard let record = try await console.store.customerRecord(code: code),
              scope.sees(customerHeldBy: record.file.customer.collector) else {
            // The same answer whether the customer does not exist or is someone else's.
            throw ConsoleError.notFound("No customer \(code) in your portfolio. Search for it on the Customers page.")
        }
        let view = try view(of: record)
        return Page(title: "\(record.file.customer.code) · \(record.file.customer.name)", section: .customers,
                    session: context.consoleSession).response(content: Templates.render(view, "customer"))
    }

    func view(of record: CustomerRecord) throws -> CustomerView {
        let file = record.file, today = console.asOf.date
        let customer = file.customer
        let statuses = file.statuses
        let items = file.items.values.sorted {
            ($0.isCleared ? 1 : 0, $0.dueDate, $0.number) < ($1.isCleared ? 1 : 0, $1.dueDate, $1.number)
        }
        let numbers = Dictionary(uniqueKeysWithValues: file.items.values.map { ($0.id, $0.number) })
        func itemList(_ ids: [UUID]) -> String { ids.compactMap { numbers[$0] }.sorted().joined(separator: ", ") }

        let itemViews = items.map { item -> CustomerView.Item in
            let history = file.history(of: item.id)
            let current = file.current(of: item.id)
            let late = item.isCleared ? 0 : today.days(since: item.dueDate)
            return CustomerView.Item(
                number: item.number, kind: item.kind.rawValue, issued: item.issueDate.description, due: item.dueDate.description,
                amount: item.initialAmount.description, open: item.openAmount.description, cleared: item.clearedDate?.description,
                daysLate: late > 0 ? "\(late) d" : "", status: current.map { q in statuses[q.statusCode].map { "\($0.code) · \($0.name)" } ?? q.statusCode } ?? "—",
                history: history.indices.reversed().map { index in
                    let q = history[index]
                    let received = record.received[q.id]
                    let next = index + 1 < history.count ? history[index + 1] : nil
                    return CustomerView.Qualification(
                        status: statuses[q.statusCode].map { "\($0.code) · \($0.name)" } ?? q.statusCode, date: q.statusDate.description,
                        comment: q.comment.nonEmpty, resolver: q.resolver?.nonEmpty, author: q.author, replica: Format.replica(q.replicaID),
                        written: Format.time(q.hlc.date), seq: received.map { String($0.seq) } ?? "—", received: Format.time(received?.at),
                        current: q.id == current?.id,
                        overriddenBy: next.map { "\($0.author), written \(Format.time($0.hlc.date))" })
                })
        }
        let actions = file.actions.sorted { ($0.plannedDate, $0.id.uuidString) > ($1.plannedDate, $1.id.uuidString) }.map { action in
            CustomerView.Action(kind: action.kind.rawValue, channel: action.channel.rawValue, state: action.state.rawValue,
                                planned: action.plannedDate.description, date: action.date.description,
                                outcome: action.outcome?.rawValue ?? "", note: action.note ?? "", by: action.closedBy ?? action.createdBy,
                                items: itemList(action.itemIDs),
                                late: action.isOpen && action.plannedDate < today)
        }
        let promises = file.promises(graceDays: record.settings.graceDays, today: today).map { entry in
            CustomerView.Promise(date: entry.promise.promisedDate.description, amount: entry.promise.amount.description,
                                 made: entry.promise.madeOn.description, state: entry.state.rawValue.replacingOccurrences(of: "_", with: " "),
                                 broken: entry.state == .broken, items: itemList(entry.promise.itemIDs))
        }
        let disputes = Dispute.derive(from: file).map { dispute in
            CustomerView.DisputeLine(status: statuses[dispute.currentStatusCode].map { "\($0.code) · \($0.name)" } ?? dispute.currentStatusCode,
                                     resolver: dispute.resolver ?? "—", opened: dispute.openedOn.description,
                                     closed: dispute.closedOn?.description, isOpen: dispute.isOpen, comment: dispute.comment,
                                     items: itemList(dispute.itemIDs))
        }
        let contacts = record.contacts.map { resolved in
            CustomerView.ContactLine(name: resolved.contact.name, role: resolved.contact.role ?? "", email: resolved.contact.email ?? "",
                                     phone: resolved.contact.phone ?? "", forCollection: resolved.contact.isCollectionContact,
                                     overridden: resolved.overridden.map { edit in
                                         "\(edit.field?.rawValue ?? "contact") = \(edit.value ?? "—") by \(edit.author), \(Format.time(edit.hlc.date))"
                                     })
        }
        let conflicts = try console.store.conflicts(ConflictFilter(customerCode: customer.code)).map { entry in
            CustomerView.ConflictLine(id: ConflictLink.id(entry), kind: entry.conflict.kind.rawValue, addressee: entry.conflict.addressee,
                                      summary: entry.conflict.mine.summary, isOpen: entry.isOpen,
                                      outcome: entry.resolution.map { $0.decision.rawValue } ?? "open")
        }
        return CustomerView(code: customer.code, name: customer.name, collector: customer.collector ?? "—",
                            place: [customer.city, customer.country].compactMap { $0 }.joined(separator: ", "),
                            terms: "\(customer.paymentTermsDays) days", scenario: customer.scenario ?? "default",
                            items: itemViews, actions: actions, promises: promises, disputes: disputes, contacts: contacts,
                            conflicts: conflicts)
    }
}

enum ConflictLink {
    static func id(_ entry: ConflictEntry) -> String { entry.conflict.id.uuidString.lowercased() }
}

struct CustomerView {
    struct Qualification {
        var status: String
        var date: String
        var comment: String?
        var resolver: String?
        var author: String
        var replica: String
        var written: String
        var seq: String
        var received: String
        var current: Bool
        var overriddenBy: String?
    }

    struct Item {
        var number: String
        var kind: String
        var issued: String
        var due: String
        var amount: String
        var open: String
        var cleared: String?
        var daysLate: String
        var status: String
        var history: [Qualification]
    }

    struct Action {
        var kind: String
        var channel: String
        var state: String
        var planned: String
        var date: String
        var outcome: String
        var note: String
        var by: String
        var items: String
        var late: Bool
    }

    struct Promise {
        var date: String
        var amount: String
        var made: String
        var state: String
        var broken: Bool
        var items: String
    }

    struct DisputeLine {
        var status: String
        var resolver: String
        var opened: String
        var closed: String?
        var isOpen: Bool
        var comment: String
        var items: String
    }

    struct ContactLine {
        var name: String
        var role: String
        var email: String
        var phone: String
        var forCollection: Bool
        var overridden: [String]
    }

    struct ConflictLine {
        var id: String
        var kind: String
        var addressee: String
        var summary: String
        var isOpen: Bool
        var outcome: String
    }

    var code: String
    var name: String
    var collector: String
    var place: String
    var terms: String
    var scenario: String
    var items: [Item]
    var actions: [Action]
    var promises: [Promise]
    var disputes: [DisputeLine]
    var contacts: [ContactLine]
    var conflicts: [ConflictLine]
}
