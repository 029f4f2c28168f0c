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

    public init(id: UUID, customerID: UUID, customerCode: String, kind: ActionKind, channel: Channel, title: String, date: BusinessDate,
                itemIDs: [UUID], isProposal: Bool, qualifyMe: Bool, bucket: Bucket) {
        self.id = id
        self.customerID = customerID
        self.customerCode = customerCode
        self.kind = kind
        self.channel = channel
        self.title = title
        self.date = date
        self.itemIDs = itemIDs
        self.isProposal = isProposal
        self.qualifyMe = qualifyMe
        self.bucket = bucket
    }
}

extension AgendaEntry.Bucket {
    /// Where an entry dated `date` falls on `today`.
    public init(date: BusinessDate, today: BusinessDate) {
        self = date < today ? .late : date == today ? .today : .upcoming
    }
}

extension AgendaEntry {
    /// The entry as it reads on `today`: its bucket follows from its date ("qualify me" is late).
    public func on(_ today: BusinessDate) -> AgendaEntry {
        var entry = self
        entry.bucket = qualifyMe ? .late : Bucket(date: date, today: today)
        return entry
    }

    /// Agenda order: late first, then by date.
    public static func agendaOrder(_ a: AgendaEntry, _ b: AgendaEntry) -> Bool {
        (a.bucket, a.date, a.customerID.uuidString, a.id.uuidString) < (b.bucket, b.date, b.customerID.uuidString, b.id.uuidString)
    }
}

/// The collector's to-do list: late actions, today's, and the next days'.
public enum Agenda {
    /// The agenda of the given customers on `today`, up to `days` ahead, late first then by date.
    public static func build(files: [CustomerFile], scenarios: [String: Scenario], scenarioOf: (Customer) -> String?,
                             settings: CollectionSettings, today: BusinessDate, days: Int = 7) -> [AgendaEntry] {
        let horizon = today.adding(days: days)
        return files.flatMap { file in
            entries(for: file, scenario: scenario(of: file.customer, scenarios, scenarioOf), settings: settings, today: today).entries
        }
        .filter { $0.qualifyMe || $0.date <= horizon }
        .sorted(by: AgendaEntry.agendaOrder)
    }

    /// The scenario a customer follows: its own, else the standard one.
    public static func scenario(of customer: Customer, _ scenarios: [String: Scenario], _ scenarioOf: (Customer) -> String?) -> Scenario {
        scenarioOf(customer).flatMap { scenarios[$0] } ?? scenarios[Scenario.standard.code] ?? .standard
    }

    /// Every open entry of one customer on `today`, whatever its date (the scenario's next step,
    /// specific actions, follow-ups), with the proposal they were built from.
    public static func entries(for file: CustomerFile, scenario: Scenario, settings: CollectionSettings,
                               today: BusinessDate) -> (entries: [AgendaEntry], proposal: ScenarioProposal?) {
        var entries: [AgendaEntry] = []
        let proposal = ScenarioPlanner(scenario: scenario, settings: settings).next(for: file, today: today)
        if let proposal {
            let planned = file.actions.contains { $0.id == proposal.id }
            entries.append(AgendaEntry(id: proposal.id, customerID: file.customer.id, customerCode: file.customer.code, kind: .scenario,
                                       channel: proposal.channel, title: proposal.stepName, date: proposal.date, itemIDs: proposal.itemIDs,
                                       isProposal: !planned, qualifyMe: proposal.qualifyMe,
                                       bucket: proposal.qualifyMe ? .late : .init(date: proposal.date, today: today)))
        }
        for action in file.actions where action.isOpen && action.id != proposal?.id && !action.isObsolete(items: file.items) {
            // Scenario actions planned for an old leader no longer apply.
            if action.kind == .scenario { continue }
            entries.append(AgendaEntry(id: action.id, customerID: file.customer.id, customerCode: file.customer.code, kind: action.kind,
                                       channel: action.channel, title: action.note ?? action.kind.rawValue, date: action.date,
                                       itemIDs: action.itemIDs, isProposal: false, qualifyMe: false,
                                       bucket: .init(date: action.date, today: today)))
        }
        return (entries, proposal)
    }
}
