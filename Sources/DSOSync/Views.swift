import DSOModel
import Foundation

/// The server and user a replica is attached to.
public struct Account: Codable, Hashable, Sendable {
    /// The server the replica was attached to (the first of ``servers``).
    public var server: URL
    /// Every server of the store the replica may sync with, in the order given to ``Replica/attach(servers:token:caFile:client:retry:onRetry:)``
    /// (one, unless the store is served by several): a ``FailoverTransport`` moves to the next
    /// when one is down.
    public var servers: [URL]
    public var login: String
    public var role: Role
    /// PEM file of the CA the server's certificate chains to, when not a system-trusted one.
    public var caFile: String?
}

/// Whether a locally written fact has reached the server.
public enum SyncState: String, Codable, Sendable {
    /// Written here, waiting in the outbox.
    case pending
    /// Applied by the server.
    case accepted
    /// Refused by the server; see the rejection code. Kept so that no work is silently lost.
    case rejected
}

/// A customer of the portfolio with its open balance.
public struct CustomerSummary: Codable, Hashable, Sendable {
    public var customer: Customer
    public var openItems: Int
    public var overdueItems: Int
    /// Open amount per currency.
    public var openAmounts: [Money]
    public var overdueAmounts: [Money]
}

/// An open item with what a collector needs beside it.
public struct ItemView: Codable, Hashable, Sendable {
    public var item: OpenItem
    public var customerCode: String
    public var customerName: String
    /// Days past due (negative: not yet due).
    public var overdueDays: Int
    /// The qualification giving the item its current status, if any.
    public var current: Qualification?
    /// Name of the current status.
    public var statusName: String?
    /// Sync state of the current qualification (`pending` until the server accepts it).
    public var currentState: SyncState?
}

/// One qualification in an item's history.
public struct HistoryEntry: Codable, Hashable, Sendable {
    public var qualification: Qualification
    public var statusName: String?
    public var state: SyncState
    /// Server sequence, once accepted.
    public var seq: Int64?
    public var rejectionCode: String?
    public var rejectionDetail: String?
    /// Whether this entry gives the item its current status.
    public var isCurrent: Bool
    /// When the server received it (provenance); `nil` while pending, or when not known here.
    public var receivedAt: Date?
    /// The qualification that overrode it as the item's status: the next one in precedence
    /// order (`nil` for the current one, and for rejected ones, which never counted).
    public var overriddenBy: UUID?
}

/// What `dso status` shows.
public struct ReplicaStatus: Codable, Hashable, Sendable {
    public var replicaID: UUID
    public var account: Account?
    public var pendingChanges: Int
    public var rejectedChanges: Int
    public var lastSync: Date?
    public var customers: Int
    public var openItems: Int
    /// Whether the first download finished (see ``Replica/isDownloadComplete()``).
    public var downloadComplete: Bool
    /// How far this device's clock was ahead of the server's at the last sync (seconds,
    /// negative: behind); `nil` before the first sync.
    public var clockOffset: TimeInterval?

    /// The device clock differs from the server's by more than this: facts are stamped with
    /// the device's time (their HLC), so the credit team reads wrong times and the server may
    /// refuse work stamped too far ahead.
    public static let clockWarningThreshold: TimeInterval = 120

    /// Whether ``clockOffset`` exceeds ``clockWarningThreshold``.
    public var clockIsOff: Bool { abs(clockOffset ?? 0) > ReplicaStatus.clockWarningThreshold }
}

/// What a sync did.
public struct SyncReport: Codable, Hashable, Sendable {
    /// Changes sent (accepted, duplicate and rejected alike).
    public var pushed = 0
    /// Changes the server applied, now or on an earlier push whose answer was lost.
    public var accepted = 0
    /// Changes the server refused; see ``Replica/rejected()``.
    public var rejected = 0
    /// Changes received.
    public var pulled = 0
    /// Pull pages received.
    public var pages = 0
    /// The server's clock at its last answer.
    public var serverTime: Date?
    /// How far this device's clock was ahead of the server's (negative: behind) when the last
    /// answer arrived, in seconds; within a round trip.
    public var clockOffset: TimeInterval?
    /// Whether the server refused the stored cursor and the replica downloaded its scope again.
    public var rebootstrapped = false
    /// Whether the first download came as one SQLite file (protocol version 2) rather than as
    /// version 1 pages.
    public var snapshotFile = false
}

/// Progress of a running sync, for a progress line.
public struct SyncProgress: Sendable {
    public enum Phase: String, Sendable {
        case pushing
        /// The first download as one file (protocol v2): one step, `pulled` counts its rows once copied in.
        case downloading
        case pulling, done
    }
    public var phase: Phase
    public var pushed: Int
    /// Changes left in the outbox.
    public var remaining: Int
    public var pulled: Int
    /// Set while the engine waits to retry a failed call of this phase.
    public var retry: RetryNotice?

    public init(phase: Phase, pushed: Int, remaining: Int, pulled: Int, retry: RetryNotice? = nil) {
        self.phase = phase
        self.pushed = pushed
        self.remaining = remaining
        self.pulled = pulled
        self.retry = retry
    }
}
