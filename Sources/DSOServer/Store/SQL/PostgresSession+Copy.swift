import Foundation
import Logging
import NIOCore
import PostgresNIO

extension PostgresSession {
    /// Sends `rows` to `table` with `COPY table(columns) FROM STDIN` (text format) in the
    /// session's transaction: one statement and one stream of bytes instead of a round trip per
    /// row. Values are escaped as the text format asks (`\\N` for a null; backslash, tab, newline
    /// and carriage return escaped); blobs are not supported (no table copied holds one).
    ///
    /// ```sql
    /// COPY changes(seq, kind, customer_id, payload, collector_from, collector_to, at) FROM STDIN
    /// ```
    func copy(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        try settle()
        var text = ""
        text.reserveCapacity(rows.count * 256)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { text.append("\t") }
                switch value {
                case .null: text.append("\\N")
                case .integer(let number): text.append(String(number))
                case .real(let number): text.append(String(number))
                case .text(let string): PostgresSession.escape(string, into: &text)
                case .blob: throw SQLStatementError(sqlState: nil, message: "COPY of a blob is not supported")
                }
            }
            text.append("\n")
        }
        let connection = self.connection, data = text
        let promise = connection.eventLoop.makePromise(of: Void.self)
        promise.completeWithTask {
            try await connection.copyFrom(table: table, columns: columns, logger: Logger(label: "dso-store-copy")) { writer in
                var bytes = Substring(data).utf8[...]
                while !bytes.isEmpty {
                    let chunk = bytes.prefix(1 << 20)
                    try await writer.write(ByteBuffer(bytes: chunk))
                    bytes = bytes.dropFirst(chunk.count)
                }
            }
        }
        do {
            try promise.futureResult.wait()
        } catch {
            throw PostgresEngine.classify(error)
        }
    }

    /// A text value in COPY's text format.
    static func escape(_ string: String, into text: inout String) {
        guard string.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 9 || $0 == 10 || $0 == 13 }) else {
            text.append(string)
            return
        }
        for character in string.unicodeScalars {
            switch character {
            case "\\": text.append("\\\\")
            case "\t": text.append("\\t")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            default: text.unicodeScalars.append(character)
            }
        }
    }
}
