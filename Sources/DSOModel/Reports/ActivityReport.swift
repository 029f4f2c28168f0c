import Foundation

/// Collection activity per collector over a period (`report activity`, DOMAIN.md): actions done,
/// late actions, qualifications, promises, disputes opened and closed, and when each replica last
/// synchronised.
///
/// Work counts for the collector of the customer it is about (her portfolio today), whoever did
/// it: a manager's call on Alice's customer counts in Alice's line, as the other reports count
/// Alice's customers. Customers without a collector share one line (`collector` `nil`), last.
public struct ActivityReport: Codable, Hashable, Sendable {
    public struct Row: Codable, Hashable, Sendable {
        /// The collector's login; `nil` for customers without one.
        public var collector: String?
        /// Customers in the portfolio.
        public var customers = 0
        /// Actions done in the period (their done date).
        public var actionsDone = 0
        /// Actions still planned on the report date for a day before it (an action done or
        /// cancelled after the report date counts as still planned then). Actions whose items are
        /// all cleared have left the agenda and are not late.
        public var lateActions = 0
        /// Qualifications recorded in the period (their clock's UTC day), refused ones left out.
        public var qualifications = 0
        /// Promises to pay made in the period.
        public var promises = 0
        public var disputesOpened = 0
        public var disputesClosed = 0

        public init(collector: String?) { self.collector = collector }
    }

    /// When a replica last synchronised, as the side computing the report knows it: the server
    /// knows every replica that pushed or pulled; a replica knows only itself.
    public struct ReplicaSync: Codable, Hashable, Sendable {
        public var login: String
        public var replicaID: UUID
        /// The last push the server stored (`nil`: never pushed, or not known here).
        public var lastPush: Date?
        /// The last pull that brought the replica up to date.
        public var lastPull: Date?

        public init(login: String, replicaID: UUID, lastPush: Date?, lastPull: Date?) {
            self.login = login
            self.replicaID = replicaID
            self.lastPush = lastPush
            self.lastPull = lastPull
        }

        /// The later of the two.
        public var lastSync: Date? { [lastPush, lastPull].compactMap { $0 }.max() }
    }

    /// The first day of the period; the last is `asOf`.
    public var from: BusinessDate
    public var asOf: BusinessDate
    public var filter: ReportFilter
    /// One line per collector, by login; customers without a collector last.
    public var collectors: [Row]
    /// By login, then the most recent sync first.
    public var replicas: [ReplicaSync]

    /// Counts the work recorded in the `days` days ending on `asOf` (and the actions late on
    /// `asOf`) in the customers' files; `replicas` are listed as given, narrowed to the filter's
    /// collector.
    ///
    /// - Parameters:
    ///   - files: the files of the customers in the filter that have a qualification or an action.
    ///   - quietCustomers: how many customers of the filter have neither, per collector: they
    ///     only count as customers (a store counts them without building their files).
    public static func compute(_ files: some Sequence<CustomerFile>, quietCustomers: [String?: Int] = [:], replicas: [ReplicaSync],
                               asOf: BusinessDate, days: Int, filter: ReportFilter) -> ActivityReport {
        let from = asOf.adding(days: 1 - days)
        let period = from...asOf
        let day = { (hlc: HLC) in BusinessDate.today(in: .gmt, now: hlc.date) }
        var rows: [String?: Row] = [:]
        for (collector, count) in quietCustomers {
            var row = Row(collector: collector)
            row.customers = count
            rows[collector] = row
        }
        for file in files {
            let collector = file.customer.collector
            var row = rows[collector] ?? Row(collector: collector)
            row.customers += 1
            for action in file.actions {
                if action.state == .done, period.contains(action.date), action.closedAt.map({ day($0) <= asOf }) ?? true {
                    row.actionsDone += 1
                }
                let openThen = action.state == .planned || action.closedAt.map { day($0) > asOf } ?? false
                let plannedFor = action.state == .planned ? action.date : action.plannedDate
                if openThen, plannedFor < asOf, !action.isObsolete(items: file.items) { row.lateActions += 1 }
            }
            row.qualifications += file.qualifications.filter { period.contains(day($0.hlc)) }.count
            row.promises += PromiseToPay.derive(from: file).filter { period.contains($0.madeOn) }.count
            let disputes = Dispute.derive(from: file.known(on: asOf))
            row.disputesOpened += disputes.filter { period.contains($0.openedOn) }.count
            row.disputesClosed += disputes.filter { $0.closedOn.map(period.contains) ?? false }.count
            rows[collector] = row
        }
        let listed = replicas.filter { filter.collector == nil || filter.collector == $0.login }
        return ActivityReport(
            from: from, asOf: asOf, filter: filter,
            collectors: rows.values.sorted { ($0.collector == nil ? 1 : 0, $0.collector ?? "") < ($1.collector == nil ? 1 : 0, $1.collector ?? "") },
            replicas: listed.sorted { ($0.login, -($0.lastSync?.timeIntervalSince1970 ?? 0)) < ($1.login, -($1.lastSync?.timeIntervalSince1970 ?? 0)) })
    }
}
