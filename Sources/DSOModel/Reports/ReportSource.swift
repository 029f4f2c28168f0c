/// Where the reports run: the central store (the whole book) or a replica (the portfolio it
/// holds, offline). Both compute every report by the same rules from the same kind of rows, so
/// a manager's full replica gives the same figures as the store; the CLIs' `report` commands are
/// written once against this protocol.
public protocol ReportSource {
    func agingReport(asOf: BusinessDate, filter: ReportFilter) throws -> AgingReport
    func statusReport(asOf: BusinessDate, filter: ReportFilter) throws -> StatusReport
    func dsoReport(asOf: BusinessDate, months: Int, filter: ReportFilter) throws -> DSOReport
    func ceiReport(asOf: BusinessDate, months: Int, filter: ReportFilter) throws -> CEIReport
    func receiptsReport(asOf: BusinessDate, step: ReportStep, periods: Int, filter: ReportFilter) throws -> ReceiptsReport
    func trendReport(asOf: BusinessDate, step: ReportStep, periods: Int, filter: ReportFilter) throws -> TrendReport
    func paymentProfileReport(asOf: BusinessDate, filter: ReportFilter) throws -> PaymentProfileReport
    func disputesReport(asOf: BusinessDate, filter: ReportFilter) throws -> DisputesReport
    func promisesReport(asOf: BusinessDate, months: Int, filter: ReportFilter) throws -> PromisesReport
    func forecastReport(asOf: BusinessDate, weeks: Int, filter: ReportFilter) throws -> ForecastReport
    func activityReport(asOf: BusinessDate, days: Int, filter: ReportFilter) throws -> ActivityReport
}
