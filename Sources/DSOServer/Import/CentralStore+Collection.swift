import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// Why a central collection command failed; nothing was changed.
public struct CollectionImportError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension CentralStore {
    /// Imports collection scenarios from a JSON file (an array of scenarios: code, name, steps
    /// of name/channel/offsetDays/trigger, optional minimumOverdueMinor). All or nothing.
    /// Returns how many scenarios were created or changed.
    public func importScenarios(from url: URL) async throws -> Int {
        let scenarios: [Scenario]
        do {
            scenarios = try wireDecoder.decode([Scenario].self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw CollectionImportError(description: "\(url.lastPathComponent) is not a list of scenarios: \(RequestDecoding.describe(error))")
        }
        var seen = Set<String>()
        for scenario in scenarios {
            guard !scenario.code.isEmpty, seen.insert(scenario.code).inserted else {
                throw CollectionImportError(description: "scenario code '\(scenario.code)' is empty or repeated")
            }
            guard !scenario.steps.isEmpty, scenario.steps.allSatisfy({ $0.offsetDays >= 0 && !$0.name.isEmpty }) else {
                throw CollectionImportError(description: "scenario '\(scenario.code)' needs steps with a name and an offset of 0 days or more")
            }
        }
        let changed = try await backend.write { db in
            var changed = 0
            for scenario in scenarios {
                let existing = try db.value("SELECT doc FROM scenarios WHERE code = ?", scenario.code, as: String.self).map(Scenario.fromWire)
                if existing == scenario { continue }
                try CentralStore.record(.scenario(scenario), in: db)
                changed += 1
            }
            return changed
        }
        if changed > 0 { await signal.notify() }
        return changed
    }

    /// The scenarios, by code.
    public func scenarios() throws -> [Scenario] {
        try backend.readNow { db in try db.values("SELECT doc FROM scenarios ORDER BY code", as: String.self).map(Scenario.fromWire) }
    }

    /// The central collection settings.
    public func collectionSettings() throws -> CollectionSettings {
        try backend.readNow { db in try CentralStore.settings(in: db) }
    }

    static func settings(in db: some SQLSession) throws -> CollectionSettings {
        try collectionSettings(in: db)
    }

    /// Changes the collection settings; every replica receives them on its next pull.
    public func updateSettings(_ change: @escaping @Sendable (inout CollectionSettings) -> Void) async throws -> CollectionSettings {
        let settings = try await backend.write { db in
            var settings = try CentralStore.settings(in: db)
            change(&settings)
            guard (0...365).contains(settings.graceDays), settings.minimumOverdueMinor >= 0,
                  (1...3650).contains(settings.alertNoActionDays), (1...3650).contains(settings.alertDisputeDays),
                  (1...3650).contains(settings.qualifyMeOverdueDays), (1...3650).contains(settings.qualifyMeLateDays) else {
                throw CollectionImportError(description: "settings out of range: grace days 0-365, minimum overdue 0 or more, the others 1-3650 days")
            }
            try CentralStore.record(.settings(settings), in: db)
            return settings
        }
        await signal.notify()
        return settings
    }
}

extension RequestDecoding {
    /// A one-line account of a decoding error, for files.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let c): c.codingPath.isEmpty ? "not valid JSON" : "\(pointer(c.codingPath)): \(c.debugDescription)"
        case .keyNotFound(let key, let c): "\(pointer(c.codingPath + [key])) is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): "\(pointer(c.codingPath)) has the wrong type"
        @unknown default: "\(error)"
        }
    }
}
