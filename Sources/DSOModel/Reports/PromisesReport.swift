/// Promises to pay due in a period (`report promises`, DOMAIN.md), per currency: kept, partially
/// kept, broken and pending, by count and promised amount, and the broken-promise rate by count
/// (broken ÷ judged) and by amount (unpaid ÷ promised, over the judged ones). A promise is due
/// at its promised date + the grace days; superseded promises are not counted.
public struct PromisesReport: Codable, Hashable, Sendable {
    public struct Tally: Codable, Hashable, Sendable {
        public var count = 0
        public var promisedMinor: Int64 = 0
        public var unpaidMinor: Int64 = 0
    }

    public struct Section: Codable, Hashable, Sendable {
        public var currency: CurrencyCode
        public var kept = Tally()
        public var partiallyKept = Tally()
        public var broken = Tally()
        public var pending = Tally()

        /// Broken ÷ (kept + partially kept + broken), in percent.
        public var brokenRate: Double? {
            let judged = kept.count + partiallyKept.count + broken.count
            return judged == 0 ? nil : Double(broken.count) / Double(judged) * 100
        }

        /// Unpaid ÷ promised over the judged promises, in percent.
        public var unpaidRate: Double? {
            let promised = kept.promisedMinor + partiallyKept.promisedMinor + broken.promisedMinor
            return promised == 0 ? nil : Double(kept.unpaidMinor + partiallyKept.unpaidMinor + broken.unpaidMinor) / Double(promised) * 100
        }
    }

    /// The first and last day of the period (promises due then).
    public var from: BusinessDate
    public var asOf: BusinessDate
    public var filter: ReportFilter
    public var sections: [Section]

    /// Promises due from the first day of the `months` months ending with the one holding
    /// `asOf`, through `asOf` (and those still within their grace days on `asOf`: pending).
    public static func compute(_ files: some Sequence<CustomerFile>, graceDays: Int, asOf: BusinessDate, months: Int,
                               filter: ReportFilter) -> PromisesReport {
        var first = CalendarMonth(containing: asOf)
        for _ in 1..<max(1, months) { first = first.previous }
        let from = first.first
        var sections: [CurrencyCode: Section] = [:]
        for whole in files {
            let file = whole.known(on: asOf)
            for promise in PromiseToPay.derive(from: file) where promise.madeOn <= asOf {
                let due = promise.promisedDate.adding(days: graceDays)
                guard due >= from, promise.promisedDate <= asOf else { continue }
                let currency = promise.amount.currency
                guard filter.currency == nil || filter.currency == currency else { continue }
                let state = promise.evaluate(in: file, graceDays: graceDays, today: asOf)
                let unpaid = max(0, promise.amount.minor - promise.paid(in: file, graceDays: graceDays))
                var section = sections[currency] ?? Section(currency: currency)
                func add(_ tally: inout Tally) {
                    tally.count += 1
                    tally.promisedMinor += promise.amount.minor
                    tally.unpaidMinor += unpaid
                }
                switch state {
                case .kept: add(&section.kept)
                case .partiallyKept: add(&section.partiallyKept)
                case .broken: add(&section.broken)
                case .pending: add(&section.pending)
                case .superseded: continue
                }
                sections[currency] = section
            }
        }
        return PromisesReport(from: from, asOf: asOf, filter: filter, sections: sections.keys.sorted().map { sections[$0]! })
    }
}
