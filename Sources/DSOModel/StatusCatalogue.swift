/// The statuses a new central store starts with; the credit team can add and retire others.
public enum StatusCatalogue {
    public static let defaults: [Status] = [
        Status(code: "reminder_sent", name: "Reminder sent", type: .ongoing, followUpDays: 7, followUpChannel: .call),
        Status(code: "contacted", name: "Customer contacted", type: .ongoing, followUpDays: 7, followUpChannel: .call),
        Status(code: "invoice_not_received", name: "Invoice not received (copy sent)", type: .ongoing, followUpDays: 5, followUpChannel: .call),
        Status(code: "payment_announced", name: "Payment announced", type: .ongoing, followUpDays: 5, followUpChannel: .call),
        Status(code: "promise_to_pay", name: "Promise to pay", type: .promiseToPay, followUpDays: 2, followUpChannel: .call),
        Status(code: "payment_plan", name: "Payment plan agreed", type: .promiseToPay, followUpDays: 30, followUpChannel: .call),
        Status(code: "price_dispute", name: "Price dispute", type: .dispute, followUpDays: 7, followUpChannel: .email),
        Status(code: "quality_dispute", name: "Quality dispute", type: .dispute, followUpDays: 7, followUpChannel: .email),
        Status(code: "administrative_dispute", name: "Administrative dispute", type: .dispute, followUpDays: 7, followUpChannel: .email),
        Status(code: "missing_material", name: "Missing material", type: .dispute, followUpDays: 7, followUpChannel: .email),
        Status(code: "credit_note_to_issue", name: "Credit note to issue", type: .dispute, followUpDays: 10, followUpChannel: .email),
        Status(code: "credit_note_issued", name: "Credit note issued", type: .disputeResolved, followUpDays: 7, followUpChannel: .call),
        Status(code: "dispute_resolved", name: "Dispute resolved", type: .disputeResolved, followUpDays: 7, followUpChannel: .call),
        Status(code: "litigation", name: "Litigation", type: .litigation, followUpDays: 30, followUpChannel: .letter),
        Status(code: "bailiff", name: "Bailiff", type: .litigation, followUpDays: 30, followUpChannel: .letter),
    ]
}
