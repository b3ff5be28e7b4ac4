import Vapor

/// Every page of the knowledge exchange: the library and its practices, calls, questions.
struct KnowledgePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: LibraryPages())
        try routes.register(collection: CallPages())
        try routes.register(collection: QuestionPages())
    }
}
