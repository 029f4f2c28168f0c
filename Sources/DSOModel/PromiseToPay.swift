import Foundation

/// A promise to pay, read from a promise-type qualification: its items, the day it was made,
/// the promised date and the promised amount.
public struct PromiseToPay: Codable, Hashable, Sendable, Identifiable {
    public enum State: String, Codable, Sendable {
        /// Not yet due (promised date + grace days not passed) and not yet paid.
        case pending
        /// Paid in full (or all items cleared) by the promised date + grace days.
        case kept
        /// Something, but not all, paid by then.
        case partiallyKept = "partially_kept"
        /// Nothing paid by then.
        case broken
        /// A newer qualification of its items replaced it.
        case superseded
    }

    /// The qualification's id.
    public var id: UUID
    public var customerID: UUID
    public var itemIDs: [UUID]
    /// The day the customer promised to pay.
    public var promisedDate: BusinessDate
    public var amount: Money
    /// The day it was made (the qualification's HLC date, UTC).
    public var madeOn: BusinessDate

    public init(id: UUID, customerID: UUID, itemIDs: [UUID], promisedDate: BusinessDate, amount: Money, madeOn: BusinessDate) {
        self.id = id
        self.customerID = customerID
        self.itemIDs = itemIDs
        self.promisedDate = promisedDate
        self.amount = amount
        self.madeOn = madeOn
    }

    /// The promises of a customer. Without a promised amount, a promise covers what was open on
    /// its items when it was made (open now plus what was paid since).
    public static func derive(from file: CustomerFile) -> [PromiseToPay] {
        file.qualifications.filter { file.statuses[$0.statusCode]?.type == .promiseToPay }.compactMap { q in
            let madeOn = BusinessDate.today(in: TimeZone(identifier: "UTC")!, now: q.hlc.date)
            let items = q.itemIDs.compactMap { file.items[$0] }
            guard let currency = items.first?.openAmount.currency else { return nil }
            let owed = items.reduce(Int64(0)) { total, item in
                let paidSince = file.payments.filter { $0.itemID == item.id && $0.date >= madeOn && $0.amount.currency == currency }
                    .reduce(Int64(0)) { $0.addingSaturated($1.amount.minor) }
                return total.addingSaturated(item.openAmount.minor).addingSaturated(paidSince)
            }
            return PromiseToPay(id: q.id, customerID: q.customerID, itemIDs: q.itemIDs, promisedDate: q.promiseDueDate,
                                amount: q.promisedAmount ?? Money(minor: owed, currency: currency), madeOn: madeOn)
        }
    }

    /// The promise's state on `today`.
    public func evaluate(in file: CustomerFile, graceDays: Int, today: BusinessDate) -> State {
        for item in itemIDs where file.current(of: item)?.id != id {
            return .superseded
        }
        let deadline = promisedDate.adding(days: graceDays)
        let items = itemIDs.compactMap { file.items[$0] }
        if !items.isEmpty && items.allSatisfy({ ($0.clearedDate.map { $0 <= deadline }) ?? false }) { return .kept }
        let paid = paid(in: file, graceDays: graceDays)
        if paid >= amount.minor && amount.minor > 0 { return .kept }
        if today <= deadline { return .pending }
        return paid > 0 ? .partiallyKept : .broken
    }

    /// What was paid on its items from the day it was made to the promised date + grace days
    /// (the whole promised amount when every item was cleared by then).
    public func paid(in file: CustomerFile, graceDays: Int) -> Int64 {
        let deadline = promisedDate.adding(days: graceDays)
        let items = itemIDs.compactMap { file.items[$0] }
        if !items.isEmpty && items.allSatisfy({ ($0.clearedDate.map { $0 <= deadline }) ?? false }) { return amount.minor }
        return file.payments.filter { itemIDs.contains($0.itemID) && $0.date >= madeOn && $0.date <= deadline
            && $0.amount.currency == amount.currency }.reduce(Int64(0)) { $0.addingSaturated($1.amount.minor) }
    }
}
