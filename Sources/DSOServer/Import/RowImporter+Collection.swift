import DSOModel
import DSOProtocol
import Foundation
import GRDB

extension RowImporter {
    // MARK: statuses

    /// `code, name, type, [follow_up_days], [channel], [active]`: creates or changes a status.
    mutating func importStatus(_ row: CSVRow) throws -> RowOutcome {
        let code = try required(row, "code")
        guard code.count <= 64, code.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw RowRejection("code '\(code)' may hold only a-z, 0-9 and '_'")
        }
        try once("status:\(code)", line: row.line, what: "status \(code)")
        let typeText = try required(row, "type")
        guard let type = StatusType(rawValue: typeText.lowercased()) else {
            throw RowRejection("type '\(typeText)' is not one of \(StatusType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var delay = Status.defaultFollowUpDays
        if let text = row["follow_up_days"] {
            guard let days = Int(text), (0...365).contains(days) else { throw RowRejection("follow_up_days '\(text)' is not 0–365") }
            delay = days
        }
        var channel: Channel?
        if let text = row["channel"] {
            guard let value = Channel(rawValue: text.lowercased()) else {
                throw RowRejection("channel '\(text)' is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            channel = value
        }
        var active = true
        if let text = row["active"] {
            switch text.lowercased() {
            case "yes", "y", "true", "1": active = true
            case "no", "n", "false", "0": active = false
            default: throw RowRejection("active '\(text)' is not yes or no")
            }
        }
        let status = Status(code: code, name: try required(row, "name"), type: type, followUpDays: delay, followUpChannel: channel, active: active)
        let existing = try CentralStore.status(code: code, in: db)
        if existing == status { return .unchanged }
        if let existing, existing.type != status.type {
            throw RowRejection("status '\(code)' is of type \(existing.type.rawValue); a status never changes type (retire it and add another)")
        }
        try CentralStore.record(.status(status), in: db, stamp: stamp)
        return existing == nil ? .created : .updated
    }

    // MARK: payments

    /// `customer, item, date, amount, [currency], [reference]`: records a payment, lowers the
    /// item's open amount, clears it when nothing is left, and cancels the planned actions whose
    /// items are then all cleared.
    mutating func importPayment(_ row: CSVRow) throws -> RowOutcome {
        let customer = try customer(code: try required(row, "customer"))
        let number = try required(row, "item")
        guard let doc = try db.value("SELECT doc FROM items WHERE customer_id = ? AND number = ?", customer.id.text, number, as: String.self) else {
            throw RowRejection("unknown item '\(number)' of \(customer.code)")
        }
        var item = try OpenItem.fromWire(doc)
        guard let date = try date(row, "date") else { throw RowRejection("date is empty") }
        let currency = try row["currency"].map { text -> CurrencyCode in
            guard let code = CurrencyCode(text) else { throw RowRejection("currency '\(text)' is not an ISO 4217 code") }
            return code
        } ?? item.openAmount.currency
        guard currency == item.openAmount.currency else {
            throw RowRejection("payment in \(currency) for an item in \(item.openAmount.currency)")
        }
        let amountText = try required(row, "amount")
        guard let amount = Money(decimal: amountText, currency: currency), amount.minor > 0 else {
            throw RowRejection("amount '\(amountText)' is not a positive amount in \(currency)")
        }
        // The same payment imported twice is recognised: by its reference, else by its content.
        let key = row["reference"] ?? "\(date)|\(amount.minor)"
        let occurrence = seenCount(of: "payment:\(customer.code):\(number):\(key)")
        let id = DeterministicID.make("payment", customer.id.text, item.id.text, key, String(occurrence))
        if try db.value("SELECT 1 FROM payments WHERE id = ?", id.text, as: Bool.self) == true {
            return .unchanged
        }
        let payment = Payment(id: id, customerID: customer.id, itemID: item.id, date: date, amount: amount)
        try CentralStore.record(.payment(payment), in: db, stamp: stamp)
        ledgerCustomers.insert(customer.id.text)
        guard !item.isCleared else { return .created }
        let sign: Int64 = item.openAmount.minor < 0 ? -1 : 1
        let left = item.openAmount.minor - sign * amount.minor
        item.openAmount.minor = sign * left > 0 ? left : 0
        if item.openAmount.minor == 0 { item.clearedDate = date }
        try CentralStore.record(.item(item), in: db, stamp: stamp)
        if item.isCleared { clearedCustomers.insert(customer.id) }
        return item.isCleared ? .cleared : .created
    }

    /// Counts repeats of the same key within this file (0 for the first).
    mutating func seenCount(of key: String) -> Int {
        let n = repeats[key, default: 0]
        repeats[key] = n + 1
        return n
    }

    /// Cancels, as the system, the planned actions of the given customers whose items are all
    /// cleared. Returns how many.
    func cancelObsoleteActions(clock: HLCClock, serverID: UUID) throws -> Int {
        var cancelled = 0
        for customer in clearedCustomers {
            let items = try db.values("SELECT doc FROM items WHERE customer_id = ?", customer.text, as: String.self)
                .map(OpenItem.fromWire)
            let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
            let events = try db.values("SELECT doc FROM action_events WHERE customer_id = ?", customer.text, as: String.self)
                .map(ActionEvent.fromWire)
            for event in events { clock.receive(event.hlc) }
            for action in CollectionAction.replayAll(events).values where action.isObsolete(items: byID) {
                let cancel = ActionEvent(id: UUIDv7.make(), actionID: action.id, customerID: customer, kind: .cancelled, date: asOf,
                                         note: "All its items were paid", author: "system", replicaID: serverID, hlc: clock.now())
                try CentralStore.record(.actionEvent(cancel), in: db, stamp: stamp)
                cancelled += 1
            }
        }
        return cancelled
    }
}
