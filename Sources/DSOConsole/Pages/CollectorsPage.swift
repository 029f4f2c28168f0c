import DSOModel
import DSOServer
import Foundation
import Hummingbird

/// `GET /console/collectors`: each collector's portfolio and work over the last 30 days
/// (actions done, late, qualifications, promises, disputes), the conflicts waiting for a
/// decision and the refused work, and each of their replicas' last push and pull. A collector
/// sees her own line.
struct CollectorsPage {
    let console: Console

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("collectors") { request, context in
            let scope = try Scope(context)
            let asOf = console.asOf.date
            let activity = try console.store.activityReport(asOf: asOf, days: 30, filter: scope.reportFilter())
            let conflicts = try console.store.conflicts(ConflictFilter(addressee: scope.seesEverything ? nil : scope.user.login))
            var open: [String: Int] = [:], refused: [String: Int] = [:], waiting: [String: Int] = [:]
            for entry in conflicts {
                let who = entry.conflict.addressee
                if entry.isOpen { open[who, default: 0] += 1 }
                if entry.conflict.kind == .refused {
                    refused[who, default: 0] += 1
                    if entry.isOpen, entry.conflict.isAcceptable { waiting[who, default: 0] += 1 }
                }
            }
            let names = Dictionary(try console.store.users().map { ($0.login, $0.name ?? $0.login) }, uniquingKeysWith: { a, _ in a })
            let now = Date()
            let rows = activity.collectors.map { row in
                let login = row.collector
                let replicas = activity.replicas.filter { $0.login == login }
                return CollectorsView.Row(
                    login: login ?? "—", name: login.flatMap { names[$0] } ?? "No collector", customers: Format.count(row.customers),
                    actionsDone: Format.count(row.actionsDone), lateActions: Format.count(row.lateActions), late: row.lateActions > 0,
                    qualifications: Format.count(row.qualifications), promises: Format.count(row.promises),
                    disputes: "\(row.disputesOpened) / \(row.disputesClosed)",
                    openConflicts: Format.count(login.flatMap { open[$0] } ?? 0),
                    refused: Format.count(login.flatMap { refused[$0] } ?? 0),
                    waiting: Format.count(login.flatMap { waiting[$0] } ?? 0), hasWaiting: (login.flatMap { waiting[$0] } ?? 0) > 0,
                    lastSync: Format.age(replicas.compactMap(\.lastSync).max(), now: now),
                    replicas: replicas.map {
                        .init(id: Format.replica($0.replicaID), lastPush: Format.time($0.lastPush),
                              lastPull: Format.time($0.lastPull), stale: ($0.lastSync.map { now.timeIntervalSince($0) > 2 * 86400 } ?? true))
                    })
            }
            let view = CollectorsView(from: activity.from.description, asOf: asOf.description, rows: rows)
            return Page(title: "Collectors", section: .collectors, session: context.consoleSession)
                .response(content: Templates.render(view, "collectors"))
        }
    }
}

struct CollectorsView {
    struct Replica {
        var id: String
        var lastPush: String
        var lastPull: String
        var stale: Bool
    }

    struct Row {
        var login: String
        var name: String
        var customers: String
        var actionsDone: String
        var lateActions: String
        var late: Bool
        var qualifications: String
        var promises: String
        var disputes: String
        var openConflicts: String
        var refused: String
        var waiting: String
        var hasWaiting: Bool
        var lastSync: String
        var replicas: [Replica]
    }

    var from: String
    var asOf: String
    var rows: [Row]
}
