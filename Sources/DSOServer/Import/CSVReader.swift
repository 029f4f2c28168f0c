import Foundation

/// Streams an RFC 4180 CSV file record by record, in bounded memory, with the line number each
/// record starts on (so a rejected row can be reported as "line 17"). Accepts `,` or `;`
/// separators (detected on the header line), quoted fields with doubled quotes and embedded
/// newlines, CRLF or LF line ends, and a UTF-8 byte-order mark.
///
/// Hand-written rather than a dependency: none of the chosen packages reads CSV, and the
/// importers need physical line numbers, which the CSV packages on the mirror do not give.
struct CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
    }

    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var description: String
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var index = 0
    private var eof = false
    private var line = 1
    private var separator: UInt8?

    init(url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
        fill()
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    private mutating func fill() {
        if index > 0 {
            buffer.removeFirst(index)
            index = 0
        }
        if let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            buffer.append(contentsOf: chunk)
        } else {
            eof = true
        }
    }

    private mutating func peek() -> UInt8? {
        if index >= buffer.count {
            if eof { return nil }
            fill()
            if index >= buffer.count { return nil }
        }
        return buffer[index]
    }

    /// The next record, or `nil` at the end of the file. Blank lines are skipped.
    mutating func next() throws -> Record? {
        while true {
            guard let first = peek() else { return nil }
            if first == UInt8(ascii: "\n") { index += 1; line += 1; continue }
            if first == UInt8(ascii: "\r") { index += 1; continue }
            break
        }
        if separator == nil { separator = detectSeparator() }
        let sep = separator!
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        while true {
            guard let byte = peek() else {
                if quoted { throw Failure(line: start, description: "unterminated quoted field") }
                fields.append(String(decoding: field, as: UTF8.self))
                return Record(line: start, fields: fields)
            }
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") { field.append(byte); index += 1 } else { quoted = false }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if field.isEmpty && !wasQuoted { quoted = true; wasQuoted = true } else { field.append(byte) }
            case sep:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            case UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\n"):
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return Record(line: start, fields: fields)
            default:
                field.append(byte)
            }
        }
    }

    private mutating func detectSeparator() -> UInt8 {
        var commas = 0, semicolons = 0
        var i = index
        while i < buffer.count, buffer[i] != UInt8(ascii: "\n") {
            if buffer[i] == UInt8(ascii: ",") { commas += 1 }
            if buffer[i] == UInt8(ascii: ";") { semicolons += 1 }
            i += 1
        }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }
}

/// A CSV file read with its header: fields by column name.
struct CSVTable {
    private var reader: CSVReader
    let columns: [String: Int]

    /// Opens the file and checks that every required column is present.
    init(url: URL, required: [String]) throws {
        reader = try CSVReader(url: url)
        guard let header = try reader.next() else { throw CSVReader.Failure(line: 1, description: "the file is empty") }
        var columns: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            columns[name.trimmingCharacters(in: .whitespaces).lowercased()] = i
        }
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw CSVReader.Failure(line: header.line, description: "missing column(s) \(missing.joined(separator: ", ")); the header has \(header.fields.joined(separator: ", "))")
        }
        self.columns = columns
    }

    mutating func next() throws -> CSVRow? {
        guard let record = try reader.next() else { return nil }
        return CSVRow(line: record.line, fields: record.fields, columns: columns)
    }
}

struct CSVRow {
    var line: Int
    var fields: [String]
    var columns: [String: Int]

    /// The trimmed value of a column; `nil` when absent or empty.
    subscript(_ name: String) -> String? {
        guard let i = columns[name], i < fields.count else { return nil }
        let field = fields[i]
        // A field that starts and ends with a visible ASCII character has nothing to trim
        // (Foundation's trimming is the costliest step of a row otherwise).
        let visible = UInt8(ascii: "!")...UInt8(ascii: "~")
        if let first = field.utf8.first, let last = field.utf8.last, visible.contains(first), visible.contains(last) { return field }
        let value = field.trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }
}
