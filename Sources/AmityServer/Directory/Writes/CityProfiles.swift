import AmityCore
import Fluent
import Vapor

/// A city's own description of its international office, edited by its officers.
struct CityProfiles {
    let request: Request

    func profile(cityID: Int) async throws -> CityProfileDTO? {
        _ = try await request.gazetteer.city(id: cityID)
        return try await CityProfile.find(cityID, on: request.db).map(CityProfileDTO.init)
    }

    func update(cityID: Int, _ input: CityProfileInput) async throws -> CityProfileDTO {
        _ = try await request.gazetteer.city(id: cityID)
        var errors: [DomainError.FieldError] = []
        let office = input.office.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("office", office, max: 200) { errors.append(error) }
        var email: String?
        if let text = input.contactEmail, !text.trimmingWhitespace().isEmpty {
            do { email = try EmailAddress(text, field: "contactEmail").rawValue } catch let DomainError.invalid(fields) { errors += fields }
        }
        let phone = input.contactPhone?.trimmingWhitespace()
        if let phone, let error = DomainError.FieldError.length("contactPhone", phone, max: 40, required: false) { errors.append(error) }
        var website: String?
        do { website = try input.website.flatMap { try WebAddress.optional($0, field: "website") } } catch let DomainError.invalid(fields) { errors += fields }
        var languages: [String] = []
        for (index, code) in input.languages.enumerated() {
            do { languages.append(try LanguageCode(code, field: "languages[\(index)]").rawValue) } catch let DomainError.invalid(fields) { errors += fields }
        }
        if input.languages.isEmpty { errors.append(.init(field: "languages", key: "error_office_language")) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        var seen = Set<String>()
        let clean = (office, email, phone?.isEmpty == true ? nil : phone, website, languages.filter { seen.insert($0).inserted })
        return try await request.write(.editCityProfile(cityID: cityID)) { trail, _ in
            let existing = try await CityProfile.find(cityID, on: trail.db)
            let before = existing.map(CityProfileDTO.init)
            let profile = existing ?? CityProfile()
            profile.id = cityID
            (profile.office, profile.contactEmail, profile.contactPhone, profile.website) = (clean.0, clean.1, clean.2, clean.3)
            profile.languages = clean.4.joined(separator: ",")
            profile.updatedAt = trail.now
            try await profile.save(on: trail.db)
            let after = CityProfileDTO(profile)
            try await trail.record(before == nil ? "create" : "update", "city-profile", id: String(cityID), cityID: cityID, before: before, after: after)
            return after
        }
    }
}
