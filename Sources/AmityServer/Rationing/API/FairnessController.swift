import AmityCore
import Vapor

/// The fairness report for anyone, as JSON and as CSV: counts only, small cells held back.
struct FairnessController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let programme = routes.grouped("rationing", "programmes", ":programme")
        programme.get("fairness", use: report)
        programme.get("fairness.csv", use: csv)
    }

    private static func question(_ req: Request) async throws -> FairnessQuestion {
        let programme = try await req.programme()
        return try await FairnessQuestion(req, programme: programme)
    }

    @Sendable func report(req: Request) async throws -> FairnessDTO {
        try await Self.question(req).report(on: req.db)
    }

    @Sendable func csv(req: Request) async throws -> Response {
        let question = try await Self.question(req)
        var headers = HTTPHeaders()
        headers.contentType = .csvUTF8
        headers.add(name: .accessControlAllowOrigin, value: "*")
        headers.add(name: .contentDisposition, value: "attachment; filename=\"fairness-\(try question.programme.requireID())-\(question.day).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: FairnessReport.csv(try await question.report(on: req.db))))
    }
}
