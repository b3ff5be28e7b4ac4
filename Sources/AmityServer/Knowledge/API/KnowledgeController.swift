import AmityCore
import Fluent
import Vapor

/// `/api/v1/practices`, `calls`, `questions` and `search`: the knowledge exchange over the API.
struct KnowledgeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("search") { req in try await Library(request: req).search() }
        let practices = routes.grouped("practices")
        practices.get(use: listPractices)
        practices.post(use: createPractice)
        practices.get("moderation") { req in try await Practices(request: req).moderationQueue(page: try req.pageRequest(shape: Paging.idShape)) }
        practices.get(":id") { req in try await Practices(request: req).practice(id: try req.intParameter("id", entity: "practice")) }
        practices.put(":id", use: updatePractice)
        practices.post(":id", "translations", use: translate)
        practices.post(":id", ":step", use: step)
        let calls = routes.grouped("calls")
        calls.get { req in
            let status = try (try? req.query.get(String.self, at: "status")).map { try CallStatus(parsing: $0) }
            return try await Calls(request: req).list(status: status, page: try req.pageRequest(shape: Paging.idShape))
        }
        calls.post(use: openCall)
        calls.get(":id") { req in try await Calls(request: req).call(id: try req.intParameter("id", entity: "call")) }
        calls.post(":id", "close") { req in try await Calls(request: req).close(id: try req.intParameter("id", entity: "call")) }
        calls.post(":id", "submissions", ":practice", ":choice", use: select)
        let questions = routes.grouped("questions")
        questions.get(use: listQuestions)
        questions.post(use: ask)
        questions.get(":id") { req in try await Questions(request: req).question(id: try req.intParameter("id", entity: "question")) }
        questions.post(":id", "answers", use: answer)
        questions.post(":id", "answers", ":answer", "helpful") { req in
            try await Questions(request: req).markHelpful(questionID: try req.intParameter("id", entity: "question"),
                                                          answerID: try req.intParameter("answer", entity: "answer"))
        }
    }

    struct PracticeQuery: Content { var city: Int? }

    /// Published practices, newest first; a city's officers also see its drafts with `city`.
    @Sendable func listPractices(req: Request) async throws -> CursorPage<PracticeDTO> {
        let city = try req.query.decode(PracticeQuery.self).city
        let query = PracticeRecord.query(on: req.db)
        if let city { query.filter(\.$cityID == city) }
        var mayActForCity = false
        if let city { mayActForCity = try await req.can(.actForCity(cityID: city)) }
        if !mayActForCity {
            query.filter(\.$status == PracticeStatus.published)
        }
        return try await req.pageRequest(shape: Library.shape).newestFirst(query, items: Practices(request: req).dtos)
    }

    @Sendable func createPractice(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forCity }
        let practice = try await Practices(request: req).create(try req.decodeBody(PracticeInput.self))
        return try await practice.created(at: "/api/v1/practices/\(practice.id)", for: req)
    }

    @Sendable func updatePractice(req: Request) async throws -> PracticeDTO {
        let id = try req.intParameter("id", entity: "practice"), practices = Practices(request: req)
        try await req.authorize(.actForCity(cityID: try await practices.find(id).cityID))
        return try await practices.update(id: id, try req.decodeBody(PracticeInput.self))
    }

    @Sendable func translate(req: Request) async throws -> PracticeDTO {
        let id = try req.intParameter("id", entity: "practice"), practices = Practices(request: req)
        try await req.authorize(try await practices.translationAction(id: id))
        return try await practices.translate(id: id, try req.decodeBody(TranslationInput.self))
    }

    @Sendable func step(req: Request) async throws -> PracticeDTO {
        let raw = req.parameters.get("step") ?? ""
        guard let step = PracticeStep(rawValue: raw) else { throw DomainError.notFound(entity: "practice step", id: raw) }
        let input = (try? req.decodeBody(PracticeStepInput.self)) ?? PracticeStepInput()
        return try await Practices(request: req).step(step, id: try req.intParameter("id", entity: "practice"), input)
    }

    @Sendable func openCall(req: Request) async throws -> Response {
        try await req.authorizeTarget { t in t.networkId.map { .runCall(networkID: $0) } ?? .holdRole(officer: false, secretariat: true) }
        let call = try await Calls(request: req).open(try req.decodeBody(CallInput.self))
        return try await call.created(at: "/api/v1/calls/\(call.id)", for: req)
    }

    /// `select` or `unselect` a submission for the call's shortlist.
    @Sendable func select(req: Request) async throws -> CallDTO {
        let choice = req.parameters.get("choice") ?? ""
        guard choice == "select" || choice == "unselect" else { throw DomainError.notFound(entity: "choice", id: choice) }
        return try await Calls(request: req).select(callID: try req.intParameter("id", entity: "call"),
                                                    practiceID: try req.intParameter("practice", entity: "submission"), selected: choice == "select")
    }

    struct QuestionQuery: Content { var network: String? }

    @Sendable func listQuestions(req: Request) async throws -> CursorPage<QuestionDTO> {
        try await Questions(request: req).list(networkID: try req.query.decode(QuestionQuery.self).network?.nilIfEmpty,
                                               page: try req.pageRequest(shape: Library.shape))
    }

    @Sendable func ask(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forCity }
        let question = try await Questions(request: req).ask(try req.decodeBody(QuestionInput.self))
        return try await question.created(at: "/api/v1/questions/\(question.id)", for: req)
    }

    @Sendable func answer(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forCity }
        return try await Questions(request: req).answer(questionID: try req.intParameter("id", entity: "question"), try req.decodeBody(AnswerInput.self))
            .encodeResponse(status: .created, for: req)
    }
}
