import DSOCharts
import DSOModel
import DSOServer
import Foundation
import Hummingbird

/// `GET /console`: the book at a glance, per currency (amounts in different currencies are
/// never added): open and overdue, overdue %, DSO, % of the overdue qualified; promises due
/// this week, broken promises, open disputes; the aging, the 8-week cash forecast and the
/// overdue trend as SVG charts. `GET /console/live` gives the headline figures as JSON for the
/// page's script.
struct OverviewPage {
    let console: Console

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("") { request, context in
            let scope = try Scope(context)
            let view = try await cachedOverview(scope: scope, collector: request.uri.queryParameters["collector"].map(String.init))
            let page = Page(title: scope.seesEverything ? "Overview" : "My portfolio", section: .overview, session: context.consoleSession)
            return page.response(content: Templates.render(view, "overview"))
        }
        group.get("live") { request, context in
            let scope = try Scope(context)
            let view = try await cachedOverview(scope: scope, collector: nil)
            var figures: [String: String] = [:]
            for row in view.currencies {
                figures["open-\(row.currency)"] = row.open
                figures["overdue-\(row.currency)"] = row.overdue
            }
            figures["disputes"] = view.openDisputes
            figures["broken"] = view.brokenPromises
            let data = try JSONEncoder().encode(figures)
            return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The overview of the caller's scope, from the console's figure cache.
    func cachedOverview(scope: Scope, collector: String?) async throws -> OverviewView {
        let filter = scope.reportFilter(collector: collector)
        let asOf = console.asOf.date
        let answer = try await console.figures.value(Self.key(filter: filter, asOf: asOf),
                                                     version: try await console.store.contentVersion()) {
            try await Offload.run { try overview(filter: filter, asOf: asOf) }
        }
        var view = answer.value
        view.collectors = scope.seesEverything ? Choice.collectors(try console.store.users(), selected: filter.collector) : []
        view.chooseCollector = scope.seesEverything
        view.computed = answer.note
        return view
    }

    static func key(filter: ReportFilter, asOf: BusinessDate) -> String { "overview|\(filter.collector ?? "*")|\(asOf)" }

    func overview(filter: ReportFilter, asOf: BusinessDate) throws -> OverviewView {
        let store = console.store
        let aging = try store.agingReport(asOf: asOf, filter: filter)
        let status = try store.statusReport(asOf: asOf, filter: filter)
        let dso = try store.dsoReport(asOf: asOf, months: 12, filter: filter)
        let promises = try store.promisesReport(asOf: asOf, months: 3, filter: filter)
        let disputes = try store.disputesReport(asOf: asOf, filter: filter)
        let forecast = try store.forecastReport(asOf: asOf, weeks: 8, filter: filter)

        var rows: [OverviewView.CurrencyRow] = []
        for line in aging.totals {
            let currency = line.currency
            let qualified = status.sections.first { $0.currency == currency }
            let dsoMonth = dso.sections.first { $0.currency == currency }?.months.last { $0.standard != nil }
            let dueThisWeek = forecast.sections.first { $0.currency == currency }?.weeks.first?.promisedMinor ?? 0
            rows.append(.init(currency: currency.code, open: Format.money(line.buckets.total, currency),
                              overdue: Format.money(line.buckets.overdue, currency),
                              overduePercent: Format.percent(line.buckets.overduePercent),
                              qualifiedPercent: Format.percent(qualified?.qualifiedPercent),
                              dso: Format.days(dsoMonth?.standard), dsoMonth: dsoMonth.map { "\($0.month)" } ?? "",
                              promisesDueThisWeek: Format.money(dueThisWeek, currency)))
        }
        let broken = promises.sections.reduce(0) { $0 + $1.broken.count }
        let openDisputes = disputes.sections.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.openCount } }
        let trend = try store.trendReport(asOf: asOf, step: .month, periods: 12, filter: filter)
        let chartSVGs = [aging.chart.svg(width: 560), forecast.chart.svg(width: 560), trend.chart.svg(width: 560)]
        return OverviewView(asOf: asOf.description, scopeNote: filter.collector.map { "Portfolio of \($0)" } ?? "The whole book",
                            currencies: rows, brokenPromises: Format.count(broken),
                            openDisputes: Format.count(openDisputes), charts: chartSVGs,
                            collectors: [], empty: rows.isEmpty, chooseCollector: false, currencyCount: String(rows.count), computed: "")
    }
}

/// An option of a `<select>`.
struct Choice: Sendable {
    var value: String
    var label: String
    var selected: Bool

    /// The collectors among `users`, as "Name (login)".
    static func collectors(_ users: [User], selected: String?) -> [Choice] {
        users.filter { $0.role == .collector }.map { user in
            Choice(value: user.login, label: user.name.map { "\($0) (\(user.login))" } ?? user.login, selected: user.login == selected)
        }
    }
}

struct OverviewView: Sendable {
    struct CurrencyRow: Sendable {
        var currency: String
        var open: String
        var overdue: String
        var overduePercent: String
        var qualifiedPercent: String
        var dso: String
        var dsoMonth: String
        var promisesDueThisWeek: String
    }

    var asOf: String
    var scopeNote: String
    var currencies: [CurrencyRow]
    var brokenPromises: String
    var openDisputes: String
    var charts: [String]
    var collectors: [Choice]
    var empty: Bool
    var chooseCollector: Bool
    var currencyCount: String
    var computed: String
}
