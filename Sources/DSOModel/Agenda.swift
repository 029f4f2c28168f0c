import Foundation

/// One line of a collector's agenda.
public struct AgendaEntry: Codable, Hashable, Sendable, Identifiable {
    public enum Bucket: String, Codable, Sendable, Comparable {
        case late, today, upcoming

        private var rank: Int { self == .late ? 0 : self == .today ? 1 : 2 }
        public static func < (l: Bucket, r: Bucket) -> Bool { l.rank < r.rank }
    }

    /// The action's id (derived for a scenario proposal not yet acted on).
    public var id: UUID
    public var customerID: UUID
    /// The customer's code, for people and scripts.
    public var customerCode: String
    public var kind: ActionKind
    public var channel: Channel
    /// Step name, or the action's note.
    public var title: String
    public var date: BusinessDate
    public var itemIDs: [UUID]
    /// A scenario step proposed by the rules, not yet planned or done by anyone.
    public var isProposal: Bool
    /// See ``ScenarioProposal/qualifyMe``.
    public var qualifyMe: Bool
    public var bucket: Bucket
}

/// The collector's to-do list: late actions, today's, and the next days'.
public enum Agenda {
    /// The agenda of the given customers on `today`, up to `days` ahead, late first then by date.
    public static func build(files: [CustomerFile], scenarios: [String: Scenario], scenarioOf: (Customer) -> String?,
                             settings: CollectionSettings, today: BusinessDate, days: Int = 7) -> [AgendaEntry] {
        var entries: [AgendaEntry] = []
        let horizon = today.adding(days: days)
        func bucket(_ date: BusinessDate) -> AgendaEntry.Bucket? {
            if date < today { return .late }
            if date == today { return .today }
            return date <= horizon ? .upcoming : nil
        }
        for file in files {
            var proposedID: UUID?
            let scenario = scenarioOf(file.customer).flatMap { scenarios[$0] } ?? scenarios[Scenario.standard.code] ?? .standard
            if let proposal = ScenarioPlanner(scenario: scenario, settings: settings).next(for: file, today: today),
               let b = bucket(proposal.date) {
                proposedID = proposal.id
                let planned = file.actions.contains { $0.id == proposal.id }
                entries.append(AgendaEntry(id: proposal.id, customerID: file.customer.id, customerCode: file.customer.code, kind: .scenario, channel: proposal.channel,
                                           title: proposal.stepName, date: proposal.date, itemIDs: proposal.itemIDs,
                                           isProposal: !planned, qualifyMe: proposal.qualifyMe, bucket: proposal.qualifyMe ? .late : b))
            }
            for action in file.actions where action.isOpen && action.id != proposedID && !action.isObsolete(items: file.items) {
                // Scenario actions planned for an old leader no longer apply.
                if action.kind == .scenario { continue }
                guard let b = bucket(action.date) else { continue }
                entries.append(AgendaEntry(id: action.id, customerID: file.customer.id, customerCode: file.customer.code, kind: action.kind, channel: action.channel,
                                           title: action.note ?? action.kind.rawValue, date: action.date, itemIDs: action.itemIDs,
                                           isProposal: false, qualifyMe: false, bucket: b))
            }
        }
        return entries.sorted { ($0.bucket, $0.date, $0.customerID.uuidString, $0.id.uuidString) < ($1.bucket, $1.date, $1.customerID.uuidString, $1.id.uuidString) }
    }
}
