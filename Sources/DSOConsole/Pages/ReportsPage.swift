import DSOCharts
import DSOModel
import DSOServer
import DSOTerminal
import Foundation
import Hummingbird

/// `GET /console/reports`: every report of the credit team; `GET /console/reports/NAME` one
/// of them with its filters (date, collector, customer, currency, conversion), its SVG chart and
/// its lines; `?format=csv` downloads the same lines as the CLI's `--csv`. A collector's reports
/// cover her portfolio.
struct ReportsPage {
    let console: Console

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("reports") { _, context in
            _ = try Scope(context)
            let view = ReportsView(reports: ReportHelp.allCases.map { ReportsView.Entry(name: $0.rawValue, title: Self.title($0), abstract: $0.abstract) })
            return Page(title: "Reports", section: .reports, session: context.consoleSession).response(content: Templates.render(view, "reports"))
        }
        group.get("reports/:name") { request, context in
            let scope = try Scope(context)
            let name = try context.parameters.require("name")
            guard let report = ReportHelp(rawValue: name) else {
                throw ConsoleError.notFound("There is no report \(name). The Reports page lists them.")
            }
            let text = request.queryText
            let asOf: BusinessDate
            if let date = text("as_of") {
                guard let parsed = BusinessDate(date) else { throw ConsoleError.badRequest("Date: write it as YYYY-MM-DD, e.g. 2026-09-30.") }
                asOf = parsed
            } else {
                asOf = console.asOf.date
            }
            func currency(_ key: String, _ label: String) throws -> CurrencyCode? {
                guard let code = text(key) else { return nil }
                guard let currency = CurrencyCode(code.uppercased()) else { throw ConsoleError.badRequest("\(label): a 3-letter ISO code such as EUR.") }
                return currency
            }
            let filter = scope.reportFilter(collector: text("collector"), customer: text("customer"),
                                            currency: try currency("currency", "Currency"), convertedTo: try currency("in", "Convert to"))
            if let customer = filter.customer {
                guard let found = try console.store.customer(code: customer), scope.sees(customerHeldBy: found.collector) else {
                    throw ConsoleError.badRequest("No customer \(customer) in your portfolio (codes are exact, e.g. C0001).")
                }
            }
            let output: ReportOutput
            let answer: FigureCache.Answer<ReportOutput>
            do {
                answer = try await console.figures.value(Self.key(report, filter: filter, asOf: asOf),
                                                         version: try await console.store.contentVersion()) {
                    try await Offload.run { try compute(report, asOf: asOf, filter: filter) }
                }
                output = answer.value
            } catch let error as ExchangeRates.MissingRates {
                throw ConsoleError.badRequest("\(error)")
            }
            if text("format") == "csv" {
                return Response(status: .ok, headers: [
                    .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"\(report.rawValue)-\(asOf).csv\"",
                ], body: .init(byteBuffer: ByteBuffer(string: output.csv)))
            }
            let rows = output.rows.map { record in
                ReportView.Row(cells: record.map { ReportView.Cell(text: $0, numeric: Double($0) != nil) })
            }
            var csvQuery = request.uri.query ?? ""
            csvQuery += (csvQuery.isEmpty ? "" : "&") + "format=csv"
            let view = ReportView(
                name: report.rawValue, abstract: report.abstract, asOf: asOf.description,
                collector: filter.collector ?? "", customer: filter.customer ?? "", currency: filter.currency?.code ?? "",
                convertedTo: filter.convertedTo?.code ?? "", chooseCollector: scope.seesEverything,
                summary: filter.summary, chart: output.svg,
                computed: answer.note,
                header: output.header.map { $0.replacingOccurrences(of: "_", with: " ") }, rows: rows,
                more: output.lineCount > rows.count ? "The first \(rows.count) of \(Format.count(output.lineCount)) lines; the CSV has them all." : nil,
                csvLink: "/console/reports/\(report.rawValue)?" + csvQuery)
            return Page(title: Self.title(report), section: .reports, session: context.consoleSession)
                .response(content: Templates.render(view, "report"))
        }
    }

    static func key(_ report: ReportHelp, filter: ReportFilter, asOf: BusinessDate) -> String {
        "report|\(report.rawValue)|\(filter)|\(asOf)"
    }

    /// Lines of a report shown on its page (a whole book's aging has one per customer).
    static let tableLines = 200

    static func title(_ report: ReportHelp) -> String {
        switch report {
        case .aging: "Aging"
        case .status: "Overdue by status"
        case .dso: "DSO"
        case .cei: "Collection effectiveness (CEI)"
        case .receipts: "Receipts"
        case .trend: "Overdue trend"
        case .paymentProfile: "Payment profile"
        case .disputes: "Disputes"
        case .promises: "Promises to pay"
        case .forecast: "Cash forecast"
        case .activity: "Collector activity"
        }
    }

    /// The report's CSV lines and SVG chart, with the CLI's defaults for its period options.
    func compute(_ report: ReportHelp, asOf: BusinessDate, filter: ReportFilter) throws -> ReportOutput {
        let (csv, chart) = try lines(report, asOf: asOf, filter: filter)
        let records = CSVField.records(csv)
        return ReportOutput(csv: csv, svg: chart.svg(width: 900), header: records.first ?? [],
                            rows: Array(records.dropFirst().prefix(Self.tableLines)), lineCount: max(0, records.count - 1))
    }

    func lines(_ report: ReportHelp, asOf: BusinessDate, filter: ReportFilter) throws -> (csv: String, chart: Chart) {
        let store = console.store
        switch report {
        case .aging: let r = try store.agingReport(asOf: asOf, filter: filter); return (r.csv(), r.chart)
        case .status: let r = try store.statusReport(asOf: asOf, filter: filter); return (r.csv(), r.chart)
        case .dso: let r = try store.dsoReport(asOf: asOf, months: 12, filter: filter); return (r.csv(), r.chart)
        case .cei: let r = try store.ceiReport(asOf: asOf, months: 3, filter: filter); return (r.csv(), r.chart)
        case .receipts: let r = try store.receiptsReport(asOf: asOf, step: .week, periods: 12, filter: filter); return (r.csv(), r.chart)
        case .trend: let r = try store.trendReport(asOf: asOf, step: .month, periods: 12, filter: filter); return (r.csv(), r.chart)
        case .paymentProfile: let r = try store.paymentProfileReport(asOf: asOf, filter: filter); return (r.csv(), r.chart)
        case .disputes: let r = try store.disputesReport(asOf: asOf, filter: filter); return (r.csv(), r.chart)
        case .promises: let r = try store.promisesReport(asOf: asOf, months: 3, filter: filter); return (r.csv(), r.chart)
        case .forecast: let r = try store.forecastReport(asOf: asOf, weeks: 8, filter: filter); return (r.csv(), r.chart)
        case .activity: let r = try store.activityReport(asOf: asOf, days: 30, filter: filter); return (r.csv(), r.chart)
        }
    }
}

/// A computed report as its page and its CSV download use it.
struct ReportOutput: Sendable {
    var csv: String
    var svg: String
    var header: [String]
    /// The first lines (``ReportsPage/tableLines``).
    var rows: [[String]]
    var lineCount: Int
}

struct ReportsView {
    struct Entry {
        var name: String
        var title: String
        var abstract: String
    }

    var reports: [Entry]
}

struct ReportView {
    struct Cell {
        var text: String
        var numeric: Bool
    }

    var name: String
    var abstract: String
    var asOf: String
    var collector: String
    var customer: String
    var currency: String
    var convertedTo: String
    var chooseCollector: Bool
    var summary: String
    var chart: String
    var computed: String
    struct Row {
        var cells: [Cell]
    }

    var header: [String]
    var rows: [Row]
    var more: String?
    var csvLink: String
}
