import AmityCore
import Fluent
import Vapor

/// Networks created by administrators, and run (profile and members) by their secretariats.
struct NetworkAdministration {
    let request: Request

    func create(_ input: NetworkInput) async throws -> NetworkDTO {
        let id = (input.id ?? "").trimmingWhitespace().lowercased()
        guard (2...40).contains(id.count), id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw DomainError.invalid("id", "A network id is 2 to 40 lower-case letters, digits or hyphens, such as 'c40' or 'eurocities'.")
        }
        let fields = try await validate(input)
        try await request.write(.createNetwork) { trail, _ in
            if try await Network.find(id, on: trail.db) != nil { throw DomainError.conflict("A network with id '\(id)' already exists.") }
            let network = Network()
            network.id = id
            fields.apply(to: network)
            try await network.create(on: trail.db)
            try await trail.record("create", "network", id: id, after: try await CityDirectory(database: trail.db).network(id: id))
        }
        return try await request.directory.network(id: id)
    }

    func update(id: String, _ input: NetworkInput) async throws -> NetworkDTO {
        _ = try await request.directory.network(id: id)
        let fields = try await validate(input)
        try await request.write(.editNetwork(networkID: id)) { trail, _ in
            let directory = CityDirectory(database: trail.db)
            let before = try await directory.network(id: id)
            guard let network = try await Network.find(id, on: trail.db) else { throw DomainError.notFound(entity: "network", id: id) }
            fields.apply(to: network)
            try await network.save(on: trail.db)
            try await trail.record("update", "network", id: id, before: before, after: try await directory.network(id: id))
        }
        return try await request.directory.network(id: id)
    }

    func addMember(networkID: String, _ input: MembershipInput) async throws -> MembershipDTO {
        _ = try await request.directory.network(id: networkID)
        let role = try MembershipRole(parsing: input.role)
        let since = try input.since.flatMap { $0.isEmpty ? nil : try PartialDate($0, field: "since").description }
        let source = try input.source.flatMap { try WebAddress.optional($0, field: "source") }
        guard try await City.find(input.cityId, on: request.db) != nil else {
            throw DomainError.invalid("cityId", key: "error_no_city", ["id": String(input.cityId)])
        }
        let id = try await request.write(.manageMemberships(networkID: networkID)) { trail, actor in
            if try await Membership.query(on: trail.db).filter(\.$networkID == networkID).filter(\.$cityID == input.cityId).first() != nil {
                throw DomainError.conflict("City \(input.cityId) is already a member of \(networkID).")
            }
            let membership = Membership()
            membership.networkID = networkID
            membership.cityID = input.cityId
            membership.role = role.rawValue
            membership.since = since
            membership.source = source
            // A secretariat's word alone makes a claim; the city's officer (or an administrator) makes it stand.
            if actor.isAdministrator || actor.officerOf.contains(input.cityId) { membership.confirmedAt = trail.now }
            try await membership.create(on: trail.db)
            let id = try membership.requireID()
            try await trail.record("create", "membership", id: "\(networkID)/\(input.cityId)", cityID: input.cityId, after: MembershipRecord(membership))
            return id
        }
        let page = try await request.directory.memberships(
            networkID: networkID, page: try Paging(limit: 1, cursor: Cursor(key: [.int(id - 1)]).token, shape: CityDirectory.membershipCursorShape))
        guard let dto = page.items.first else { throw DomainError.notFound(entity: "membership", id: String(id)) }
        return dto
    }

    /// An officer of the city confirms a membership a secretariat recorded; until then it grants nothing.
    func confirmMember(networkID: String, cityID: Int) async throws {
        try await request.write(.actForCity(cityID: cityID)) { trail, _ in
            guard let membership = try await Membership.query(on: trail.db).filter(\.$networkID == networkID).filter(\.$cityID == cityID).first() else {
                throw DomainError.notFound(entity: "membership", id: "\(networkID)/\(cityID)")
            }
            guard membership.confirmedAt == nil else { throw DomainError.conflict("This membership is already confirmed.") }
            let before = MembershipRecord(membership)
            membership.confirmedAt = trail.now
            try await membership.save(on: trail.db)
            try await trail.record("confirm", "membership", id: "\(networkID)/\(cityID)", cityID: cityID, before: before, after: MembershipRecord(membership))
        }
    }

    func removeMember(networkID: String, cityID: Int) async throws {
        try await request.write(.manageMemberships(networkID: networkID)) { trail, _ in
            guard let membership = try await Membership.query(on: trail.db).filter(\.$networkID == networkID).filter(\.$cityID == cityID).first() else {
                throw DomainError.notFound(entity: "membership", id: "\(networkID)/\(cityID)")
            }
            let before = MembershipRecord(membership)
            try await membership.delete(on: trail.db)
            try await trail.record("delete", "membership", id: "\(networkID)/\(cityID)", cityID: cityID, before: before)
        }
    }

    /// What the audit log keeps of a membership.
    struct MembershipRecord: Encodable, Sendable {
        var networkId: String
        var cityId: Int
        var role: String
        var since: String?
        var source: String?
        init(_ m: Membership) {
            (networkId, cityId, role, since, source) = (m.networkID, m.cityID, m.role, m.since, m.source)
        }
    }

    /// Checked network fields, ready to apply.
    struct Fields: Sendable {
        var name: String, shortName: String, kind: NetworkKind, founded: Int?, website: String?, secretariatCityID: Int?, summary: String

        func apply(to network: Network) {
            network.name = name
            network.shortName = shortName
            network.kind = kind.rawValue
            network.founded = founded
            network.website = website
            network.secretariatCityID = secretariatCityID
            network.summary = summary
        }
    }

    private func validate(_ input: NetworkInput) async throws -> Fields {
        var errors: [DomainError.FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let shortName = input.shortName.trimmingCharacters(in: .whitespacesAndNewlines)
        let summary = input.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("name", name, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("shortName", shortName, max: 40) { errors.append(error) }
        if let error = DomainError.FieldError.length("summary", summary, max: 2_000) { errors.append(error) }
        var kind = NetworkKind.global
        do { kind = try NetworkKind(parsing: input.kind) } catch let DomainError.invalid(fields) { errors += fields }
        if let founded = input.founded, !(1800...2100).contains(founded) {
            errors.append(.init(field: "founded", key: "error_founded"))
        }
        var website: String?
        do { website = try input.website.flatMap { try WebAddress.optional($0, field: "website") } } catch let DomainError.invalid(fields) { errors += fields }
        if let city = input.secretariatCityId, try await City.find(city, on: request.db) == nil {
            errors.append(.init(field: "secretariatCityId", key: "error_no_city", ["id": String(city)]))
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return Fields(name: name, shortName: shortName, kind: kind, founded: input.founded, website: website,
                      secretariatCityID: input.secretariatCityId, summary: summary)
    }
}
