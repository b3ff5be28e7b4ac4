import AmityCore
import Vapor

/// The administrators' page of the whole audit log, filtered by city, person, action, entity and days.
struct AuditPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "audit", use: log)
    }

    struct LogContext: Encodable {
        var chrome: PageChrome
        var filter: [String: String]
        var entries: [Line]
        var next: String?
    }

    struct Line: Encodable {
        var at: String
        var person: String?
        var personId: Int?
        var action: String
        var entity: String
        var entityId: String
        var before: String?
        var after: String?
    }

    @Sendable func log(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorize(.readAuditLog)
        let query = try req.query.decode(AuditFilterQuery.self)
        let page = try await AuditLog(database: req.db).entries(try req.auditFilter(), page: try req.pageRequest(shape: AuditLog.cursorShape))
        let values = ["entity": query.entity, "entityId": query.entityId, "person": query.person, "action": query.action, "city": query.city,
                      "from": query.from, "until": query.until].compactMapValues { $0?.nilIfEmpty }
        let formatter = ISO8601DateFormatter()
        return try await req.render("Audit/log", LogContext(
            chrome: PageChrome(request: req, title: req.t("audit_title")), filter: values,
            entries: page.items.map { Line(at: formatter.string(from: $0.at), person: $0.person?.displayName, personId: $0.person?.id, action: $0.action,
                                           entity: $0.entity, entityId: $0.entityId, before: $0.before, after: $0.after) },
            next: req.nextPageLink(page.nextCursor)))
    }
}
