import DSOModel
import DSOServer
import DSOTerminal
import Foundation
import Hummingbird

/// The credit team's web console, served by `dso-server` on its HTTPS port under `/console`,
/// beside the sync API. Sign-in exchanges a user's bearer token for a session cookie; every
/// page reads the store as that user sees it at the time of the request (a collector her
/// portfolio, managers and admins the whole book).
public struct Console: Sendable {
    let store: CentralStore
    /// The business day pages are computed on (`nil`: today, read on each request).
    let asOf: BusinessDateSource
    /// Whole-book figures, kept until the store changes (``FigureCache``).
    let figures = FigureCache()

    public init(store: CentralStore, asOf: BusinessDateSource = .today) {
        self.store = store
        self.asOf = asOf
    }

    /// Adds `/` (a redirect to the console) and every `/console` route to `router`.
    public func register(on router: Router<DSORequestContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/console", type: .found) }
        // The policy outermost, so that error pages carry it too.
        let console = router.group("console")
            .add(middleware: ContentSecurityMiddleware(contentSecurityPolicy: Console.policy))
            .add(middleware: ConsoleErrorMiddleware())
        ConsoleAssets.register(on: console)
        SignInRoutes(store: store).register(on: console)
        let pages = console.add(middleware: ConsoleSessionMiddleware(store: store))
        OverviewPage(console: self).register(on: pages)
        CollectorsPage(console: self).register(on: pages)
        CustomersPage(console: self).register(on: pages)
        ReportsPage(console: self).register(on: pages)
        ConflictsPage(console: self).register(on: pages)
        ImportsPage(console: self).register(on: pages)
        UsersPage(console: self).register(on: pages)
        SettingsPage(console: self).register(on: pages)
        pages.get("**") { request, _ -> Response in
            throw ConsoleError.notFound("There is no page at \(request.uri.path).")
        }
    }

    /// Computes the whole book's overview and reports of today into the figure cache, so that
    /// the first person to open them does not wait. Run it in the background at start-up.
    public func warmUp() async {
        let asOf = self.asOf.date, filter = ReportFilter()
        let overview = OverviewPage(console: self), reports = ReportsPage(console: self)
        guard let version = try? await store.contentVersion() else { return }
        _ = try? await figures.value(OverviewPage.key(filter: filter, asOf: asOf), version: version) {
            try await Offload.run { try overview.overview(filter: filter, asOf: asOf) }
        }
        for report in ReportHelp.allCases {
            _ = try? await figures.value(ReportsPage.key(report, filter: filter, asOf: asOf), version: version) {
                try await Offload.run { try reports.compute(report, asOf: asOf, filter: filter) }
            }
        }
    }

    /// No inline script or style, nothing from elsewhere, no framing.
    static let policy: ContentSecurityPolicy = [
        .defaultSrc(.none), .scriptSrc(.self), .styleSrc(.self), .imgSrc(.self), .connectSrc(.self),
        .formAction(.self), .frameAncestors(.none), .baseURI(.none),
    ]
}

/// Which business day the console computes its figures on.
public enum BusinessDateSource: Sendable {
    /// Today, read on each request (the server's clock, UTC).
    case today
    /// A fixed day (demos and tests).
    case fixed(BusinessDate)

    var date: BusinessDate {
        switch self {
        case .today: BusinessDate.today()
        case .fixed(let day): day
        }
    }
}
