import DSOModel
import DSOServer
import Foundation
import Hummingbird


/// `GET /console/imports`: the upload form and the last imports; `POST /console/imports`
/// (multipart/form-data) runs the uploaded CSV file through the same importer as `dso-server
/// import`: every bad line is shown with its number, and nothing is written when one is bad.
/// Managers and admins import; users only admins.
struct ImportsPage {
    let console: Console
    /// The largest file the console accepts (the CLI has no limit).
    static let maximumUpload = 64 << 20

    func register(on group: RouterGroup<DSORequestContext>) {
        group.get("imports") { _, context in
            let scope = try Scope(context)
            try scope.requireManager("import files")
            return try await page(context: context, result: nil, error: nil)
        }
        group.post("imports") { request, context in
            let scope = try Scope(context)
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maximumUpload)
            } catch {
                throw ConsoleError(status: .contentTooLarge, title: "File too large",
                                   message: "The console takes files up to 64 MiB; import larger ones with dso-server import.")
            }
            guard let form = MultipartForm.parse(body, contentType: request.headers[.contentType] ?? "") else {
                throw ConsoleError.badRequest("The upload could not be read. Choose the file again and send the form with the Imports page.")
            }
            let upload = Upload(csrf: form["csrf"]?.text ?? "", kind: form["kind"]?.text ?? "", mode: form["mode"]?.text,
                                file: form["file"]?.body, filename: form["file"]?.filename)
            guard let csrf = context.consoleSession?.csrf, ConsoleForm.constantTimeEqual(upload.csrf, csrf) else { throw ConsoleError.expiredForm }
            try ConsoleForm.checkOrigin(request)
            try scope.requireManager("import files")
            let isAdmin = scope.user.role == .admin
            if upload.kind == Self.scenarios {
                guard isAdmin else { throw ConsoleError.forbidden("Only administrators can change the scenarios.") }
                return try await importScenarios(upload, scope: scope, context: context)
            }
            guard let kind = ImportKind(rawValue: upload.kind) else {
                throw ConsoleError.badRequest("Choose what the file holds (customers, items, contacts…).")
            }
            if Self.adminOnly.contains(kind), !isAdmin {
                throw ConsoleError.forbidden("Only administrators can import \(Self.label(kind).lowercased()).")
            }
            let mode = upload.mode.flatMap(ItemsImportMode.init(rawValue:)) ?? .delta
            guard let (url, name) = try Self.keep(upload, defaultName: "\(kind.rawValue).csv") else {
                return try await page(context: context, result: nil, error: "Choose a CSV file to import.")
            }
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            let report: ImportReport
            do {
                report = try await console.store.importFile(kind, from: url, mode: mode, asOf: console.asOf.date)
            } catch {
                return try await page(context: context, result: nil, error: "\(name): \(error)")
            }
            if report.applied {
                try await console.store.recordAudit(login: scope.user.login, action: "import.\(kind.rawValue)",
                                                    detail: "\(name): \(report.read) lines, \(report.created) created, \(report.updated) updated, \(report.cleared) cleared")
            }
            return try await page(context: context, result: ImportsView.Result(report: report, name: name), error: nil,
                                  status: report.applied ? .ok : .unprocessableContent)
        }
    }

    /// The choice for a scenarios file (JSON, not one of the CSV importers).
    static let scenarios = "scenarios"
    /// What only administrators import: who may sign in, and the central catalogue.
    static let adminOnly: Set<ImportKind> = [.users, .statuses]

    /// Writes the uploaded file into a private folder (0700, file 0600) under its own name;
    /// `nil` when no file came.
    static func keep(_ upload: Upload, defaultName: String) throws -> (URL, String)? {
        guard let file = upload.file, file.readableBytes > 0 else { return nil }
        let name = safeName(upload.filename ?? defaultName)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dso-console-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: Data(file.readableBytesView), attributes: [.posixPermissions: 0o600]) else {
            try? FileManager.default.removeItem(at: folder)
            throw ConsoleError(status: .internalServerError, title: "Something failed", message: "The server could not keep the file; nothing was imported.")
        }
        return (url, name)
    }

    /// A scenarios file (JSON, as `dso-server scenario import`): all or nothing.
    private func importScenarios(_ upload: Upload, scope: Scope, context: DSORequestContext) async throws -> Response {
        guard let (url, name) = try Self.keep(upload, defaultName: "scenarios.json") else {
            return try await page(context: context, result: nil, error: "Choose a scenarios JSON file to import.")
        }
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        do {
            let changed = try await console.store.importScenarios(from: url)
            try await console.store.recordAudit(login: scope.user.login, action: "import.scenarios", detail: "\(name): \(changed) scenario(s) created or changed")
            return try await page(context: context, result: nil, error: nil,
                                  notice: "\(name): \(changed) scenario(s) created or changed. Replicas receive them on their next sync.")
        } catch let error as CollectionImportError {
            return try await page(context: context, result: nil, error: "\(name) was not imported, nothing was written: \(error)", status: .unprocessableContent)
        }
    }

    struct Upload {
        var csrf: String
        var kind: String
        var mode: String?
        var file: ByteBuffer?
        var filename: String?
    }

    private func page(context: DSORequestContext, result: ImportsView.Result?, error: String?, notice: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let recent = try await console.store.recentImports(limit: 15)
        let isAdmin = context.consoleSession?.user.role == .admin
        let view = ImportsView(
            csrf: context.consoleSession?.csrf ?? "",
            kinds: ImportKind.allCases.filter { !Self.adminOnly.contains($0) || isAdmin }.map { Choice(value: $0.rawValue, label: Self.label($0), selected: false) }
                + (isAdmin ? [Choice(value: Self.scenarios, label: "Scenarios (JSON)", selected: false)] : []),
            result: result, error: error, notice: notice,
            recent: recent.map { record in
                ImportsView.Recent(at: Format.time(record.at), kind: Self.label(record.report.kind),
                                   file: URL(fileURLWithPath: record.report.file).lastPathComponent, mode: record.report.mode?.rawValue,
                                   read: Format.count(record.report.read), created: Format.count(record.report.created),
                                   updated: Format.count(record.report.updated), cleared: Format.count(record.report.cleared))
            })
        return Page(title: "Imports", section: .imports, session: context.consoleSession)
            .response(content: Templates.render(view, "imports"), status: status)
    }

    static func label(_ kind: ImportKind) -> String {
        switch kind {
        case .customers: "Customers"
        case .items: "Open items"
        case .contacts: "Contacts"
        case .users: "Users"
        case .portfolio: "Portfolio (customer, collector)"
        case .statuses: "Statuses"
        case .payments: "Payments"
        case .history: "History (paid invoices)"
        case .rates: "Exchange rates"
        }
    }

    /// The uploaded file's own name, without any folder, for the report.
    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.filter { $0.isLetter || $0.isNumber || "-_. ".contains($0) }.prefix(100))
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload.csv" : cleaned
    }
}

struct ImportsView {
    struct Rejected {
        var line: Int
        var reason: String
    }

    struct Result {
        var name: String
        var applied: Bool
        var kind: String
        var read: String
        var created: String
        var updated: String
        var unchanged: String
        var cleared: String
        var rejected: [Rejected]
        var rejectedCount: String

        init(report: ImportReport, name: String) {
            self.name = name
            applied = report.applied
            kind = ImportsPage.label(report.kind)
            read = Format.count(report.read)
            created = Format.count(report.created)
            updated = Format.count(report.updated)
            unchanged = Format.count(report.unchanged)
            cleared = Format.count(report.cleared)
            rejected = report.rejected.prefix(500).map { Rejected(line: $0.line, reason: $0.reason) }
            rejectedCount = Format.count(report.rejected.count)
        }
    }

    struct Recent {
        var at: String
        var kind: String
        var file: String
        var mode: String?
        var read: String
        var created: String
        var updated: String
        var cleared: String
    }

    var csrf: String
    var kinds: [Choice]
    var result: Result?
    var error: String?
    var notice: String?
    var recent: [Recent]
}
