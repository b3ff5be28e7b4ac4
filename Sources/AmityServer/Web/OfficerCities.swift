import Vapor

extension Request {
    /// The cities the signed-in person is a verified officer of, as pages offer them in forms
    /// (by id, named in the reader's language); none for a reader without the role.
    func officerCityCards() async throws -> [CityCard] {
        guard let actor = try await actor(), !actor.officerOf.isEmpty else { return [] }
        return try await CityDirectory(database: db).cityRefs(ids: Array(actor.officerOf)).values.sorted { $0.id < $1.id }
            .map { CityCard($0, language: language) }
    }
}
