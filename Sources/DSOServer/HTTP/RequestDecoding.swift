import DSOProtocol
import Foundation

/// Turns a request body into a typed message, or into the problem document that says exactly
/// what is wrong with it.
enum RequestDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try wireDecoder.decode(type, from: data)
        } catch let error as UnknownChangeKind {
            throw ProblemError(.unknownChangeKind, 422, "Unknown change kind",
                               "'\(error.kind)' is not a change kind of protocol v\(ProtocolVersion.current)",
                               errors: [.init(pointer: pointer(error.codingPath) + "/kind", reason: "unknown kind '\(error.kind)'")])
        } catch let error as DecodingError {
            switch error {
            case .dataCorrupted(let context) where context.codingPath.isEmpty:
                // Foundation also says "not valid JSON" for a well-formed number that does not fit
                // the integer it decodes into: a wrong value, not a malformed body.
                guard let numbers = NumberLocator.badNumbers(in: data) else {
                    throw ProblemError(.malformedJSON, 400, "Malformed JSON", "the body is not valid JSON")
                }
                let errors = numbers.map { Problem.FieldError(pointer: $0.pointer, reason: "expected an integer in the 64-bit range, got \($0.value)") }
                throw ProblemError.invalid(errors.first.map { "not a 64-bit integer at \($0.pointer)" } ?? "a value does not fit its field",
                                           errors: errors.isEmpty ? nil : errors)
            case .dataCorrupted(let context):
                throw ProblemError.invalid(context.debugDescription, errors: [.init(pointer: pointer(context.codingPath), reason: context.debugDescription)])
            case .keyNotFound(let key, let context):
                let path = pointer(context.codingPath + [key])
                throw ProblemError.invalid("missing field \(path)", errors: [.init(pointer: path, reason: "required")])
            case .typeMismatch(let type, let context):
                let path = pointer(context.codingPath)
                throw ProblemError.invalid("wrong type at \(path)", errors: [.init(pointer: path, reason: "expected \(jsonType(type))")])
            case .valueNotFound(let type, let context):
                let path = pointer(context.codingPath)
                throw ProblemError.invalid("null at \(path)", errors: [.init(pointer: path, reason: "expected \(jsonType(type)), got null")])
            @unknown default:
                throw ProblemError.invalid("\(error)")
            }
        }
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        "/" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }

    static func pointer(_ dotted: String) -> String {
        dotted.isEmpty ? "" : "/" + dotted.split(separator: ".").map { part in
            part.hasPrefix("Index ") ? String(part.dropFirst(6)) : String(part)
        }.joined(separator: "/")
    }

    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
