import Fluent
import Vapor

/// Makes every POST safe to retry: the same `Idempotency-Key` with the same request is carried
/// out once and answered the same way each time; with another request it is refused.
///
/// The key is scoped to the caller (the signed-in person, else the address), stored with a
/// fingerprint of method, path and body before the handler runs, so two concurrent requests
/// with one key cannot both proceed: the unique index lets one in, the other gets 409.
struct IdempotencyMiddleware: AsyncMiddleware {
    static let header = "Idempotency-Key"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, let key = request.headers.first(name: Self.header) else {
            return try await next.respond(to: request)
        }
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw Abort(.badRequest, reason: "An Idempotency-Key is 1 to 255 printable ASCII characters.")
        }
        let body = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        let fingerprint = Secret.hash("\(request.method.rawValue) \(request.url.string)\n" + (body.map { String(buffer: $0) } ?? ""))
        let scope = request.signedIn?.id.map { "person:\($0)" } ?? "address:\(request.clientAddress)"

        if let existing = try await IdempotencyRecord.query(on: request.db).filter(\.$scope == scope).filter(\.$key == key).first() {
            // A claim left unanswered for two minutes was abandoned: the database went away while the
            // request ran, so it could not be released. The retry is carried out afresh; in the rare case
            // where the first commit landed but its answer could not be recorded, the retry repeats it.
            let abandoned = existing.status == 0 && request.application.clock.now().timeIntervalSince(existing.createdAt) > 120
            guard abandoned else { return try replay(existing, fingerprint: fingerprint) }
            try await existing.delete(on: request.db)
        }
        let record = IdempotencyRecord()
        record.scope = scope
        record.key = key
        record.fingerprint = fingerprint
        record.status = 0
        record.createdAt = request.application.clock.now()
        do {
            try await record.create(on: request.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "A request with this Idempotency-Key is still being answered; retry in a moment.")
        }

        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // Nothing was changed (writes are transactions), so the key is free for a corrected retry.
            try await record.delete(on: request.db)
            throw error
        }
        guard response.status.code < 400, let buffer = response.body.buffer else {
            try await record.delete(on: request.db)
            return response
        }
        record.status = Int(response.status.code)
        record.location = response.headers.first(name: .location)
        if response.headers.cacheControl?.noStore == true {
            // The answer holds a secret shown once: remember that it was given, never what it was.
            record.contentType = Problem.mediaType.serialize()
            record.body = Self.secretWithheld
        } else {
            record.contentType = response.headers.first(name: .contentType)
            record.body = String(buffer: buffer)
        }
        try await record.save(on: request.db)
        return response
    }

    /// What a replay of an answer that held a secret says instead of the secret.
    static let secretWithheld = #"{"status":409,"title":"Conflict","type":"/problems/conflict","detail":"This request was already carried out. Its answer held a secret that is shown only once and is not kept."}"#

    private func replay(_ record: IdempotencyRecord, fingerprint: String) throws -> Response {
        guard record.fingerprint == fingerprint else {
            throw Abort(.unprocessableEntity, reason: "This Idempotency-Key was already used with a different request.")
        }
        guard record.status != 0 else {
            throw Abort(.conflict, reason: "A request with this Idempotency-Key is still being answered; retry in a moment.")
        }
        if record.body == Self.secretWithheld {
            throw Abort(.conflict, reason: "This request was already carried out. Its answer held a secret that is shown only once and is not kept.")
        }
        var headers = HTTPHeaders()
        if let contentType = record.contentType { headers.replaceOrAdd(name: .contentType, value: contentType) }
        if let location = record.location { headers.replaceOrAdd(name: .location, value: location) }
        headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        return Response(status: HTTPResponseStatus(statusCode: record.status), headers: headers, body: .init(string: record.body ?? ""))
    }
}
