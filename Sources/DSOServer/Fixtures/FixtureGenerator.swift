import DSOModel
import Foundation

/// Writes a realistic, deterministic sample portfolio as the ERP would export it: the same
/// seed, size and date give byte-identical files.
///
/// Files: `users.csv`, `customers.csv`, `portfolio.csv`, `contacts.csv`, `items.csv`, and with
/// ``historyMonths`` above 0 `history.csv`: invoices of those months already paid (drawn from a
/// random stream of their own, so the other files do not depend on it).
public struct FixtureGenerator: Sendable {
    public var customers: Int
    public var seed: UInt64
    /// The "today" the items are dated around: about a third not yet due, the rest overdue by
    /// up to eight months.
    public var asOf: BusinessDate
    /// Months of paid invoices before `asOf` written to `history.csv` (0: no history file).
    public var historyMonths: Int

    public init(customers: Int, seed: UInt64, asOf: BusinessDate, historyMonths: Int = 0) {
        self.customers = customers
        self.seed = seed
        self.asOf = asOf
        self.historyMonths = historyMonths
    }

    /// Users of the sample: an admin, a credit manager, three collectors and three colleagues who
    /// resolve disputes.
    public static let users: [(login: String, name: String, role: Role)] = [
        ("admin", "Ada Admin", .admin),
        ("claire", "Claire Martin (credit manager)", .manager),
        ("alice", "Alice Durand", .collector),
        ("bruno", "Bruno Lefèvre", .collector),
        ("chloe", "Chloé Bernard", .collector),
        ("sales.north", "Nadia Roux (sales, north)", .resolver),
        ("tech.support", "Technical support desk", .resolver),
        ("billing", "Billing desk", .resolver),
    ]

    /// Counts of what was written.
    public struct Summary: Sendable {
        public var customers = 0
        public var contacts = 0
        public var items = 0
        public var history = 0
    }

    @discardableResult
    public func write(to directory: URL) throws -> Summary {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var rng = SplitMix64(seed: seed)
        var summary = Summary()
        let collectors = FixtureGenerator.users.filter { $0.role == .collector }.map(\.login)

        var users = "login,name,role,email\n"
        for u in FixtureGenerator.users { users += "\(u.login),\(csv(u.name)),\(u.role.rawValue),\(u.login)@dso-demo.example\n" }

        var customerRows = "code,name,address,city,country,language,currency,payment_terms_days\n"
        var portfolio = "customer,collector\n"
        var contacts = "customer,name,role,email,phone,collection_contact\n"
        var items = "customer,number,kind,issue_date,due_date,amount,open_amount,currency\n"
        var invoiceNumber = 0
        var history = "customer,number,kind,issue_date,due_date,amount,currency,payment_date\n"
        var historyRng = SplitMix64(seed: seed ^ 0x4849_5354_4F52_5921)
        var historyNumber = 0
        for index in 1...max(1, customers) {
            let code = String(format: "C%04d", index)
            let (name, city, country, language, currency) = company(&rng)
            let terms = [30, 30, 45, 60, 30, 0][Int(rng.next() % 6)]
            let street = "\(1 + rng.next() % 180) \(Words.streets[Int(rng.next() % UInt64(Words.streets.count))])"
            customerRows += "\(code),\(csv(name)),\(csv(street)),\(city),\(country),\(language),\(currency),\(terms)\n"
            // Most customers have a collector; a few are left unassigned, as in real portfolios.
            if index % 17 != 0 { portfolio += "\(code),\(collectors[(index - 1) % collectors.count])\n" }
            summary.customers += 1

            let contactCount = 1 + Int(rng.next() % 3)
            // A customer's contacts have different names: the importer recognises a contact by
            // its name and e-mail, and refuses the same one twice.
            var names: Set<String> = []
            for c in 0..<contactCount {
                var first = "", last = ""
                repeat {
                    first = Words.firstNames[Int(rng.next() % UInt64(Words.firstNames.count))]
                    last = Words.lastNames[Int(rng.next() % UInt64(Words.lastNames.count))]
                } while !names.insert(first + " " + last).inserted
                let role = ["Accountant", "Accounts payable", "CFO", "Buyer"][c % 4]
                let domain = name.lowercased().filter { $0.isLetter && $0.isASCII }.prefix(12)
                let email = "\(first.lowercased().filter(\.isASCII)).\(last.lowercased().filter(\.isASCII))@\(domain).example"
                let phone = String(format: "+33 1 %02d %02d %02d %02d", rng.next() % 100, rng.next() % 100, rng.next() % 100, rng.next() % 100)
                contacts += "\(code),\(csv(first + " " + last)),\(role),\(email),\(phone),\(c == 0 ? "yes" : "no")\n"
                summary.contacts += 1
            }

            let itemCount = 6 + Int(rng.next() % 10)
            let digits = CurrencyCode(currency)!.minorDigits
            for _ in 0..<itemCount {
                invoiceNumber += 1
                let roll = rng.next() % 100
                let kind = roll < 88 ? "invoice" : (roll < 96 ? "credit_note" : "payment")
                // Issue dates spread over the last ~9 months, so due dates fall on both sides of as-of.
                let issue = asOf.adding(days: -Int(rng.next() % 270))
                let due = issue.adding(days: terms)
                var minor = Int64(5_000 + rng.next() % 2_500_000)
                if digits == 0 { minor /= 100 }
                if kind != "invoice" { minor = -minor / 4 }
                let partial = kind == "invoice" && rng.next() % 8 == 0
                let open = partial ? minor / 2 : minor
                let prefix = kind == "invoice" ? "INV" : (kind == "credit_note" ? "CN" : "PAY")
                let number = String(format: "%@-%04d-%06d", prefix, issue.components.year, invoiceNumber)
                let amountMoney = Money(minor: minor, currency: CurrencyCode(currency)!)
                let openMoney = Money(minor: open, currency: CurrencyCode(currency)!)
                items += "\(code),\(number),\(kind),\(issue),\(due),\(amountMoney.decimalString),\(openMoney.decimalString),\(currency)\n"
                summary.items += 1
            }
            if historyMonths > 0 {
                history += paidInvoices(code: code, currency: currency, terms: terms, rng: &historyRng, number: &historyNumber,
                                        count: &summary.history)
            }
        }
        if historyMonths > 0 { try write(history, "history.csv", in: directory) }
        try write(users, "users.csv", in: directory)
        try write(customerRows, "customers.csv", in: directory)
        try write(portfolio, "portfolio.csv", in: directory)
        try write(contacts, "contacts.csv", in: directory)
        try write(items, "items.csv", in: directory)
        return summary
    }

