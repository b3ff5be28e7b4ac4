import AmityCore
import Fluent
import SQLKit

/// The directory's read side: countries, cities, networks, memberships and partnerships as DTOs,
/// shared by the API and the pages so both show the same thing.
struct CityDirectory {
    let database: any Database
    /// The gazetteer in memory, when loaded (see `GazetteerCache`).
    var snapshot: GazetteerCache.Snapshot? = nil
    var gazetteer: Gazetteer { Gazetteer(database: database, snapshot: snapshot) }

    // MARK: Countries

    func countries(page: Paging) async throws -> CursorPage<CountryDTO> {
        var query = Country.query(on: database).sort(\.$id)
        if let code = page.cursor?.key[0].text { query = query.filter(\.$id > code) }
        let rows = try await query.limit(page.limit + 1).all()
        return await page.page(rows, key: { [.text($0.id ?? "")] }) { $0.map(CountryDTO.init) }
    }

    func country(code: CountryCode) async throws -> CountryDTO {
        guard let country = try await Country.find(code.rawValue, on: database) else {
            throw DomainError.notFound(entity: "country", id: code.rawValue)
        }
        return CountryDTO(country)
    }

    // MARK: Cities

    func cities(name: String?, country: CountryCode?, page: Paging) async throws -> CursorPage<CityDTO> {
        let rows = try await gazetteer.search(name: name, country: country, page: page)
        return try await page.page(rows, key: Gazetteer.cursorKey) { kept in
            let names = try await gazetteer.displayNames(cityIDs: kept.map(\.id))
            return kept.map { CityDTO($0, names: names[$0.id] ?? [:]) }
        }
    }

    func nearest(to point: Coordinate, limit: Int) async throws -> [CityDTO] {
        let found = try await gazetteer.nearest(to: point, limit: limit)
        let names = try await gazetteer.displayNames(cityIDs: found.map(\.city.id))
        return found.map { CityDTO($0.city, names: names[$0.city.id] ?? [:], distanceKm: $0.kilometres) }
    }

    func city(id: Int) async throws -> CityDetailDTO {
        let row = try await gazetteer.city(id: id)
        let names = try await gazetteer.displayNames(cityIDs: [id])
        let alternates = try await gazetteer.alternateNames(cityID: id)
            .filter { $0.name != row.name }
            .map { CityDetailDTO.AlternateName(name: $0.name, language: $0.language) }
        let countryName = try await gazetteer.countryNames([row.countryCode], in: .english)[row.countryCode]
        let region = try await gazetteer.region(of: row)
        return CityDetailDTO(city: CityDTO(row, names: names[id] ?? [:]), countryName: countryName ?? row.countryCode,
                             region: region, alternateNames: alternates)
    }

