import AmityCore
import Vapor

/// An RFC 9457 problem details document, with the fields that broke a rule.
struct Problem: Codable, Error {
    static let mediaType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    var type: String
    var title: String
    var status: Int
    var detail: String?
    var instance: String?
    var errors: [DomainError.FieldError]?
    var requestId: String?

    /// The problem a thrown error stands for; internals of server errors stay hidden outside development.
    init(_ error: any Error, request: Request) {
        let requestID = request.headers.first(name: .xRequestId)
        instance = request.url.path
        requestId = requestID
        errors = nil
        switch error {
        case let domain as DomainError:
            switch domain {
            case .notFound(let entity, let id):
                (type, title, status) = ("/problems/not-found", "Not found", 404)
                detail = "There is no \(entity) with id '\(id)'."
            case .invalid(let raw):
                (type, title, status) = ("/problems/invalid", "Invalid request", 400)
                let fields = raw.map(request.worded)
                detail = fields.count == 1 ? fields[0].message : "\(fields.count) fields are invalid."
                errors = fields
            case .conflict(let message):
                (type, title, status) = ("/problems/conflict", "Conflict", 409)
                detail = message
            }
        case let decoding as DecodingError:
            (type, title, status) = ("/problems/invalid", "Invalid request", 400)
            let field = request.worded(Problem.describe(decoding, body: request.body.data))
            detail = field.message
            errors = [field]
        case let abort as any AbortError:
            status = Int(abort.status.code)
            title = abort.status.reasonPhrase
            type = "/problems/" + title.lowercased().replacingOccurrences(of: " ", with: "-")
            detail = abort.reason == title ? nil : abort.reason
            if abort.status == .notFound { detail = "Nothing is at \(request.url.path)." }
        case let passed as DeadlinePassed:
            (type, title, status) = ("/problems/unavailable", "Service unavailable", 503)
            detail = "Amity gave up on this request after \(passed.limit.components.seconds) seconds. A change it asked for was not confirmed: look before sending it again, or send it again with the same Idempotency-Key."
        case _ where DatabaseOutage.isOutage(error):
            (type, title, status) = ("/problems/unavailable", "Service unavailable", 503)
            detail = "The database cannot be reached just now; nothing was changed. Try again in a few seconds."
        default:
            (type, title, status) = ("/problems/internal", "Internal server error", 500)
            detail = request.application.environment == .development ? String(reflecting: error) : nil
        }
    }

    private static func describe(_ error: DecodingError, body: ByteBuffer?) -> DomainError.FieldError {
        func path(_ context: DecodingError.Context) -> String { FieldPath.of(context.codingPath) }
        switch error {
        case .keyNotFound(let key, let context):
            let field = FieldPath.of(context.codingPath + [key])
            return .init(field: field, message: "\(field) is required.")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            // A number too large for its type ("99999999999999999999") is a mismatch too.
            let whole: [Any.Type] = [Int.self, Int64.self, Int32.self, Int?.self, Int64?.self]
            if whole.contains(where: { $0 == type }) { return .init(field: path(context), key: "error_whole_number") }
            return .init(field: path(context), message: "\(path(context).isEmpty ? "The body" : path(context)) must be \(jsonKind(of: type)).")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty, let body, let field = unheldNumber(in: Data(buffer: body)) { return .init(field: field, key: "error_whole_number") }
            return .init(field: path(context), message: context.debugDescription)
        @unknown default:
            return .init(field: "", message: "The request could not be read.")
        }
    }

    /// What a Swift type is called in JSON, for a reader who wrote JSON: a refused `[]` body said it
    /// "must be a Dictionary<String, Any>".
    private static func jsonKind(of type: Any.Type) -> String {
        switch String(describing: type) {
        case let name where name.hasPrefix("Dictionary"): "an object"
        case let name where name.hasPrefix("Array") || name.hasPrefix("Set"): "a list"
        case "String", "Optional<String>", "Character": "a string"
        case "Bool", "Optional<Bool>": "true or false"
        case "Double", "Float", "Decimal", "Optional<Double>", "Optional<Decimal>": "a number"
        default: "a value of the kind the API's documentation gives"
        }
    }
}

extension Problem {
    /// The field of the number in `body` that Foundation's JSON decoder could not hold: it refuses a
    /// number too large for any integer (`99999999999999999999`), or a fraction where a whole number
    /// belongs (`1.5`), as "not valid JSON", with no path. `JSONSerialization` reads the body, so the
    /// field can still be named: the first number out of range, else the first fraction.
    static func unheldNumber(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return nil }
        func find(_ value: Any, at path: String, _ unheld: (Decimal) -> Bool) -> String? {
            switch value {
            case let members as [String: Any]:
                return members.keys.sorted().compactMap { find(members[$0]!, at: FieldPath.join(path, $0), unheld) }.first
            case let elements as [Any]:
                return elements.indices.compactMap { find(elements[$0], at: FieldPath.join(path, "[\($0)]"), unheld) }.first
            case let number as NSNumber:
                return unheld(number.decimalValue) ? path : nil
            default:
                return nil
            }
        }
        return find(object, at: "") { $0 > Decimal(Int64.max) || $0 < Decimal(Int64.min) }
            ?? find(object, at: "") { var whole = Decimal(), value = $0; NSDecimalRound(&whole, &value, 0, .plain); return whole != $0 }
    }
}

/// Turns every error into problem+json for API clients and an HTML page for people.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch is SignInRequired where request.wantsHTML {
            return request.signInRedirect()
        } catch {
            let problem = Problem(error, request: request)
            if problem.status >= 500 {
                request.logger.report(error: error)
            }
            let response: Response
            if request.wantsHTML {
                response = try await ErrorPage.render(problem, for: request)
            } else {
                response = Response(status: HTTPResponseStatus(statusCode: problem.status),
                                    body: .init(data: try Problem.encoder.encode(problem)))
                response.headers.contentType = Problem.mediaType
            }
            // An error's own headers (Retry-After on a 429, a planner's longer wait) go with it.
            if let abort = error as? any AbortError {
                for (name, value) in abort.headers where name.lowercased() != "content-type" { response.headers.replaceOrAdd(name: name, value: value) }
            }
            if problem.status == 503 && !response.headers.contains(name: .retryAfter) {
                response.headers.replaceOrAdd(name: .retryAfter, value: "5")
            }
            return response
        }
    }
}

extension Request {
    /// Whether this request is a person's browser rather than an API client.
    var wantsHTML: Bool {
        if isAPI || url.path.hasSuffix(".json") { return false }
        let accept = headers[.accept].joined(separator: ",")
        return accept.isEmpty || accept.contains("text/html")
    }
}
