import DSOModel
import DSOServer
import Foundation
import Hummingbird

/// `GET /console/customers`: search by code or name, collector, current status of an open
/// item and overdue amount, the most overdue first, 50 lines a page. `GET
/// /console/customers/CODE` is one customer's page (``CustomerPage``).
struct CustomersPage {
    let console: Console
    static let pageSize = 50

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("customers") { request, context in
            let scope = try Scope(context)
            let text = request.queryText
            var minimum: Double?
            if let overdue = text("overdue") {
                guard let amount = Double(overdue), amount >= 0, amount.isFinite else {
                    throw ConsoleError.badRequest("Overdue at least: write an amount such as 1000 or 1000.50, in the customer's currency.")
                }
                minimum = amount
            }
            let page = max(1, text("page").flatMap(Int.init) ?? 1)
            let collector = scope.collector(asked: text("collector")), status = text("status")
            let needle = text("q")?.lowercased()
            let asOf = console.asOf.date
            let version = try await console.store.contentVersion()
            let all = try await console.figures.value("customers|\(asOf)", version: version) {
                try await console.store.customerSummaries(asOf: asOf)
            }
            var withStatus: Set<String>?
            if let status { withStatus = try await console.store.customerCodes(withOpenItemIn: status) }
            var matching = all.value.filter { line in
                (collector == nil || line.collector == collector)
                    && (needle.map { line.code.lowercased().contains($0) || line.name.lowercased().contains($0) } ?? true)
                    && (withStatus?.contains(line.code) ?? true)
                    && (minimum.map { minimum in line.currency.map { Double(line.overdueMinor) >= minimum * pow(10, Double($0.minorDigits)) } ?? false } ?? true)
            }
            matching.sort { ($0.overdueMinor, $1.code) > ($1.overdueMinor, $0.code) }
            let total = matching.count
            let lines = matching.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
            let statuses = try console.store.statuses().filter(\.active)
            let collectors = scope.seesEverything ? Choice.collectors(try console.store.users(), selected: collector) : []
            let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
            func link(_ page: Int) -> String {
                var parts: [String] = []
                for key in ["q", "collector", "status", "overdue"] {
                    if let value = text(key) { parts.append(key + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
                }
                parts.append("page=\(page)")
                return "/console/customers?" + parts.joined(separator: "&")
            }
            let view = CustomersView(
                q: text("q") ?? "", overdue: text("overdue") ?? "",
                statuses: statuses.map { Choice(value: $0.code, label: "\($0.code) · \($0.name)", selected: $0.code == status) },
                collectors: collectors,
                chooseCollector: scope.seesEverything,
                lines: lines.map { line in
                    CustomersView.Line(code: line.code, name: line.name, collector: line.collector ?? "—",
                                       open: line.currency.map { Format.money(line.openMinor, $0) } ?? "—",
                                       overdue: line.currency.map { Format.money(line.overdueMinor, $0) } ?? "—",
                                       isOverdue: line.overdueMinor > 0, items: Format.count(line.openItems))
                },
                total: Format.count(total), page: page, pages: pages,
                computed: all.isCurrent ? nil : all.note,
                previous: page > 1 ? link(page - 1) : nil, next: page < pages ? link(page + 1) : nil)
            return Page(title: "Customers", section: .customers, session: context.consoleSession)
                .response(content: Templates.render(view, "customers"))
        }
        group.get("customers/:code") { _, context in
            let code = try context.parameters.require("code")
            return try await CustomerPage(console: console).response(code: code, context: context)
        }
    }
}

struct CustomersView {
    struct Line {
        var code: String
        var name: String
        var collector: String
        var open: String
        var overdue: String
        var isOverdue: Bool
        var items: String
    }

    var q: String
    var overdue: String
    var statuses: [Choice]
    var collectors: [Choice]
    var chooseCollector: Bool
    var lines: [Line]
    var total: String
    var page: Int
    var pages: Int
    var computed: String?
    var previous: String?
    var next: String?
}