    /// References to cities by id, for records that point at several.
    func cityRefs(ids: [Int]) async throws -> [Int: CityRefDTO] {
        let rows = try await gazetteer.cities(ids: ids)
        let names = try await gazetteer.displayNames(cityIDs: ids)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, CityRefDTO($0, names: names[$0.id] ?? [:])) })
    }

    // MARK: Networks

    func networks(kind: NetworkKind?, page: Paging) async throws -> CursorPage<NetworkDTO> {
        var query = Network.query(on: database).sort(\.$name).sort(\.$id)
        if let kind { query = query.filter(\.$kind == kind.rawValue) }
        if let cursor = page.cursor, let name = cursor.key[0].text, let id = cursor.key[1].text {
            query = query.group(.or) { or in
                or.filter(\.$name > name).group(.and) { $0.filter(\.$name == name).filter(\.$id > id) }
            }
        }
        let rows = try await query.limit(page.limit + 1).all()
        return try await page.page(rows, key: { [.text($0.name), .text($0.id ?? "")] }, items: networkDTOs)
    }

    static let networkCursorShape: [Cursor.Kind] = [.text, .text]

    func network(id: String) async throws -> NetworkDTO {
        guard let network = try await Network.find(id, on: database) else {
            throw DomainError.notFound(entity: "network", id: id)
        }
        return try await networkDTOs([network])[0]
    }

    private func networkDTOs(_ networks: [Network]) async throws -> [NetworkDTO] {
        let ids = networks.compactMap(\.id)
        var counts: [String: Int] = [:]
        if !ids.isEmpty {
            let rows = try await database.sql.select().column("network_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "members")
                .from(Membership.schema).where("network_id", .in, SQLBind.group(ids)).groupBy("network_id").all()
            for row in rows {
                counts[try row.decode(column: "network_id", as: String.self)] = try row.decode(column: "members", as: Int.self)
            }
        }
        let refs = try await cityRefs(ids: networks.compactMap(\.secretariatCityID))
        return networks.map { n in
            NetworkDTO(id: n.id ?? "", name: n.name, shortName: n.shortName, kind: n.kind, founded: n.founded, website: n.website,
                       secretariatCity: n.secretariatCityID.flatMap { refs[$0] }, summary: n.summary, memberCount: counts[n.id ?? ""] ?? 0)
        }
    }

    // MARK: Memberships

    static let membershipCursorShape: [Cursor.Kind] = [.int]

    /// Members of a network, or networks of a city, in the order they were recorded.
    func memberships(networkID: String? = nil, cityID: Int? = nil, page: Paging) async throws -> CursorPage<MembershipDTO> {
        var query = Membership.query(on: database).sort(\.$id)
        if let networkID {
            guard try await Network.find(networkID, on: database) != nil else { throw DomainError.notFound(entity: "network", id: networkID) }
            query = query.filter(\.$networkID == networkID)
        }
        if let cityID {
            _ = try await gazetteer.city(id: cityID)
            query = query.filter(\.$cityID == cityID)
        }
        if let after = page.cursor?.key[0].int { query = query.filter(\.$id > after) }
        let rows = try await query.limit(page.limit + 1).all()
        return try await page.page(rows, key: { [.int($0.id ?? 0)] }) { kept in
            let cities = try await cityRefs(ids: kept.map(\.cityID))
            let networks = try await Network.query(on: database).filter(\.$id ~~ Set(kept.map(\.networkID))).all()
            let networkRefs = Dictionary(uniqueKeysWithValues: networks.map {
                ($0.id ?? "", MembershipDTO.NetworkRefDTO(id: $0.id ?? "", name: $0.name, shortName: $0.shortName))
            })
            // Foreign keys guarantee both ends exist; a row that lost one would be skipped, not crash the page.
            return kept.compactMap { m in
                guard let network = networkRefs[m.networkID], let city = cities[m.cityID] else { return nil }
                return MembershipDTO(network: network, city: city, role: m.role, since: m.since, source: m.source, confirmed: m.confirmedAt != nil)
            }
        }
    }

    // MARK: Partnerships

    static let partnershipCursorShape: [Cursor.Kind] = [.int]

    func partnerships(cityID: Int?, status: PartnershipStatus?, kind: PartnershipKind?, page: Paging) async throws -> CursorPage<PartnershipDTO> {
        var query = Partnership.query(on: database).sort(\.$id)
        if let cityID {
            _ = try await gazetteer.city(id: cityID)
            query = query.group(.or) { $0.filter(\.$cityAID == cityID).filter(\.$cityBID == cityID) }
        }
        if let status { query = query.filter(\.$status == status) }
        if let kind { query = query.filter(\.$kind == kind.rawValue) }
        if let after = page.cursor?.key[0].int { query = query.filter(\.$id > after) }
        let rows = try await query.limit(page.limit + 1).all()
        return try await page.page(rows, key: { [.int($0.id ?? 0)] }, items: partnershipDTOs)
    }

    func partnership(id: Int) async throws -> PartnershipDTO {
        guard let partnership = try await Partnership.find(id, on: database) else {
            throw DomainError.notFound(entity: "partnership", id: String(id))
        }
        return try await partnershipDTOs([partnership])[0]
    }

    private func partnershipDTOs(_ partnerships: [Partnership]) async throws -> [PartnershipDTO] {
        let ids = partnerships.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let events = try await PartnershipEventRecord.query(on: database).filter(\.$partnershipID ~~ ids)
            .sort(\.$partnershipID).sort(\.$position).all()
        let history = Dictionary(grouping: events, by: \.partnershipID)
        let cities = try await cityRefs(ids: partnerships.flatMap { [$0.cityAID, $0.cityBID] })
        return partnerships.map { p in
            PartnershipDTO(
                id: p.id ?? 0, kind: p.kind, status: p.status, signedOn: p.signedOn, summary: p.summary,
                cities: [p.cityAID, p.cityBID].compactMap { cities[$0] }, claimedBy: p.claimedByCityID,
                history: (history[p.id ?? 0] ?? []).map {
                    .init(position: $0.position, kind: $0.kind, on: $0.on, source: $0.source, note: $0.note, claimedBy: $0.claimedByCityID)
                })
        }
    }
}
