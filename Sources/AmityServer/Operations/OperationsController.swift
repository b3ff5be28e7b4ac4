import Fluent
import SQLKit
import Vapor

/// `/healthz`, `/metrics`, `/openapi.json` and the API index `/api/v1`: what operators and API clients read about the server.
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
        routes.get("openapi.json", use: openAPI)
        routes.get("api", "v1", use: index)
    }

    struct Index: Content {
        var name: String
        var openapi: String
        var collections: [String]
    }

    /// Where an API client starts: what the API holds and where its description is.
    @Sendable func index(req: Request) async throws -> Index {
        Index(name: "Amity API v1", openapi: "/openapi.json",
              collections: ["/api/v1/countries", "/api/v1/cities", "/api/v1/networks", "/api/v1/partnerships"])
    }

    struct Health: Content {
        var status: String
        var database: String
    }

    /// 200 when the database answers, 503 when it does not.
    @Sendable func health(req: Request) async throws -> Response {
        let healthy: Bool
        do {
            _ = try await req.db.sql.raw("SELECT 1 AS one").first()
            healthy = true
        } catch {
            req.logger.warning("Health check: the database did not answer: \(error)")
            healthy = false
        }
        let response = Response(status: healthy ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: healthy ? "ok" : "unavailable", database: healthy ? "ok" : "unreachable"))
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    /// Prometheus text exposition format, version 0.0.4; for the operator's scraper only: with
    /// `AMITY_METRICS_TOKEN` set, to a request bearing it; without, to this machine (loopback, no proxy).
    @Sendable func metrics(req: Request) async throws -> Response {
        if let token = req.application.amity.metricsToken {
            guard let bearer = req.headers.bearerAuthorization?.token, Secret.hash(bearer) == Secret.hash(token) else {
                throw Abort(.unauthorized, reason: "Metrics need the operator's token (AMITY_METRICS_TOKEN).")
            }
        } else {
            let peer = req.remoteAddress?.ipAddress ?? ""
            guard ["127.0.0.1", "::1"].contains(peer), req.headers[.xForwardedFor].isEmpty else {
                throw Abort(.forbidden, reason: "Metrics are read from this machine, or with AMITY_METRICS_TOKEN.")
            }
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: req.application.httpMetrics.registry.emitToString()))
    }

    /// The hand-written OpenAPI 3.1 document; `OpenAPIDocumentTests` keep it in step with the routes.
    @Sendable func openAPI(req: Request) async throws -> Response {
        let path = req.application.directory.resourcesDirectory + "OpenAPI/openapi.json"
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.contentType = .json
        return response
    }
}
