import Foundation

/// The next scenario action a customer's scenario proposes.
public struct ScenarioProposal: Codable, Hashable, Sendable, Identifiable {
    /// Derived from (customer, leader invoice, step): the same on every node.
    public var id: UUID
    public var customerID: UUID
    public var leaderItemID: UUID
    public var stepIndex: Int
    public var stepName: String
    public var channel: Channel
    public var date: BusinessDate
    /// The collectable invoices it chases (due on or before its date), leader first.
    public var itemIDs: [UUID]
    /// A very old leader whose step date lies far in the past: qualify the items rather than
    /// send a first reminder.
    public var qualifyMe: Bool

    /// The id of the scenario action for `step` of `leader`.
    public static func id(customer: UUID, leader: UUID, step: Int) -> UUID {
        DeterministicID.make("scenario", customer.uuidString, leader.uuidString, String(step))
    }
}

/// Decides which scenario step comes next for a customer.
///
/// The scenario chases the leader invoice (``CustomerFile/leaderInvoice(graceDays:today:)``). Steps done or
/// cancelled for that leader are behind; the next one fires `offsetDays` after the leader's due
/// date, or after the last scenario action done for it. When the leader is cleared or excluded
/// a new leader takes over and the scenario restarts at step 1 (its actions name their leader).
public struct ScenarioPlanner: Sendable {
    public var scenario: Scenario
    public var settings: CollectionSettings

    public init(scenario: Scenario, settings: CollectionSettings = CollectionSettings()) {
        self.scenario = scenario
        self.settings = settings
    }

    public func next(for file: CustomerFile, today: BusinessDate) -> ScenarioProposal? {
        let collectable = file.collectableInvoices(graceDays: settings.graceDays, today: today)
        guard let leader = collectable.first else { return nil }
        let minimum = scenario.minimumOverdueMinor ?? settings.minimumOverdueMinor
        let overdue = collectable.filter { $0.dueDate < today && $0.openAmount.currency == leader.openAmount.currency }
            .reduce(Int64(0)) { $0.addingSaturated($1.openAmount.minor) }
        if minimum > 0 && overdue < minimum { return nil }

        let forLeader = file.actions.filter { $0.kind == .scenario && $0.leaderItemID == leader.id }
        let behind = forLeader.filter { $0.state != .planned }
        let stepIndex = (behind.compactMap(\.scenarioStep).max() ?? -1) + 1
        guard stepIndex < scenario.steps.count else { return nil }
        let step = scenario.steps[stepIndex]
        let id = ScenarioProposal.id(customer: file.customer.id, leader: leader.id, step: stepIndex)

        var base = leader.dueDate
        if step.trigger == .lastActionDone,
           let last = forLeader.filter({ $0.state == .done }).max(by: { ($0.scenarioStep ?? -1, $0.date) < ($1.scenarioStep ?? -1, $1.date) }) {
            base = last.date
        }
        var date = base.adding(days: step.offsetDays)
        // A collector may have rescheduled the proposed action: its events use the same id.
        if let planned = forLeader.first(where: { $0.id == id && $0.state == .planned }) { date = planned.date }

        let items = collectable.filter { $0.dueDate <= date }.map(\.id)
        let qualifyMe = leader.overdueDays(on: today) > settings.qualifyMeOverdueDays
            && today.days(since: date) > settings.qualifyMeLateDays
        return ScenarioProposal(id: id, customerID: file.customer.id, leaderItemID: leader.id, stepIndex: stepIndex,
                                stepName: step.name, channel: step.channel, date: date,
                                itemIDs: items.isEmpty ? [leader.id] : items, qualifyMe: qualifyMe)
    }
}

extension ScenarioPlanner {
    /// The first day after `today` on which ``next(for:today:)`` may answer differently while the
    /// customer's facts stay the same: an invoice falling due lifts the overdue amount over the
    /// scenario's minimum, or the proposal becomes "qualify me". (Promises running out are
    /// handled by ``CustomerDigest``.)
    func nextChange(for file: CustomerFile, proposal: ScenarioProposal?, today: BusinessDate) -> BusinessDate? {
        var dates: [BusinessDate] = []
        let minimum = scenario.minimumOverdueMinor ?? settings.minimumOverdueMinor
        if minimum > 0 {
            dates += file.collectableInvoices(graceDays: settings.graceDays, today: today).filter { $0.dueDate >= today }
                .map { $0.dueDate.adding(days: 1) }
        }
        if let proposal, !proposal.qualifyMe, let leader = file.items[proposal.leaderItemID] {
            dates.append(max(leader.dueDate.adding(days: settings.qualifyMeOverdueDays + 1),
                             proposal.date.adding(days: settings.qualifyMeLateDays + 1)))
        }
        return dates.filter { $0 > today }.min()
    }
}