    /// One customer's paid invoices of the last ``historyMonths`` months: one or two a month, each
    /// paid after its due date by the customer's habit (on time, a few days, weeks or months late)
    /// and only if that payment date is already past.
    private func paidInvoices(code: String, currency: String, terms: Int, rng: inout SplitMix64, number: inout Int,
                              count: inout Int) -> String {
        let habit = [0, 3, 12, 25, 55][Int(rng.next() % 5)]
        let digits = CurrencyCode(currency)!.minorDigits
        var rows = ""
        for month in 0..<historyMonths {
            for _ in 0..<(rng.next() % 3 == 0 ? 2 : 1) {
                let issue = asOf.adding(days: -(30 * month + Int(rng.next() % 30)))
                let due = issue.adding(days: terms)
                let paid = due.adding(days: max(-terms, habit + Int(rng.next() % 11) - 5))
                guard paid < asOf else { continue }
                number += 1
                var minor = Int64(5_000 + rng.next() % 2_500_000)
                if digits == 0 { minor /= 100 }
                let amount = Money(minor: minor, currency: CurrencyCode(currency)!)
                rows += "\(code),\(String(format: "INV-H%04d-%07d", issue.components.year, number)),invoice,\(issue),\(due),"
                    + "\(amount.decimalString),\(currency),\(paid)\n"
                count += 1
            }
        }
        return rows
    }

    private func company(_ rng: inout SplitMix64) -> (String, String, String, String, String) {
        let a = Words.companyA[Int(rng.next() % UInt64(Words.companyA.count))]
        let b = Words.companyB[Int(rng.next() % UInt64(Words.companyB.count))]
        let place = Words.places[Int(rng.next() % UInt64(Words.places.count))]
        let currency: String
        switch place.country {
        case "GB": currency = "GBP"
        case "US": currency = "USD"
        case "CH": currency = "CHF"
        case "JP": currency = "JPY"
        default: currency = "EUR"
        }
        return ("\(a) \(b)", place.city, place.country, place.language, currency)
    }

    private func csv(_ field: String) -> String {
        field.contains(",") || field.contains("\"") ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    private func write(_ text: String, _ name: String, in directory: URL) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
    }
}

/// A small, fast, seedable generator (SplitMix64), stable across platforms and releases: the
/// fixtures, and the convergence harness's cases, are the same for the same seed everywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Words {
    static let companyA = ["Atelier", "Boulangerie", "Transports", "Garage", "Menuiserie", "Pharmacie", "Imprimerie", "Brasserie",
                           "Quincaillerie", "Laboratoire", "Clinique", "Hôtel", "Fromagerie", "Carrosserie", "Nordic", "Alpine",
                           "Harbor", "Summit", "Crown", "Meridian"]
    static let companyB = ["Dupont", "Moreau", "Lambert", "Fontaine", "Rousseau", "du Centre", "des Alpes", "Atlantique", "Riviera",
                           "Logistics", "Foods", "Engineering", "Textiles", "Supplies", "& Fils", "Industries", "Partners", "Tech"]
    static let places: [(city: String, country: String, language: String)] = [
        ("Paris", "FR", "fr"), ("Lyon", "FR", "fr"), ("Lille", "FR", "fr"), ("Nantes", "FR", "fr"), ("Bordeaux", "FR", "fr"),
        ("Toulouse", "FR", "fr"), ("Brussels", "BE", "fr"), ("Antwerp", "BE", "nl"), ("Hamburg", "DE", "de"),
        ("Munich", "DE", "de"), ("Milan", "IT", "it"), ("Madrid", "ES", "es"), ("Geneva", "CH", "fr"),
        ("London", "GB", "en"), ("Manchester", "GB", "en"), ("Boston", "US", "en"), ("Osaka", "JP", "ja"),
    ]
    static let streets = ["rue de la République", "avenue Jean Jaurès", "boulevard Voltaire", "rue du Port", "High Street",
                          "Hauptstraße", "Via Roma", "Calle Mayor", "chemin des Vignes", "quai de Seine"]
    static let firstNames = ["Marie", "Jean", "Sophie", "Luc", "Camille", "Hugo", "Emma", "Louis", "Léa", "Paul", "Anna", "Marc",
                             "Julia", "Tom", "Sarah", "Nina"]
    static let lastNames = ["Martin", "Bernard", "Petit", "Robert", "Richard", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
                            "Michel", "Garcia", "Weber", "Rossi", "Smith", "Tanaka"]
}
