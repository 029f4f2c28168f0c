import DSOModel
import DSOServer
import Foundation
import Hummingbird

/// `GET /console/settings`: the status catalogue, the collection scenarios and the collection
/// settings, for everybody; administrators change the settings (`POST /console/settings`),
/// which replicas receive on their next sync, and which the audit log records.
struct SettingsPage {
    let console: Console

    /// The editable settings: form field, label, bounds, and how to read and write them.
    struct Field {
        var name: String
        var label: String
        var range: ClosedRange<Int64>
        var get: @Sendable (CollectionSettings) -> Int64
        var set: @Sendable (inout CollectionSettings, Int64) -> Void
    }

    static let fields: [Field] = [
        Field(name: "grace_days", label: "Days after a promised date before a promise is judged", range: 0...60,
              get: { Int64($0.graceDays) }, set: { $0.graceDays = Int($1) }),
        Field(name: "minimum_overdue_minor", label: "No scenario action below this overdue amount (minor units, e.g. cents)", range: 0...1_000_000_000_00,
              get: { $0.minimumOverdueMinor }, set: { $0.minimumOverdueMinor = $1 }),
        Field(name: "alert_no_action_days", label: "Alert when an overdue customer had no action for (days)", range: 1...365,
              get: { Int64($0.alertNoActionDays) }, set: { $0.alertNoActionDays = Int($1) }),
        Field(name: "alert_dispute_days", label: "Alert when a dispute is open longer than (days)", range: 1...365,
              get: { Int64($0.alertDisputeDays) }, set: { $0.alertDisputeDays = Int($1) }),
        Field(name: "qualify_me_overdue_days", label: "“Qualify me” when the leader invoice is overdue more than (days)", range: 0...365,
              get: { Int64($0.qualifyMeOverdueDays) }, set: { $0.qualifyMeOverdueDays = Int($1) }),
        Field(name: "qualify_me_late_days", label: "… and the scenario step is late more than (days)", range: 0...365,
              get: { Int64($0.qualifyMeLateDays) }, set: { $0.qualifyMeLateDays = Int($1) }),
        Field(name: "reassignment_grace_days", label: "Accept field work on a customer that left the author's portfolio less than (days) before", range: 0...365,
              get: { Int64($0.reassignmentGraceDays) }, set: { $0.reassignmentGraceDays = Int($1) }),
    ]

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("settings") { _, context in
            try await page(context: context, scope: try Scope(context))
        }
        group.post("settings") { request, context in
            let scope = try Scope(context)
            let form = try await ConsoleForm.read(request, context: context)
            guard scope.user.role == .admin else { throw ConsoleError.forbidden("Only administrators can change the settings.") }
            var values: [(Field, Int64)] = []
            var problems: [String] = []
            for field in Self.fields {
                guard let text = form[field.name] else { continue }
                guard let value = Int64(text), field.range.contains(value) else {
                    problems.append("\(field.label): a whole number from \(field.range.lowerBound) to \(field.range.upperBound).")
                    continue
                }
                values.append((field, value))
            }
            guard problems.isEmpty else {
                return try await page(context: context, scope: scope, error: "Nothing was saved. " + problems.joined(separator: " "), status: .unprocessableContent)
            }
            let before = try console.store.collectionSettings()
            let changes = values.filter { $0.0.get(before) != $0.1 }
            guard !changes.isEmpty else { return try await page(context: context, scope: scope, notice: "Nothing changed.") }
            let chosen = changes
            _ = try await console.store.updateSettings { settings in
                for (field, value) in chosen { field.set(&settings, value) }
            }
            try await console.store.recordAudit(login: scope.user.login, action: "settings",
                                                detail: changes.map { "\($0.0.name) \($0.0.get(before)) → \($0.1)" }.joined(separator: ", "))
            return try await page(context: context, scope: scope, notice: "Settings saved; replicas receive them on their next sync.")
        }
    }

    func page(context: DSORequestContext, scope: Scope, notice: String? = nil, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let settings = try console.store.collectionSettings()
        let view = SettingsView(
            csrf: context.consoleSession?.csrf ?? "", isAdmin: scope.user.role == .admin, notice: notice, error: error,
            settings: Self.fields.map { .init(name: $0.name, label: $0.label, value: String($0.get(settings)),
                                              min: String($0.range.lowerBound), max: String($0.range.upperBound)) },
            statuses: try console.store.statuses().map {
                .init(code: $0.code, name: $0.name, type: $0.type.rawValue, followUp: $0.followUpDays > 0 ? "\($0.followUpDays) d" : "",
                      channel: $0.followUpChannel?.rawValue ?? "", active: $0.active)
            },
            scenarios: try console.store.scenarios().map { scenario in
                .init(code: scenario.code, name: scenario.name,
                      steps: scenario.steps.map { "\($0.name) · \($0.channel.rawValue) · \($0.offsetDays >= 0 ? "+" : "")\($0.offsetDays) d after \($0.trigger == .leaderDueDate ? "due date" : "last action")" })
            })
        return Page(title: "Settings", section: .settings, session: context.consoleSession)
            .response(content: Templates.render(view, "settings"), status: status)
    }
}

struct SettingsView {
    struct Setting {
        var name: String
        var label: String
        var value: String
        var min: String
        var max: String
    }

    struct StatusLine {
        var code: String
        var name: String
        var type: String
        var followUp: String
        var channel: String
        var active: Bool
    }

    struct ScenarioLine {
        var code: String
        var name: String
        var steps: [String]
    }

    var csrf: String
    var isAdmin: Bool
    var notice: String?
    var error: String?
    var settings: [Setting]
    var statuses: [StatusLine]
    var scenarios: [ScenarioLine]
}
