import Vapor

/// The page a person sees when something goes wrong, with the real status code.
struct ErrorPage: Encodable {
    var chrome: PageChrome
    var status: Int
    var title: String
    var detail: String?
    var errors: [String]

    static func render(_ problem: Problem, for request: Request) async throws -> Response {
        let key = "error_\(problem.status)"
        let messages = request.messages
        let title = messages[key] ?? problem.title
        let page = ErrorPage(chrome: PageChrome(request: request, title: title), status: problem.status, title: title,
                             detail: problem.status >= 500 ? messages["error_500_detail"] : problem.detail,
                             errors: (problem.errors ?? []).map { "\($0.field): \($0.message)" })
        let response = try await request.view.render("error", page).encodeResponse(for: request)
        response.status = HTTPResponseStatus(statusCode: problem.status)
        return response
    }
}
