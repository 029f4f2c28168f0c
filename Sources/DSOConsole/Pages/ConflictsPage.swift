import DSOModel
import DSOServer
import DSOTerminal
import Foundation
import Hummingbird

/// The conflict inbox: `GET /console/conflicts` (filters: collector, open only), `GET
/// /console/conflicts/ID` with both sides, and for managers and admins `POST
/// /console/conflicts/ID/decision` (keep mine / keep theirs / accept / dismiss, with a comment),
/// recorded as a resolution fact that reaches the collectors concerned, and in the audit log.
/// A collector sees the conflicts addressed to her and decides from her replica.
struct ConflictsPage {
    let console: Console

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("conflicts") { request, context in
            let scope = try Scope(context)
            let query = request.uri.queryParameters
            let openOnly = query["open"].map { $0 == "1" || $0 == "on" } ?? false
            let collector = scope.collector(asked: query["collector"].map(String.init))
            let entries = try console.store.conflicts(ConflictFilter(addressee: collector, openOnly: openOnly))
            let view = ConflictsView(
                openOnly: openOnly, collector: collector ?? "", chooseCollector: scope.seesEverything,
                entries: entries.reversed().map { entry in
                    ConflictsView.Entry(id: ConflictLink.id(entry), short: ConflictText.short(entry.id), kind: Self.kind(entry.conflict.kind),
                                        customer: entry.conflict.customerCode, addressee: entry.conflict.addressee,
                                        detected: Format.time(entry.conflict.detectedAt), summary: entry.conflict.mine.summary,
                                        code: entry.conflict.code?.nonEmpty, state: entry.state, isOpen: entry.isOpen)
                })
            return Page(title: "Conflicts", section: .conflicts, session: context.consoleSession)
                .response(content: Templates.render(view, "conflicts"))
        }
        group.get("conflicts/:id") { request, context in
            let scope = try Scope(context)
            let entry = try entry(try context.parameters.require("id"), scope: scope)
            let flash = request.uri.queryParameters["done"].map { _ in "Decision recorded: \(entry.state). The collectors concerned see it on their next sync." }
            return page(entry, scope: scope, context: context, flash: flash, error: nil)
        }
        group.post("conflicts/:id/decision") { request, context in
            let scope = try Scope(context)
            let form = try await ConsoleForm.read(request, context: context)
            try scope.requireManager("decide on conflicts")
            let entry = try entry(try context.parameters.require("id"), scope: scope)
            guard let decision = form["decision"].flatMap(ConflictResolution.Decision.init(rawValue:)) else {
                throw ConsoleError.badRequest("Choose a decision: keep mine, keep theirs, accept or dismiss.")
            }
            do {
                let decided = try await console.store.resolveConflict(entry.conflict.id.uuidString, decision: decision,
                                                                      comment: form["comment"], by: scope.user.login)
                try await console.store.recordAudit(login: scope.user.login, action: "conflict.\(decision.rawValue)",
                                                    detail: "conflict \(decided.conflict.id.uuidString.lowercased()) of \(decided.conflict.customerCode) for \(decided.conflict.addressee)")
                return Response.redirect(to: "/console/conflicts/\(ConflictLink.id(decided))?done=1", type: .normal)
            } catch let error as UserError {
                return page(entry, scope: scope, context: context, flash: nil, error: error.description, status: .unprocessableContent)
            }
        }
    }

    private func entry(_ reference: String, scope: Scope) throws -> ConflictEntry {
        let entry: ConflictEntry
        do { entry = try console.store.conflict(reference) } catch {
            throw ConsoleError.notFound("No conflict \(reference). The Conflicts page lists them.")
        }
        guard scope.seesEverything || entry.conflict.addressee == scope.user.login else {
            throw ConsoleError.notFound("No conflict \(reference). The Conflicts page lists them.")
        }
        return entry
    }

    private func page(_ entry: ConflictEntry, scope: Scope, context: DSORequestContext, flash: String?, error: String?,
                      status: HTTPResponse.Status = .ok) -> Response {
        let conflict = entry.conflict
        func side(_ side: ConflictSide?) -> ConflictView.Side? {
            side.map {
                .init(summary: $0.summary, value: $0.value ?? "—", author: $0.author, replica: Format.replica($0.replicaID),
                      written: Format.time($0.hlc.date), kind: $0.factKind)
            }
        }
        let decisions: [ConflictView.Decision]
        switch conflict.kind {
        case .contactField, .qualification:
            decisions = [.init(value: "keep_mine", label: "Keep \(conflict.addressee)'s"), .init(value: "keep_theirs", label: "Keep the winner"),
                         .init(value: "dismiss", label: "Dismiss")]
        case .refused:
            decisions = (conflict.isAcceptable ? [ConflictView.Decision(value: "accept", label: "Accept the work")] : [])
                + [.init(value: "dismiss", label: "Dismiss")]
        }
        let view = ConflictView(
            id: ConflictLink.id(entry), short: ConflictText.short(entry.id), kind: Self.kind(conflict.kind), customer: conflict.customerCode,
            addressee: conflict.addressee, detected: Format.time(conflict.detectedAt), code: conflict.code?.nonEmpty, detail: conflict.detail?.nonEmpty,
            field: conflict.field?.rawValue, mine: side(conflict.mine), theirs: side(conflict.theirs), state: entry.state, isOpen: entry.isOpen,
            resolution: entry.resolution.map { "\(entry.state) by \($0.author), \(Format.time($0.hlc.date))" + ($0.comment.map { ": “\($0)”" } ?? "") },
            canDecide: entry.isOpen && scope.seesEverything, decisions: decisions,
            csrf: context.consoleSession?.csrf ?? "", flash: flash, error: error)
        return Page(title: "Conflict …\(view.short)", section: .conflicts, session: context.consoleSession)
            .response(content: Templates.render(view, "conflict"), status: status)
    }

    static func kind(_ kind: Conflict.Kind) -> String {
        switch kind {
        case .contactField: "contact field"
        case .qualification: "qualification"
        case .refused: "refused work"
        }
    }
}

struct ConflictsView {
    struct Entry {
        var id: String
        var short: String
        var kind: String
        var customer: String
        var addressee: String
        var detected: String
        var summary: String
        var code: String?
        var state: String
        var isOpen: Bool
    }

    var openOnly: Bool
    var collector: String
    var chooseCollector: Bool
    var entries: [Entry]
}

struct ConflictView {
    struct Side {
        var summary: String
        var value: String
        var author: String
        var replica: String
        var written: String
        var kind: String
    }

    struct Decision {
        var value: String
        var label: String
    }

    var id: String
    var short: String
    var kind: String
    var customer: String
    var addressee: String
    var detected: String
    var code: String?
    var detail: String?
    var field: String?
    var mine: Side?
    var theirs: Side?
    var state: String
    var isOpen: Bool
    var resolution: String?
    var canDecide: Bool
    var decisions: [Decision]
    var csrf: String
    var flash: String?
    var error: String?
}
