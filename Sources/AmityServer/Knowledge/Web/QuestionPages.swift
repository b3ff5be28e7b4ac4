import AmityCore
import Fluent
import Vapor

/// Questions to the network: the list with the form to ask, and a question with its answers.
struct QuestionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("questions", use: questions)
        routes.post("questions", use: ask)
        routes.get("questions", ":id", use: question)
        routes.post("questions", ":id", "answers", use: answer)
        routes.post("questions", ":id", "answers", ":answer", "helpful", use: helpful)
    }

    struct ListContext: Encodable {
        var chrome: PageChrome
        var questions: [QuestionDTO]
        var next: String?
        var cities: [CityCard]
        var networks: [FormOption]
        var form: FormState
    }

    @Sendable func questions(req: Request) async throws -> Response { try await renderList(req, form: FormState(values: ["language": req.language.isoCode])) }

    func renderList(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try await req.actor()
        let mine = Array(actor?.officerOf ?? [])
        let networkIDs = Set(try await Membership.standing(on: req.db).filter(\.$cityID ~~ mine).all(\.$networkID))
        let networks = try await Network.query(on: req.db).filter(\.$id ~~ Array(networkIDs)).sort(\.$shortName).all()
        let page = try await Questions(request: req).list(networkID: nil, page: try req.pageRequest(shape: Library.shape))
        return try await req.render("Knowledge/questions", ListContext(
            chrome: PageChrome(request: req, title: req.t("questions_title")), questions: page.items,
            next: page.nextCursor.map { "/questions?cursor=\($0)" }, cities: try await req.officerCityCards(),
            networks: networks.map { .init(value: $0.id ?? "", label: $0.shortName) }, form: form), status: status)
    }

    struct AskForm: Content { var cityId: Int; var networkId: String?; var title: String; var body: String; var language: String }

    @Sendable func ask(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { $0.forCity }
        let f = try req.decodeBody(AskForm.self)
        do {
            let q = try await Questions(request: req).ask(QuestionInput(cityId: f.cityId, networkId: f.networkId, title: f.title, body: f.body, language: f.language))
            return req.redirect(to: "/questions/\(q.id)?notice=question_asked")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["title": f.title, "body": f.body, "language": f.language])
            return try await renderList(req, form: form, status: status)
        }
    }

    struct QuestionContext: Encodable {
        var chrome: PageChrome
        var question: QuestionDTO
        var bodyHtml: String
        var cities: [CityCard]
        var isAsker: Bool
        var form: FormState
    }

    @Sendable func question(req: Request) async throws -> Response {
        try await renderQuestion(req, id: try req.intParameter("id", entity: "question"), form: FormState())
    }

    func renderQuestion(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let questions = Questions(request: req)
        let question = try await questions.question(id: id)
        let asker = try await questions.find(id).personID
        let actor = try await req.actor()
        return try await req.render("Knowledge/question", QuestionContext(
            chrome: PageChrome(request: req, title: question.title), question: question, bodyHtml: SafeMarkdown.html(question.body),
            cities: try await req.officerCityCards(),
            isAsker: actor?.personID == asker, form: form), status: status)
    }

    struct AnswerForm: Content { var cityId: Int; var body: String }

    @Sendable func answer(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "question")
        try await req.authorizeTarget { $0.forCity }
        let f = try req.decodeBody(AnswerForm.self)
        do {
            _ = try await Questions(request: req).answer(questionID: id, AnswerInput(cityId: f.cityId, body: f.body))
            return req.redirect(to: "/questions/\(id)?notice=answer_posted")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["body": f.body])
            return try await renderQuestion(req, id: id, form: form, status: status)
        }
    }

    @Sendable func helpful(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "question")
        _ = try await Questions(request: req).markHelpful(questionID: id, answerID: try req.intParameter("answer", entity: "answer"))
        return req.redirect(to: "/questions/\(id)")
    }
}
