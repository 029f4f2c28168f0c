import DSOModel
import DSOProtocol
import Foundation
import GRDB

/// A fact written here that the server refused, with its reason: nothing is silently lost.
public struct ReturnedWork: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable { case qualification, action, contact }

    public var kind: Kind
    public var factID: UUID
    public var customerID: UUID
    /// What the fact said, in a few words.
    public var summary: String
    public var code: String?
    public var detail: String?
}

extension Replica {
    /// Every fact the server refused (qualifications, action events, contact edits), newest first.
    public func returnedWork() throws -> [ReturnedWork] {
        try pool.read { db in
            var out: [ReturnedWork] = []
            for row in try Row.fetchAll(db, sql: "SELECT doc, reject_code, reject_detail FROM qualifications WHERE state = 'rejected'") {
                let q = try Qualification.fromWire(row["doc"])
                out.append(ReturnedWork(kind: .qualification, factID: q.id, customerID: q.customerID, summary: q.summary,
                                        code: row["reject_code"], detail: row["reject_detail"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT doc, reject_code, reject_detail FROM action_events WHERE state = 'rejected'") {
                let e = try ActionEvent.fromWire(row["doc"])
                out.append(ReturnedWork(kind: .action, factID: e.id, customerID: e.customerID, summary: e.summary,
                                        code: row["reject_code"], detail: row["reject_detail"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT doc, reject_code, reject_detail FROM contact_edits WHERE state = 'rejected'") {
                let e = try ContactEdit.fromWire(row["doc"])
                out.append(ReturnedWork(kind: .contact, factID: e.id, customerID: e.customerID, summary: e.summary,
                                        code: row["reject_code"], detail: row["reject_detail"]))
            }
            return out.sorted { $0.factID.text > $1.factID.text }
        }
    }
}
