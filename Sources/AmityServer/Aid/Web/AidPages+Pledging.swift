import AmityCore
import Fluent
import Vapor

/// Pledging from the board: an officer answers a need from one of their city's offers, or gives
/// from an offer straight to one of the city's partners. A national rule that stops it is said
/// beside the form in the reader's language, with what the city could send instead, rather than
/// only in the API's English problem.
extension AidPages {
    /// A need on the board, with the reader's offers that could meet it.
    struct NeedRow: Encodable {
        var need: NeedDTO
        /// The quantity asked, grouped as the reader writes numbers.
        var amount: String
        var pledgeFrom: [FormOption]
        var quantity: String
        /// Why the reader's last pledge against this need did not go through.
        var error: String?
    }

    /// An offer on the board; the reader's own carry the partners it can be given to directly.
    struct OfferRow: Encodable {
        var offer: OfferDTO
        /// "1,500 / 4,000": what is left of what was offered, grouped as the reader writes numbers.
        var amount: String
        var giveTo: [FormOption]
        var quantity: String
        var error: String?
    }

    /// From the need's row (`needId`) or from the offer's row to a partner (`recipientCityId`).
    struct PledgeForm: Content { var needId: Int?; var recipientCityId: Int?; var offerId: Int; var quantity: String }

    @Sendable func pledgeFromBoard(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { try await Pledges.action(for: $0, on: req.db) }
        let input = try req.decodeBody(PledgeForm.self)
        guard let offer = try await OfferRecord.find(input.offerId, on: req.db) else {
            throw DomainError.notFound(entity: "offer", id: String(input.offerId))
        }
        do {
            guard let quantity = Int64(input.quantity) else { throw DomainError.invalid("quantity", key: "error_whole_number") }
            do {
                let pledge = try await Pledges(request: req).create(PledgeInput(offerId: input.offerId, needId: input.needId,
                                                                                recipientCityId: input.needId == nil ? input.recipientCityId : nil,
                                                                                quantity: quantity, note: nil))
                return req.redirect(to: "/pledges/\(pledge.id)?notice=pledge_made")
            } catch DomainError.conflict(let english) {
                // Only a refused pledge is looked at again, to say why in the reader's words.
                throw DomainError.conflict(try await Self.refusal(of: offer, quantity: quantity, english: english, req: req))
            }
        } catch {
            let key = input.needId.map { "pledge_\($0)" } ?? "give_\(input.offerId)"
            let (form, status) = try FormState.failed(error, for: req, values: [key: input.quantity])
            let message = ([form.general] + form.errors.sorted { $0.key < $1.key }.map(\.value)).compactMap { $0 }.joined(separator: " ")
            return try await renderBoard(req, form: FormState(values: form.values, errors: [key: message]), status: status)
        }
    }

    /// Why a pledge of `quantity` from `offer` was refused, in the reader's words: a rule (with what
    /// the city could send instead), an offer closed or with less left, a partners-only offer.
    static func refusal(of offer: OfferRecord, quantity: Int64, english: String, req: Request) async throws -> String {
        if let rule = try await RuleRefusal.find(offer: offer, quantity: quantity, on: req.db, at: req.application.clock.now()) { return rule.worded(for: req) }
        guard let now = try await OfferRecord.find(offer.id, on: req.db) else { return english }
        if now.status != .open || (now.availableUntil.map { $0 <= req.application.clock.now() } ?? false) { return req.t("pledge_refused_closed") }
        if now.quantity - now.committed < quantity {
            return req.t("pledge_refused_left", ["left": max(0, now.quantity - now.committed).formatted(.number.grouping(.automatic))])
        }
        return now.partnersOnly ? req.t("pledge_refused_partners") : english
    }

    /// Each of the reader's cities with its partners in force, read once for the board's forms
    /// (giving from an offer, opening a campaign).
    static func partnerCities(of cities: Set<Int>, req: Request) async throws -> [Int: [CityRefDTO]] {
        let ties = try await Partnership.partners(of: cities, on: req.db)
        let refs = try await req.directory.cityRefs(ids: ties.values.flatMap { $0 })
        return ties.mapValues { $0.compactMap { refs[$0] } }
    }

    /// The offers on the board; the reader's own with the partners of their city, to give to directly.
    static func offerRows(_ offers: [OfferDTO], myCities: Set<Int>, partners: [Int: [CityRefDTO]], form: FormState, req: Request) -> [OfferRow] {
        offers.map { offer in
            let key = "give_\(offer.id)"
            let giveTo = !myCities.contains(offer.city.id) || offer.lapsed || offer.available <= 0 ? [] : (partners[offer.city.id] ?? []).map { city in
                FormOption(value: String(city.id), label: CityCard(city, language: req.language).name)
            }
            let amount = "\(offer.available.formatted(.number.grouping(.automatic))) / \(offer.quantity.formatted(.number.grouping(.automatic)))"
            return OfferRow(offer: offer, amount: amount, giveTo: giveTo, quantity: form.values[key] ?? String(offer.available), error: form.errors[key])
        }
    }

    /// The reader's offers that could meet each need: same item, another city, still standing.
    static func needRows(_ needs: [NeedDTO], myCities: Set<Int>, form: FormState, req: Request) async throws -> [NeedRow] {
        var offers: [OfferRecord] = []
        if !myCities.isEmpty {
            offers = try await OfferRecord.standing(on: req.db, at: req.application.clock.now(), days: req.application.amity.offerFreshnessDays)
                .filter(\.$cityID ~~ myCities).sort(\.$id).all().filter { $0.quantity > $0.committed }
        }
        let names = try await req.directory.cityRefs(ids: offers.map(\.cityID))
        return needs.map { need in
            let from = offers.filter { $0.item == need.item && $0.cityID != need.city.id }.map { offer in
                FormOption(value: String(offer.id ?? 0), label: req.t("pledge_from_offer", [
                    "city": names[offer.cityID].map { CityCard($0, language: req.language).name } ?? String(offer.cityID),
                    "available": (offer.quantity - offer.committed).formatted(.number.grouping(.automatic))]))
            }
            let key = "pledge_\(need.id)"
            return NeedRow(need: need, amount: need.quantity.formatted(.number.grouping(.automatic)), pledgeFrom: from, quantity: form.values[key] ?? String(need.quantity), error: form.errors[key])
        }
    }
}

extension RuleRefusal {
    /// The refusal in the reader's language: the rule, what an exception still allows, what else the city could send.
    func worded(for req: Request) -> String {
        let city = donorName(in: req)
        var sentences = [req.t("pledge_refused_rule", ["rule": rule.title, "city": city, "item": req.itemName(item)])]
        if let leeway {
            sentences.append(leeway > 0 ? req.t("pledge_refused_leeway", ["city": city, "left": leeway.formatted(.number.grouping(.automatic))])
                                        : req.t("pledge_refused_used_up", ["city": city]))
        }
        sentences.append(instead.isEmpty ? req.t("pledge_refused_nothing", ["city": city])
            : req.t("pledge_refused_instead", ["city": city, "items": instead.map {
                req.t("pledge_instead_item", ["item": req.itemName($0.item), "available": $0.available.formatted(.number.grouping(.automatic))])
            }.joined(separator: req.language.listSeparator)]))
        return sentences.joined(separator: req.language.sentenceSeparator)
    }

    private func donorName(in req: Request) -> String {
        donorNames[req.language.rawValue] ?? donorName
    }
}
