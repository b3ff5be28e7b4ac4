import AmityCore
import Fluent
import Vapor

/// The directory's forms: a city's profile, partnerships and their events, a network and its members.
struct DirectoryEditPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cities", ":id", "profile", "edit", use: profileForm)
        routes.post("cities", ":id", "profile", use: saveProfile)
        routes.get("cities", ":id", "partnerships", "new", use: partnershipForm)
        routes.post("cities", ":id", "partnerships", use: recordPartnership)
        routes.post("partnerships", ":id", "confirm", use: confirmPartnership)
        routes.post("partnerships", ":id", "events", use: addEvent)
        routes.post("partnerships", ":id", "events", ":position", "confirm", use: confirmEvent)
        routes.get("networks", ":id", "edit", use: networkForm)
        routes.post("networks", ":id", use: saveNetwork)
        routes.post("networks", ":id", "members", use: addMember)
        routes.post("networks", ":id", "members", ":cityId", "remove", use: removeMember)
        routes.post("networks", ":id", "members", ":cityId", "confirm", use: confirmMember)
    }

    // MARK: City profile

    struct ProfileContext: Encodable {
        var chrome: PageChrome
        var city: CityCard
        var form: FormState
    }

    struct ProfileForm: Content {
        var office: String
        var contactEmail: String?
        var contactPhone: String?
        var website: String?
        var languages: String
    }

    @Sendable func profileForm(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.cityID()
        try await req.authorize(.editCityProfile(cityID: id))
        let profile = try await CityProfiles(request: req).profile(cityID: id)
        let values = profile.map { p in
            ["office": p.office, "contactEmail": p.contactEmail ?? "", "contactPhone": p.contactPhone ?? "", "website": p.website ?? "",
             "languages": p.languages.joined(separator: ", ")]
        } ?? [:]
        return try await renderProfile(req, cityID: id, form: FormState(values: values))
    }

    @Sendable func saveProfile(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.cityID()
        try await req.authorize(.editCityProfile(cityID: id))
        let input = try req.decodeBody(ProfileForm.self)
        let languages = input.languages.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        do {
            _ = try await CityProfiles(request: req).update(cityID: id, CityProfileInput(
                office: input.office, contactEmail: input.contactEmail, contactPhone: input.contactPhone, website: input.website, languages: languages))
            return req.redirect(to: "/cities/\(id)?notice=profile_saved")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: [
                "office": input.office, "contactEmail": input.contactEmail ?? "", "contactPhone": input.contactPhone ?? "",
                "website": input.website ?? "", "languages": input.languages])
            return try await renderProfile(req, cityID: id, form: form, status: status)
        }
    }

    private func renderProfile(_ req: Request, cityID: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let city = CityCard(try await req.directory.city(id: cityID).city, language: req.language)
        return try await req.render("Directory/profile-edit", ProfileContext(
            chrome: PageChrome(request: req, title: req.t("profile_edit_title")), city: city, form: form), status: status)
    }

    // MARK: Partnerships

    struct PartnershipFormContext: Encodable {
        var chrome: PageChrome
        var city: CityCard
        var form: FormState
        var candidates: [CityCard]
        var kinds: [FormOption]
    }

    struct PartnershipForm: Content {
        var partner: String?
        var partnerId: Int?
        var kind: String
        var signedOn: String?
        var source: String?
        var summary: String?
    }

    @Sendable func partnershipForm(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.cityID()
        try await req.authorize(.claimPartnership(cityIDs: [id]))
        return try await renderPartnershipForm(req, cityID: id, form: FormState(values: ["kind": PartnershipKind.sisterCity.rawValue]), candidates: [])
    }

    @Sendable func recordPartnership(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.cityID()
        try await req.authorize(.claimPartnership(cityIDs: [id]))
        let input = try req.decodeBody(PartnershipForm.self)
        let values = ["partner": input.partner ?? "", "kind": input.kind, "signedOn": input.signedOn ?? "", "source": input.source ?? "",
                      "summary": input.summary ?? ""]
        guard let partnerID = input.partnerId ?? input.partner.flatMap({ Int($0.trimmingWhitespace()) }) else {
            // A name: offer the matching cities to choose from, without JavaScript.
            let name = input.partner?.trimmingWhitespace() ?? ""
            var form = FormState(values: values)
            var candidates: [CityCard] = []
            if name.isEmpty {
                form.errors["partner"] = req.t("partner_required")
            } else {
                let page = try await req.directory.cities(name: name, country: nil, page: try Paging(limit: 8, cursor: nil, shape: Gazetteer.cursorShape))
                candidates = page.items.filter { $0.id != id }.map { CityCard($0, language: req.language) }
                if candidates.isEmpty { form.errors["partner"] = req.t("search_no_results") }
            }
            return try await renderPartnershipForm(req, cityID: id, form: form, candidates: candidates, status: form.errors.isEmpty ? .ok : .badRequest)
        }
        do {
            let signedOn = input.signedOn?.trimmingWhitespace()
            let created = try await PartnershipClaims(request: req).record(RecordPartnershipInput(
                cities: [id, partnerID], kind: input.kind, summary: input.summary?.isEmpty == true ? nil : input.summary,
                history: [PartnershipEventInput(kind: "signed", on: signedOn?.isEmpty == true ? nil : signedOn, source: input.source, note: nil)]))
            return req.redirect(to: "/partnerships/\(created.id)?notice=partnership_recorded")
        } catch {
            var (form, status) = try FormState.failed(error, for: req, values: values)
            if let message = form.errors.removeValue(forKey: "history") { form.errors["signedOn"] = message }
            if let message = form.errors.removeValue(forKey: "cities") { form.errors["partner"] = message }
            return try await renderPartnershipForm(req, cityID: id, form: form, candidates: [], status: status)
        }
    }

    private func renderPartnershipForm(_ req: Request, cityID: Int, form: FormState, candidates: [CityCard], status: HTTPResponseStatus = .ok) async throws -> Response {
        let city = CityCard(try await req.directory.city(id: cityID).city, language: req.language)
        let kinds = PartnershipKind.allCases.map {
            FormOption(value: $0.rawValue, label: req.word("kind", $0.rawValue), selected: form.values["kind"] == $0.rawValue)
        }
        return try await req.render("Directory/partnership-new", PartnershipFormContext(
            chrome: PageChrome(request: req, title: req.t("partnership_new_title")), city: city, form: form,
            candidates: candidates, kinds: kinds), status: status)
    }

    @Sendable func confirmPartnership(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "partnership")
        _ = try await PartnershipClaims(request: req).confirm(id: id)
        return req.redirect(to: "/partnerships/\(id)?notice=claim_confirmed")
    }

    struct EventForm: Content {
        var kind: String
        var on: String?
        var source: String?
        var note: String?
    }

    @Sendable func addEvent(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "partnership")
        if let partnership = try await Partnership.find(id, on: req.db) {
            try await req.authorize(.claimPartnership(cityIDs: [partnership.cityAID, partnership.cityBID]))
        }
        let input = try req.decodeBody(EventForm.self)
        do {
            _ = try await PartnershipClaims(request: req).addEvent(partnershipID: id, PartnershipEventInput(
                kind: input.kind, on: input.on?.isEmpty == true ? nil : input.on, source: input.source,
                note: input.note?.isEmpty == true ? nil : input.note))
            return req.redirect(to: "/partnerships/\(id)?notice=event_recorded")
        } catch {
            var (form, status) = try FormState.failed(error, for: req, values: ["kind": input.kind, "on": input.on ?? "", "source": input.source ?? "", "note": input.note ?? ""])
            if let message = form.errors.removeValue(forKey: "history") { form.errors["on"] = message }
            if let message = form.errors.removeValue(forKey: "event") { form.errors["on"] = message }
            return try await DirectoryPages().renderPartnership(req, id: id, form: form, status: status)
        }
    }

    @Sendable func confirmEvent(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "partnership")
        _ = try await PartnershipClaims(request: req).confirmEvent(partnershipID: id, position: try req.intParameter("position", entity: "event"))
        return req.redirect(to: "/partnerships/\(id)?notice=claim_confirmed")
    }

    // MARK: Networks

    struct NetworkFormContext: Encodable {
        var chrome: PageChrome
        var network: NetworkDTO
        var form: FormState
        var kinds: [FormOption]
    }

    struct NetworkForm: Content {
        var name: String
        var shortName: String
        var kind: String
        var founded: String?
        var website: String?
        var summary: String
    }

    @Sendable func networkForm(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = req.parameters.get("id") ?? ""
        let network = try await req.directory.network(id: id)
        try await req.authorize(.editNetwork(networkID: id))
        let values = ["name": network.name, "shortName": network.shortName, "kind": network.kind, "founded": network.founded.map(String.init) ?? "",
                      "website": network.website ?? "", "summary": network.summary]
        return try await renderNetworkForm(req, network: network, form: FormState(values: values))
    }

    @Sendable func saveNetwork(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = req.parameters.get("id") ?? ""
        let network = try await req.directory.network(id: id)
        try await req.authorize(.editNetwork(networkID: id))
        let input = try req.decodeBody(NetworkForm.self)
        let values = ["name": input.name, "shortName": input.shortName, "kind": input.kind, "founded": input.founded ?? "",
                      "website": input.website ?? "", "summary": input.summary]
        do {
            let founded = input.founded?.trimmingWhitespace()
            guard founded?.isEmpty ?? true || Int(founded!) != nil else { throw DomainError.invalid("founded", key: "error_whole_number") }
            _ = try await NetworkAdministration(request: req).update(id: id, NetworkInput(
                id: id, name: input.name, shortName: input.shortName, kind: input.kind, founded: founded.flatMap { Int($0) },
                website: input.website, secretariatCityId: network.secretariatCity?.id, summary: input.summary))
            return req.redirect(to: "/networks/\(id)?notice=network_saved")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: values)
            return try await renderNetworkForm(req, network: network, form: form, status: status)
        }
    }

    private func renderNetworkForm(_ req: Request, network: NetworkDTO, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let kinds = NetworkKind.allCases.map {
            FormOption(value: $0.rawValue, label: req.word("network_kind", $0.rawValue), selected: form.values["kind"] == $0.rawValue)
        }
        return try await req.render("Directory/network-edit", NetworkFormContext(
            chrome: PageChrome(request: req, title: network.name), network: network, form: form, kinds: kinds), status: status)
    }

    struct MemberForm: Content {
        var city: String
        var role: String
        var since: String?
    }

    @Sendable func addMember(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = req.parameters.get("id") ?? ""
        try await req.authorize(.manageMemberships(networkID: id))
        let input = try req.decodeBody(MemberForm.self)
        let values = ["city": input.city, "role": input.role, "since": input.since ?? ""]
        do {
            guard let cityID = Int(input.city.trimmingWhitespace()) else {
                throw DomainError.invalid("city", req.t("member_city_id"))
            }
            _ = try await NetworkAdministration(request: req).addMember(networkID: id, MembershipInput(
                cityId: cityID, role: input.role, since: input.since?.isEmpty == true ? nil : input.since, source: nil))
            return req.redirect(to: "/networks/\(id)?notice=member_added")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: values)
            return try await DirectoryPages().renderNetwork(req, id: id, form: form, status: status)
        }
    }

    /// An officer confirms, from their city's page, a membership a network recorded.
    @Sendable func confirmMember(req: Request) async throws -> Response {
        let cityID = try req.intParameter("cityId", entity: "city")
        try await NetworkAdministration(request: req).confirmMember(networkID: req.parameters.get("id") ?? "", cityID: cityID)
        return req.redirect(to: "/cities/\(cityID)?notice=membership_confirmed")
    }

    @Sendable func removeMember(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = req.parameters.get("id") ?? ""
        try await NetworkAdministration(request: req).removeMember(networkID: id, cityID: try req.intParameter("cityId", entity: "city"))
        return req.redirect(to: "/networks/\(id)?notice=member_removed")
    }
}
