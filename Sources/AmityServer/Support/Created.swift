import Vapor

extension Content {
    /// A 201 answer carrying this body, with `Location` naming where the new record lives.
    func created(at location: String, for req: Request) async throws -> Response {
        let response = try await encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }
}
