import ArgumentParser
import DSOModel
import DSOSync
import DSOTerminal
import Foundation

struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "A customer's contacts, the contact for collection first (offline).")
    @Argument(help: "Customer code.") var customer: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting {
            let contacts = try global.open().contacts(customerCode: customer).map(\.contact)
                .sorted { ($0.isCollectionContact ? 0 : 1, $0.name) < ($1.isCollectionContact ? 0 : 1, $1.name) }
            if global.json { return try printJSON(contacts, encoder: jsonEncoder) }
            var table = Table(["id", "name", "role", "phone", "email", "coll", "notes"], flexible: [6, 4, 2, 1])
            for c in contacts {
                table.add([.init(Replica.short(c.id)), .init(c.name), .init(c.role ?? ""), .init(c.phone ?? ""), .init(c.email ?? ""),
                           .init(c.isCollectionContact ? "yes" : ""), .init(c.notes ?? "")])
            }
            print(table.render(width: global.width))
            print("coll = the contact for collection (receives the reminders)")
        }
    }
}

struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Add a contact or edit one (offline).", subcommands: [Add.self, Set.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a contact to a customer.")
        @Argument(help: "Customer code.") var customer: String
        @Option var name: String
        @Option var role: String?
        @Option var email: String?
        @Option var phone: String?
        @Option var notes: String?
        @Flag(help: "Make it the contact for collection.") var collection = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reporting {
                let replica = try global.open()
                var contact = try replica.addContact(customerCode: customer, name: name, role: role, email: email, phone: phone, notes: notes)
                if collection { contact = try replica.editContact(contact.id.uuidString, set: [.collectionContact: "true"]) }
                if global.json { return try printJSON(contact, encoder: jsonEncoder) }
                print("Added \(contact.name) to \(customer) (contact \(Replica.short(contact.id)))\(collection ? ", contact for collection" : "").")
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a contact's phone, e-mail, notes, role or name; an empty value clears it.",
            discussion: "Each field merges on its own: if someone else changed another field meanwhile, both changes stay.")
        @Argument(help: "Contact id, or its last 8 characters (`dso contacts CUSTOMER`).") var contact: String
        @Option var name: String?
        @Option var role: String?
        @Option var email: String?
        @Option var phone: String?
        @Option var notes: String?
        @Flag(help: "Make it the contact for collection.") var collection = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            var fields: [ContactField: String?] = [:]
            for (field, value) in [(ContactField.name, name), (.role, role), (.email, email), (.phone, phone), (.notes, notes)] {
                if let value { fields[field] = value.isEmpty ? .some(nil) : .some(value) }
            }
            if collection { fields[.collectionContact] = "true" }
            guard !fields.isEmpty else { throw ValidationError("say what changes: --phone, --email, --notes, --role, --name or --collection") }
            try await reporting {
                let updated = try global.open().editContact(contact, set: fields)
                if global.json { return try printJSON(updated, encoder: jsonEncoder) }
                print("Updated \(updated.name): \(fields.keys.map(\.rawValue).sorted().joined(separator: ", ")).")
            }
        }
    }
}
