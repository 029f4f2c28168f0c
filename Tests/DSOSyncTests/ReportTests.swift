import DSOModel
import DSOProtocol
import DSOServer
import DSOSync
import Foundation
import PostgresTestSupport
import Testing

@Suite("Reports: the same figures on the server and offline on replicas", .serialized)
struct ReportTests {
    @Test("aging: a manager's replica equals the server, today and on past dates, whole book and filtered; a collector's equals her part", arguments: TestEngine.available)
    func agingAgrees(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let claire = try await cluster.syncedReplica("claire")
            let alice = try await cluster.syncedReplica("alice")
            let eur = CurrencyCode("EUR")!
            let code = try #require(try alice.customers().first).customer.code
            for asOf in [BusinessDate.today(), TestCluster.asOf.adding(days: -45), TestCluster.asOf.adding(days: -200)] {
                for filter in [ReportFilter(), ReportFilter(collector: "alice"), ReportFilter(currency: eur), ReportFilter(customer: code)] {
                    let server = try cluster.store.agingReport(asOf: asOf, filter: filter)
                    #expect(try claire.agingReport(asOf: asOf, filter: filter) == server, "\(asOf) \(filter)")
                }
                let hers = try cluster.store.agingReport(asOf: asOf, filter: ReportFilter(collector: "alice"))
                var mine = try alice.agingReport(asOf: asOf)
                mine.filter = hers.filter
                #expect(mine == hers, "\(asOf)")
            }
            // Not a picture of nothing: the whole book has several currencies, overdue and not due.
            let book = try cluster.store.agingReport()
            #expect(book.totals.count >= 2)
            #expect(book.totals.allSatisfy { $0.buckets.total == $0.buckets.minor.reduce(0, +) })
            #expect(book.totals.contains { $0.buckets.overdue > 0 && $0.buckets.minor[0] > 0 })
            // Every customer line adds up to its currency's total.
            for total in book.totals {
                let sum = book.customers.filter { $0.currency == total.currency }.reduce(into: AgingBuckets()) { $0.add($1.buckets) }
                #expect(sum == total.buckets)
            }
            // A customer the replica does not hold is an error, not an empty report.
            let other = try #require(try claire.customers().first { $0.customer.collector == "bruno" }).customer.code
            #expect(throws: ReplicaError.unknownCustomer(other)) { try alice.agingReport(filter: ReportFilter(customer: other)) }
        }
    }

    @Test("status, disputes, promises and forecast: after field work, a manager's replica equals the server, today and on a past date; a collector's equals her part", arguments: TestEngine.available)
    func statusAgrees(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            let alice = try await cluster.syncedReplica("alice")
            let claire = try await cluster.syncedReplica("claire")
            let overdue = try alice.items(overdueOnly: true, today: .today())
            #expect(overdue.count >= 3)
            try alice.qualify(items: [overdue[0].item.number], status: "promise_to_pay", comment: "Pays Friday",
                              statusDate: .today().adding(days: 3), followUp: .none)
            try alice.qualify(items: [overdue[1].item.number], status: "contacted", comment: "Called", followUp: .none)
            try alice.qualify(items: [overdue[2].item.number], status: "quality_dispute", comment: "Damaged goods", resolver: "tech.support",
                              followUp: .none)
            try await alice.sync(client: try cluster.client("alice"), retry: quickRetry)
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            for asOf in [BusinessDate.today(), TestCluster.asOf.adding(days: -30)] {
                for filter in [ReportFilter(), ReportFilter(collector: "alice"), ReportFilter(currency: CurrencyCode("EUR")!)] {
                    #expect(try claire.statusReport(asOf: asOf, filter: filter) == cluster.store.statusReport(asOf: asOf, filter: filter))
                    #expect(try claire.disputesReport(asOf: asOf, filter: filter) == cluster.store.disputesReport(asOf: asOf, filter: filter))
                    #expect(try claire.promisesReport(asOf: asOf, filter: filter) == cluster.store.promisesReport(asOf: asOf, filter: filter))
                    #expect(try claire.forecastReport(asOf: asOf, filter: filter) == cluster.store.forecastReport(asOf: asOf, filter: filter))
                }
                var mine = try alice.statusReport(asOf: asOf)
                let hers = try cluster.store.statusReport(asOf: asOf, filter: ReportFilter(collector: "alice"))
                mine.filter = hers.filter
                #expect(mine == hers)
            }
            // Activity: the same lines on both sides; the server knows both replicas' syncs, a replica only itself.
            for filter in [ReportFilter(), ReportFilter(collector: "alice")] {
                #expect(try claire.activityReport(filter: filter).collectors == cluster.store.activityReport(filter: filter).collectors)
            }
            let activity = try cluster.store.activityReport()
            let aliceLine = try #require(activity.collectors.first { $0.collector == "alice" })
            #expect(aliceLine.qualifications == 3 && aliceLine.promises == 1 && aliceLine.disputesOpened == 1)
            #expect(activity.replicas.contains { $0.replicaID == alice.id && $0.login == "alice" && $0.lastPush != nil && $0.lastPull != nil })
            #expect(activity.replicas.contains { $0.replicaID == claire.id && $0.lastPush == nil && $0.lastPull != nil })
            #expect(try claire.activityReport().replicas.map(\.replicaID) == [claire.id])
            let today = try cluster.store.statusReport()
            #expect(today.sections.reduce(0) { $0 + $1.qualifiedCount } == 3)
            #expect(try cluster.store.disputesReport().sections.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.openCount } } == 1)
            // The promise falls due in three days: forecast in the first weeks, not yet in a period that ends today.
            #expect(try cluster.store.forecastReport().sections.contains { $0.weeks.contains { $0.promisedMinor > 0 } })
            #expect(try cluster.store.promisesReport().sections.allSatisfy { $0.pending.count + $0.kept.count + $0.broken.count == 0 })
            #expect(today.sections.contains { $0.byType.contains { $0.type == .promiseToPay } && $0.byStatus.contains { $0.status == nil } })
        }
    }

    @Test("dso, cei, payment profile, trend and receipts: with 12 months of paid invoices, a manager's replica equals the server, filtered or not; a collector's equals her part", arguments: TestEngine.available)
    func dsoAgrees(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            // Claire's ledgers are built by a first report, then kept by the pulled pages of the
            // history import; Alice's are built from her first download by her first report.
            let claire = try await cluster.syncedReplica("claire")
            _ = try claire.dsoReport(asOf: TestCluster.asOf)
            try await ReportTests.importHistory(cluster)
            try await claire.sync(client: try cluster.client("claire"), retry: quickRetry)
            #expect(try claire.check(today: TestCluster.asOf).isConsistent)
            let alice = try await cluster.syncedReplica("alice")
            for asOf in [TestCluster.asOf, TestCluster.asOf.adding(days: -40)] {
                for filter in [ReportFilter(), ReportFilter(collector: "bruno"), ReportFilter(currency: CurrencyCode("EUR")!)] {
                    #expect(try claire.dsoReport(asOf: asOf, months: 6, filter: filter) == cluster.store.dsoReport(asOf: asOf, months: 6, filter: filter))
                    #expect(try claire.ceiReport(asOf: asOf, months: 4, filter: filter) == cluster.store.ceiReport(asOf: asOf, months: 4, filter: filter))
                    #expect(try claire.paymentProfileReport(asOf: asOf, filter: filter) == cluster.store.paymentProfileReport(asOf: asOf, filter: filter))
                    #expect(try claire.trendReport(asOf: asOf, step: .week, periods: 6, filter: filter)
                            == cluster.store.trendReport(asOf: asOf, step: .week, periods: 6, filter: filter))
                    #expect(try claire.receiptsReport(asOf: asOf, step: .month, periods: 4, filter: filter)
                            == cluster.store.receiptsReport(asOf: asOf, step: .month, periods: 4, filter: filter))
                }
                var mine = try alice.dsoReport(asOf: asOf, months: 6)
                let hers = try cluster.store.dsoReport(asOf: asOf, months: 6, filter: ReportFilter(collector: "alice"))
                mine.filter = hers.filter
                #expect(mine == hers)
            }
            #expect(try cluster.store.paymentProfileReport(asOf: TestCluster.asOf).lines.count == 12)
            #expect(try cluster.store.receiptsReport(asOf: TestCluster.asOf, step: .month, periods: 3).sections.contains { $0.totalMinor > 0 })
            // Real figures: every month of the book has sales and a count-back DSO.
            let book = try cluster.store.dsoReport(asOf: TestCluster.asOf, months: 6)
            #expect(book.sections.contains { $0.months.allSatisfy { $0.salesMinor > 0 && $0.countBack != nil } })
        }
    }

    @Test("--in EUR: rates imported once reach every replica; server and manager replica equal; one currency, the rates' dates said; a missing rate is an error", arguments: TestEngine.available)
    func converted(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            try await ReportTests.importHistory(cluster)
            let before = try cluster.store.agingReport()
            #expect(before.totals.count > 1, "the cluster's book needs several currencies")
            // No rate yet: a clear error on both sides.
            let claireEarly = try await cluster.syncedReplica("claire")
            #expect(throws: ExchangeRates.MissingRates.self) { try cluster.store.agingReport(filter: ReportFilter(convertedTo: CurrencyCode("EUR")!)) }
            #expect(throws: ExchangeRates.MissingRates.self) { try claireEarly.agingReport(filter: ReportFilter(convertedTo: CurrencyCode("EUR")!)) }
            let rates = try await cluster.store.importFile(.rates, from: ServerCLITests.fixtures.appendingPathComponent("rates.csv"))
            #expect(rates.applied && rates.created == 52, "\(rates.rejected.prefix(3))")
            let again = try await cluster.store.importFile(.rates, from: ServerCLITests.fixtures.appendingPathComponent("rates.csv"))
            #expect(again.applied && again.unchanged == 52)
            try await claireEarly.sync(client: try cluster.client("claire"), retry: quickRetry)
            let claire = try await cluster.syncedReplica("claire")   // a new replica: rates in its first download
            let eur = ReportFilter(convertedTo: CurrencyCode("EUR")!)
            for replica in [claireEarly, claire] {
                #expect(try replica.agingReport(filter: eur) == cluster.store.agingReport(filter: eur))
                #expect(try replica.dsoReport(asOf: TestCluster.asOf, months: 6, filter: eur) == cluster.store.dsoReport(asOf: TestCluster.asOf, months: 6, filter: eur))
                #expect(try replica.forecastReport(filter: eur) == cluster.store.forecastReport(filter: eur))
            }
            let aging = try cluster.store.agingReport(filter: eur)
            #expect(aging.totals.map(\.currency.code) == ["EUR"])
            // The converted total is the sum of each currency's total at its rate (rounded per item, so within a unit per item).
            let conversion = try #require(aging.filter.conversion)
            let expected = before.totals.reduce(0.0) { total, line in
                let rate = conversion.used.first { $0.currency == line.currency }!.rate
                return total + Double(line.buckets.total) / pow(10, Double(line.currency.minorDigits)) * rate * 100
            }
            let items = before.totals.reduce(0) { $0 + $1.buckets.count.reduce(0, +) }
            #expect(abs(Double(aging.totals[0].buckets.total) - expected) <= Double(items))
            #expect(conversion.used.contains { $0.quoteDate?.description == "2026-11-02" }, "\(conversion.used)")
            // A rate against another base is refused, and changes nothing.
            let folder = cluster.directory.appendingPathComponent("rates")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "date,currency,rate,base\n2026-11-20,EUR,0.92,USD\n2026-11-20,XYZ1,1\n".write(to: folder.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
            let bad = try await cluster.store.importFile(.rates, from: folder.appendingPathComponent("bad.csv"))
            #expect(!bad.applied && bad.rejected.map(\.line) == [2, 3] && bad.rejected[0].reason.contains("quoted against EUR"))
        }
    }

    /// Imports the fixtures' paid invoices of 12 months for the cluster's customers.
    static func importHistory(_ cluster: TestCluster) async throws {
        let folder = cluster.directory.appendingPathComponent("history")
        try FixtureGenerator(customers: 12, seed: 42, asOf: TestCluster.asOf, historyMonths: 12).write(to: folder)
        let report = try await cluster.store.importFile(.history, from: folder.appendingPathComponent("history.csv"), asOf: TestCluster.asOf)
        #expect(report.applied && report.created > 100, "\(report.rejected.prefix(3))")
    }

    @Test("dso report and dso-server report print the same CSV (every report); bad options are one-line errors", arguments: TestEngine.available)
    func agingCLIs(engine: TestEngine) async throws {
        try await TestCluster.with(engine: engine) { cluster in
            try await ReportTests.importHistory(cluster)
            #expect(try await cluster.store.importFile(.rates, from: ServerCLITests.fixtures.appendingPathComponent("rates.csv")).applied)
            let path = cluster.directory.appendingPathComponent("cli/claire.sqlite").path
            let env = ["DSO_REPLICA": path]
            let attach = try await CommandRunner.run("dso", ["init", "--server", cluster.url.absoluteString, "--token", cluster.tokens["claire"]!,
                                                             "--ca", cluster.caFile], environment: env)
            #expect(attach.status == 0, "\(attach.stderr)")
            for (name, extra) in [("aging", []), ("aging", ["--as-of", "2026-09-30", "--currency", "EUR"]), ("aging", ["--collector", "bruno"]),
                                  ("status", []), ("status", ["--as-of", "2026-10-15", "--collector", "alice"]),
                                  ("dso", ["--as-of", "2026-11-22"]), ("dso", ["--as-of", "2026-10-31", "--months", "3", "--collector", "chloe"]),
                                  ("cei", ["--as-of", "2026-11-22", "--months", "6"]), ("payment-profile", ["--as-of", "2026-11-22"]),
                                  ("trend", ["--as-of", "2026-11-22", "--by", "week"]), ("receipts", ["--as-of", "2026-11-22", "--by", "month"]),
                                  ("disputes", []), ("promises", ["--months", "2"]), ("forecast", ["--weeks", "4"]),
                                  ("activity", ["--days", "90"]), ("aging", ["--in", "EUR"]), ("dso", ["--as-of", "2026-11-22", "--in", "USD"])] {
                let local = try await CommandRunner.run("dso", ["report", name, "--csv"] + extra, environment: env)
                let central = try await CommandRunner.run("dso-server", ["report", name, "--csv"] + cluster.storeArguments + extra)
                #expect(local.status == 0 && central.status == 0, "\(local.stderr) \(central.stderr)")
                // Activity's replica lines differ by design (the server knows every replica, a replica itself).
                let collectorLines = { (csv: String) in csv.split(separator: "\n").filter { !$0.hasPrefix("replica,") } }
                #expect(collectorLines(local.stdout) == collectorLines(central.stdout), "\(extra)")
                if !["disputes", "promises"].contains(name) { #expect(local.stdout.split(separator: "\n").count > 3, "\(name)") }
            }
            let table = try await CommandRunner.run("dso", ["report", "aging"], environment: env.merging(["COLUMNS": "80"]) { $1 })
            #expect(table.status == 0)
            #expect(table.stdout.contains("Aging balance as of") && table.stdout.contains("By collector"))
            #expect(table.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(table.stdout)")
            for (arguments, message) in [(["--as-of", "2026-13-01"], "not a date"), (["--as-of", "2999-01-01"], "in the future"),
                                         (["--currency", "EURO"], "not a currency code"), (["--customer", "NOPE"], "NOPE")] {
                let result = try await CommandRunner.run("dso", ["report", "aging"] + arguments, environment: env)
                #expect(result.status != 0 && result.stdout.isEmpty, "\(arguments)")
                #expect(result.stderr.contains(message) && result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1,
                        "\(arguments): \(result.stderr)")
            }
            // --svg: the chart beside the table, 0600; a folder that does not exist is a one-line error.
            let svgPath = cluster.directory.appendingPathComponent("cli/aging.svg").path
            let drawn = try await CommandRunner.run("dso", ["report", "aging", "--svg", svgPath], environment: env)
            #expect(drawn.status == 0 && drawn.stdout.contains("Aging balance as of") && drawn.stderr.contains("Chart written to"))
            let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
            #expect(svg.hasPrefix("<svg") && svg.contains("EUR") && svg.hasSuffix("</svg>\n"))
            #expect((try FileManager.default.attributesOfItem(atPath: svgPath)[.posixPermissions] as? Int) == 0o600)
            let nowhere = try await CommandRunner.run("dso-server", ["report", "dso", "--svg", "/nonexistent/dso.svg"] + cluster.storeArguments)
            #expect(nowhere.status != 0 && nowhere.stdout.isEmpty && nowhere.stderr.contains("cannot write '/nonexistent/dso.svg'"), "\(nowhere.stderr)")
            let converted = try await CommandRunner.run("dso", ["report", "aging", "--in", "EUR"], environment: env)
            #expect(converted.status == 0 && converted.stdout.contains("in EUR (rates of 2026-11-02)"), "\(converted.stdout)")
            let both = try await CommandRunner.run("dso", ["report", "aging", "--in", "EUR", "--currency", "USD"], environment: env)
            #expect(both.status != 0 && both.stderr.contains("choose one of --currency"), "\(both.stderr)")
            let currency = try await CommandRunner.run("dso", ["report", "activity", "--currency", "EUR"], environment: env)
            #expect(currency.status != 0 && currency.stderr.contains("do not apply"), "\(currency.stderr)")
            let unknown = try await CommandRunner.run("dso-server", ["report", "aging", "--customer", "NOPE"] + cluster.storeArguments)
            #expect(unknown.status != 0 && unknown.stderr.contains("no customer 'NOPE'"), "\(unknown.stderr)")
        }
    }
}
