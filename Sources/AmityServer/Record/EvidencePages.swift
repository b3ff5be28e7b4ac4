import AmityCore
import Vapor

/// `/evidence/{collection}/{id}`: the sources a record rests on, for readers checking a fact:
/// each with its address, when it was published and read, what it supports, and whether the
/// record states it, infers it or only illustrates it.
struct EvidencePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("evidence", ":entity", ":id", use: evidence)
    }

    struct Line: Encodable {
        var title: String
        var publisher: String?
        var url: String?
        var published: String?
        var accessed: String?
        var supports: String?
        /// The standing in the reader's words.
        var standing: String
        var illustrative: Bool
        var note: String?
        var sourceNote: String?
    }

    struct EvidenceContext: Encodable {
        var chrome: PageChrome
        var record: String
        var json: String
        var sources: [Line]
    }

    @Sendable func evidence(req: Request) async throws -> View {
        let entity = req.parameters.get("entity") ?? "", id = req.parameters.get("id") ?? ""
        let found = try await Evidence(db: req.db).record(entity: entity, id: id)
        let lines = found.sources.map { cited in
            Line(title: cited.source.title, publisher: cited.source.publisher, url: cited.source.url, published: cited.source.publishedOn,
                 accessed: cited.source.accessedOn, supports: cited.supports, standing: req.word("evidence_standing", cited.standing),
                 illustrative: cited.standing == "illustrative", note: cited.note, sourceNote: cited.source.note)
        }
        // The record's own page, where it has one.
        let page = ["partnerships", "pledges", "events", "statements", "resolutions", "practices", "networks", "assemblies", "campaigns", "calls"].contains(entity)
            ? "/\(entity)/\(id)" : found.record
        return try await req.view.render("Record/evidence", EvidenceContext(
            chrome: PageChrome(request: req, title: req.t("evidence_title")), record: page, json: "/api/v1/evidence/\(entity)/\(id)", sources: lines))
    }
}
