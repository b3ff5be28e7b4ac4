import AmityCore
import Vapor

/// `/api/v1/statements`: joint statements, their signatures, exports and the chain check.
struct StatementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let statements = routes.grouped("statements")
        statements.get { req in try await Statements(request: req).list(page: try req.pageRequest(shape: Paging.idShape)) }
        statements.post(use: create)
        // An export of a long list is larger than an ordinary request.
        statements.on(.POST, "verify", body: .collect(maxSize: "4mb")) { req in
            try await Statements(request: req).verify(try req.decodeBody(StatementExport.self))
        }
        statements.get(":id") { req in try await Statements(request: req).statement(id: try req.intParameter("id", entity: "statement")) }
        statements.put(":id", use: update)
        statements.post(":id", "open", use: open)
        statements.post(":id", "versions", use: newVersion)
        statements.post(":id", "signatures", use: sign)
        statements.post(":id", "signatures", ":city", "withdraw") { req in
            try await Statements(request: req).withdraw(id: try req.intParameter("id", entity: "statement"), cityID: try req.intParameter("city", entity: "city"))
        }
        routes.get("signing-key") { req in
            let key = req.application.signingKey.publicKey.rawRepresentation.base64EncodedString()
            return SigningKeyDTO(publicKey: key, fingerprint: HeadSignature.fingerprint(key))
        }
        statements.get(":id", "signatures.json") { req in try await Statements(request: req).export(id: try req.intParameter("id", entity: "statement")) }
        statements.get(":id", "signatures.csv", use: csv)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forHost }
        let statement = try await Statements(request: req).create(try req.decodeBody(StatementInput.self))
        return try await statement.created(at: "/api/v1/statements/\(statement.id)", for: req)
    }

    @Sendable func update(req: Request) async throws -> StatementDTO {
        let id = try req.intParameter("id", entity: "statement"), statements = Statements(request: req)
        try await req.authorize(try await statements.writeAction(id: id))
        return try await statements.update(id: id, try req.decodeBody(StatementInput.self))
    }

    @Sendable func open(req: Request) async throws -> StatementDTO {
        let id = try req.intParameter("id", entity: "statement"), statements = Statements(request: req)
        try await req.authorize(try await statements.writeAction(id: id))
        return try await statements.open(id: id, closesAt: try req.decodeBody(OpenStatementInput.self).closesAt)
    }

    @Sendable func newVersion(req: Request) async throws -> Response {
        let id = try req.intParameter("id", entity: "statement"), statements = Statements(request: req)
        try await req.authorize(try await statements.writeAction(id: id))
        let statement = try await statements.newVersion(of: id, try req.decodeBody(StatementInput.self))
        return try await statement.created(at: "/api/v1/statements/\(statement.id)", for: req)
    }

    @Sendable func sign(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forCity }
        return try await Statements(request: req).sign(id: try req.intParameter("id", entity: "statement"), try req.decodeBody(SignInput.self))
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func csv(req: Request) async throws -> Response {
        let id = try req.intParameter("id", entity: "statement")
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "statement-\(id)-signatories.csv")
        return Response(status: .ok, headers: headers, body: .init(string: try await Statements(request: req).csv(id: id)))
    }
}
