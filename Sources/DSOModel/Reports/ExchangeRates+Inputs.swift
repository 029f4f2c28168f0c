import Foundation

/// The reports' inputs brought into one currency (`--in`): every amount converted at the
/// conversion's rate, before any rule runs, so that every report computes as if the book were
/// kept in that currency. An amount in a currency the conversion has no rate for stays as it is
/// (the data sources build the conversion from every currency in the scope).
extension ExchangeRates.Conversion {
    public func convert(_ item: OpenItem) -> OpenItem {
        var item = item
        item.initialAmount = convert(item.initialAmount) ?? item.initialAmount
        item.openAmount = convert(item.openAmount) ?? item.openAmount
        return item
    }

    public func convert(_ item: LedgerItem) -> LedgerItem {
        var item = item
        item.initialAmount = convert(item.initialAmount) ?? item.initialAmount
        item.openAmount = convert(item.openAmount) ?? item.openAmount
        return item
    }

    public func convert(_ payment: Payment) -> Payment {
        var payment = payment
        payment.amount = convert(payment.amount) ?? payment.amount
        return payment
    }

    public func convert(_ qualification: Qualification) -> Qualification {
        var qualification = qualification
        qualification.promisedAmount = qualification.promisedAmount.map { convert($0) ?? $0 }
        return qualification
    }

    /// Any report input (``CurrencyConvertible``).
    public func convert<Input: CurrencyConvertible>(_ input: Input) -> Input { input.converted(by: self) }

    func convert(_ file: CustomerFile) -> CustomerFile {
        CustomerFile(customer: file.customer, items: file.items.values.map(convert), qualifications: file.qualifications.map(convert),
                     actions: file.actions, statusesByCode: file.statuses, payments: file.payments.map(convert))
    }

    func convert(_ item: ReportItem) -> ReportItem {
        var item = item
        item.item = convert(item.item)
        item.open = convert(item.open) ?? item.open
        return item
    }

    func convert(_ entry: DSOReport.Entry) -> DSOReport.Entry {
        let currency = entry.item.initialAmount.currency
        return DSOReport.Entry(item: convert(entry.item), payments: entry.payments.map {
            LedgerPayment(date: $0.date, minor: convert(Money(minor: $0.minor, currency: currency))?.minor ?? $0.minor)
        })
    }

    func convert(_ entry: PaymentProfileReport.Entry) -> PaymentProfileReport.Entry {
        var entry = entry
        entry.item = convert(entry.item)
        return entry
    }
}

/// A report input whose amounts a conversion can bring into one currency.
public protocol CurrencyConvertible {
    func converted(by conversion: ExchangeRates.Conversion) -> Self
}

extension CustomerFile: CurrencyConvertible {
    public func converted(by conversion: ExchangeRates.Conversion) -> CustomerFile { conversion.convert(self) }
}

extension ReportItem: CurrencyConvertible {
    public func converted(by conversion: ExchangeRates.Conversion) -> ReportItem { conversion.convert(self) }
}

extension ReportLedger.Entry: CurrencyConvertible {
    public func converted(by conversion: ExchangeRates.Conversion) -> ReportLedger.Entry {
        let converted = conversion.convert(dsoEntry)
        return ReportLedger.Entry(id: id, item: converted.item, payments: converted.payments)
    }
}

extension DSOReport.Entry: CurrencyConvertible {
    public func converted(by conversion: ExchangeRates.Conversion) -> DSOReport.Entry { conversion.convert(self) }
}

extension PaymentProfileReport.Entry: CurrencyConvertible {
    public func converted(by conversion: ExchangeRates.Conversion) -> PaymentProfileReport.Entry { conversion.convert(self) }
}

extension ReportFilter {
    /// The filter with the conversion ``convertedTo`` asks for: `currencies` (those of the
    /// report's scope) at the latest of `rates` on or before `asOf`; unchanged without `--in`.
    /// - Throws: ``ExchangeRates/MissingRates`` when a currency has no rate by then.
    public func converting(rates: ExchangeRates?, currencies: some Sequence<CurrencyCode>, asOf: BusinessDate) throws -> ReportFilter {
        guard let target = convertedTo else { return self }
        var converting = self
        converting.conversion = try (rates ?? ExchangeRates(base: target)).conversion(to: target, on: asOf, currencies: currencies)
        return converting
    }

    /// `inputs` in the conversion's currency, if the filter has one.
    public func converted<Input: CurrencyConvertible>(_ inputs: [Input]) -> [Input] {
        guard let conversion else { return inputs }
        return inputs.map { $0.converted(by: conversion) }
    }
}
