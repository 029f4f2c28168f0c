import Foundation
import Hummingbird
import MultipartKit

/// The fields of a `multipart/form-data` body, read with MultipartKit's parser: each field's
/// value, and for a file its name as the browser sent it.
struct MultipartForm {
    struct Field {
        var filename: String?
        var body: ByteBuffer
        var text: String { String(buffer: body) }
    }

    var fields: [String: Field] = [:]

    subscript(_ name: String) -> Field? { fields[name] }

    /// Parses `body` with the boundary of `contentType`; `nil` when it is not multipart or the
    /// parser refuses it.
    static func parse(_ body: ByteBuffer, contentType: String) -> MultipartForm? {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = parameter("boundary", in: contentType) else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var form = MultipartForm()
        var disposition: String?
        var current = ByteBuffer()
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if let disposition, let name = parameter("name", in: disposition) {
                form.fields[name] = Field(filename: parameter("filename", in: disposition), body: current)
            }
            disposition = nil
            current = ByteBuffer()
        }
        do { try parser.execute(body) } catch { return nil }
        return form
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in value: String) -> String? {
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var text = pair[1]
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text
        }
        return nil
    }
}
