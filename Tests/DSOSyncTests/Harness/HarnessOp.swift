import Foundation

import DSOServer

/// The harness draws its cases from the fixtures' seeded generator: a seed gives the same case
/// on every machine.
typealias SeededRandom = SplitMix64

/// One step of a convergence case. Choices (`pick`) are indices taken modulo what exists when
/// the step runs (the replica's open items, its actions…), so that a step stays meaningful when
/// shrinking removes the steps before it.
enum HarnessOp: Hashable, Sendable, CustomStringConvertible {
    case qualify(replica: Int, pick: Int, status: Int)
    case act(replica: Int, pick: Int)
    case plan(replica: Int, pick: Int, days: Int)
    case reschedule(replica: Int, pick: Int, days: Int)
    case complete(replica: Int, pick: Int)
    case promise(replica: Int, pick: Int, days: Int)
    case openDispute(replica: Int, pick: Int)
    case closeDispute(replica: Int, pick: Int)
    case editContact(replica: Int, pick: Int, field: Int, value: Int)
    case resolveConflict(replica: Int, pick: Int, keepMine: Bool)
    /// The credit team moves a customer to a collector.
    case reassign(pick: Int, collector: Int)
    /// An ERP delta import clears an open item.
    case clearItem(pick: Int)
    /// An imported payment of part of an open item.
    case payment(pick: Int, percent: Int)
    /// The credit team accepts or dismisses an open refused work.
    case decideRefused(pick: Int, accept: Bool)
    case sync(replica: Int)
    /// The replica loses (or finds) the network: offline replicas do not sync.
    case offline(replica: Int, Bool)
    case fault(FaultProxy.Fault)
    /// kill -9 of the server process, then a restart on the same store.
    case restartServer

    var description: String {
        switch self {
        case .qualify(let r, let p, let s): "r\(r) qualify item#\(p) status#\(s)"
        case .act(let r, let p): "r\(r) log a call on customer#\(p)"
        case .plan(let r, let p, let d): "r\(r) plan an action on item#\(p) in \(d) d"
        case .reschedule(let r, let p, let d): "r\(r) reschedule action#\(p) by \(d) d"
        case .complete(let r, let p): "r\(r) complete action#\(p)"
        case .promise(let r, let p, let d): "r\(r) promise on item#\(p) in \(d) d"
        case .openDispute(let r, let p): "r\(r) open a dispute on item#\(p)"
        case .closeDispute(let r, let p): "r\(r) close dispute#\(p)"
        case .editContact(let r, let p, let f, let v): "r\(r) edit contact#\(p) field#\(f) = v\(v)"
        case .resolveConflict(let r, let p, let mine): "r\(r) resolve conflict#\(p) \(mine ? "keep mine" : "dismiss")"
        case .reassign(let p, let c): "move customer#\(p) to collector#\(c)"
        case .clearItem(let p): "import clears item#\(p)"
        case .payment(let p, let pc): "import pays \(pc)% of item#\(p)"
        case .decideRefused(let p, let accept): "credit team \(accept ? "accepts" : "dismisses") refused#\(p)"
        case .sync(let r): "r\(r) sync"
        case .offline(let r, let off): "r\(r) \(off ? "goes offline" : "comes back online")"
        case .fault(let f): "network: \(f)"
        case .restartServer: "server kill -9 and restart"
        }
    }

    /// The step's kind, for counts.
    var kind: String {
        switch self {
        case .qualify: "qualify"
        case .act: "act"
        case .plan: "plan"
        case .reschedule: "reschedule"
        case .complete: "complete"
        case .promise: "promise"
        case .openDispute: "dispute open"
        case .closeDispute: "dispute close"
        case .editContact: "contact edit"
        case .resolveConflict: "conflict resolve"
        case .reassign: "reassign"
        case .clearItem: "clear item"
        case .payment: "payment"
        case .decideRefused: "credit team decision"
        case .sync: "sync"
        case .offline: "offline/online"
        case .fault: "fault armed"
        case .restartServer: "server kill -9"
        }
    }

    /// A random case of `count` steps for `replicas` replicas.
    static func generate(count: Int, replicas: Int, using rng: inout SeededRandom) -> [HarnessOp] {
        (0..<count).map { _ in random(replicas: replicas, using: &rng) }
    }

    static func random(replicas: Int, using rng: inout SeededRandom) -> HarnessOp {
        let r = Int.random(in: 0..<replicas, using: &rng)
        let pick = Int.random(in: 0..<1000, using: &rng)
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<14: return .qualify(replica: r, pick: pick, status: Int.random(in: 0..<8, using: &rng))
        case 14..<19: return .act(replica: r, pick: pick)
        case 19..<23: return .plan(replica: r, pick: pick, days: Int.random(in: 1...20, using: &rng))
        case 23..<26: return .reschedule(replica: r, pick: pick, days: Int.random(in: 1...10, using: &rng))
        case 26..<29: return .complete(replica: r, pick: pick)
        case 29..<33: return .promise(replica: r, pick: pick, days: Int.random(in: 1...30, using: &rng))
        case 33..<36: return .openDispute(replica: r, pick: pick)
        case 36..<38: return .closeDispute(replica: r, pick: pick)
        case 38..<50: return .editContact(replica: r, pick: pick, field: Int.random(in: 0..<2, using: &rng) * 2, value: Int.random(in: 0..<100, using: &rng))
        case 50..<53: return .resolveConflict(replica: r, pick: pick, keepMine: Bool.random(using: &rng))
        case 53..<57: return .reassign(pick: pick, collector: Int.random(in: 0..<3, using: &rng))
        case 57..<59: return .clearItem(pick: pick)
        case 59..<61: return .payment(pick: pick, percent: Int.random(in: 10...90, using: &rng))
        case 61..<63: return .decideRefused(pick: pick, accept: Bool.random(using: &rng))
        case 63..<83: return .sync(replica: r)
        case 83..<88: return .offline(replica: r, Bool.random(using: &rng))
        case 88..<98:
            let fault: FaultProxy.Fault = switch Int.random(in: 0..<5, using: &rng) {
            case 0: .cutAnswer(bytes: Int.random(in: 1...6000, using: &rng))
            case 1: .resetAnswer
            case 2: .cutRequest(bytes: Int.random(in: 1...3000, using: &rng))
            case 3: .delayAnswer(milliseconds: Int.random(in: 10...200, using: &rng))
            default: .refuse
            }
            return .fault(fault)
        default: return .restartServer
        }
    }
}
