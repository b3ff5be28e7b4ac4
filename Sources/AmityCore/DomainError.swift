import Foundation

/// The one vocabulary of failures that domain code speaks; the server maps it to HTTP.
public enum DomainError: Error, Equatable, Sendable {
    /// A record that does not exist (or that the caller may not know exists).
    case notFound(entity: String, id: String)
    /// Input that breaks a rule; one entry per offending field.
    case invalid([FieldError])
    /// A request that is well-formed but clashes with the current state.
    case conflict(String)

    /// One field that broke a rule, with a sentence a person can act on.
    public struct FieldError: Equatable, Sendable, Codable {
        /// Where the problem is: a query parameter, a field (`FieldPath`) or a line number.
        public var field: String
        /// What is wrong and what is expected (in English, or the key until the server words it).
        public var message: String
        /// The message's catalogue key, so each reader gets it in their language; nil for a
        /// message that exists only in English (a file's line, a command's argument).
        public var key: String?
        /// The values the message's `{name}` placeholders take.
        public var values: [String: String]?

        public init(field: String, message: String) {
            (self.field, self.message, self.key, self.values) = (field, message, nil, nil)
        }

        /// A message the catalogue words (`key` under `error_` keys), with its values; `message`
        /// holds its English for logs, the command line and tests.
        public init(field: String, key: String, _ values: [String: String] = [:]) {
            let english = MessageCatalogue.fill(Self.english[key] ?? key, values)
            (self.field, self.message, self.key, self.values) = (field, english, key, values.isEmpty ? nil : values)
        }

        /// The English of every keyed field message, as `en.json` has it (a test keeps the two equal).
        public static let english: [String: String] = [
            "error_required": "Fill this in.",
            "error_too_long": "Keep it to {max} characters or fewer.",
            "error_whole_number": "Give a whole number.",
            "error_at_least_one": "Give a whole number of at least 1.",
            "error_no_city": "There is no city {id}.",
            "error_no_country": "There is no country {code}.",
            "error_not_future": "It cannot be in the future.",
            "error_exception_country": "An exception to a rule of {country} is for a city of {country}.",
            "error_exception_city": "No city of the rule's country is called '{text}'; give its name as the gazetteer has it, or its id.",
            "error_future": "Choose a time still to come.",
            "error_wrong_password": "The current password is wrong.",
            "error_sign_in": "The email address or the password is wrong.",
            "error_password_short": "Choose a password of at least {min} characters.",
            "error_password_long": "Choose a password of at most {max} bytes.",
            "error_password_email": "Choose a password unlike your email address.",
            "error_password_common": "Choose a password that is not common or repetitive.",
            "error_email": "'{text}' is not an email address.",
            "error_day": "Give a day as YYYY-MM-DD, such as 2020-04-01.",
            "error_plan_day_future": "A plan is made as of today or a past day, not {text}.",
            "error_choice": "'{text}' is not one of the choices: {choices}.",
            "error_city_ids": "List member cities by id, separated by commas.",
            "error_city_id": "Give the city's id (the number in its page's address).",
            "error_role_target": "Ask for a role from the page of the city or network you work for.",
            "error_https": "Give a web address starting with https://.",
            "error_ends_before_start": "It must end after it starts.",
            "error_urgency": "Urgency runs from 1 (can wait) to 5 (lives depend on it).",
            "error_quantity_range": "Give a quantity from 1 to 1,000,000,000,000.",
            "error_mode": "Say how it travels (air, sea, road, rail, courier).",
            "error_reason_refusal": "Say why the request is refused; the person will read it.",
            "error_reason_cancel": "Say why the pledge is cancelled; both cities will read it.",
            "error_reason_revoke": "Say why the role is taken back (up to 2,000 characters); the holder will read it.",
            "error_reason_return": "Say why, in up to 1,000 characters; the city will read it.",
            "error_reason_reversal": "Say why the sale is reversed, in 3 to 1,000 characters; the programme's managers will read it.",
            "error_link_expired": "This link has expired; ask for a new one.",
            "error_link_invalid": "This link is not one Amity sent, or it was cut short: open the whole link from the mail.",
            "error_link_used": "This link was already used; each works once.",
            "error_same_address": "That is already your address.",
            "error_two_cities": "A partnership joins exactly two different cities.",
            "error_own_resolution": "A city endorses other cities' resolutions, not its own.",
            "error_ask_own_networks": "A city asks the networks it belongs to, or everyone.",
            "error_campaign_partner": "A city raises money for a partner: these two cities have no active partnership on record.",
            "error_amount": "Give an amount from 1 to 1,000,000,000,000.",
            "error_adopted_future": "A resolution is recorded once adopted.",
            "error_token_days": "A token lasts 1 to 365 days.",
            "error_amend_amendment": "An amendment cannot itself be amended; amend the motion.",
            "error_event_long": "An event lasts at most 31 days.",
            "error_capacity": "Capacity is at least one city, or absent for no limit.",
            "error_members": "Every member must be a city of the directory.",
            "error_office_language": "Give at least one language the office works in.",
            "error_area": "Name at least one policy area.",
            "error_which_city": "Say which city you act for.",
            "error_which_network": "Say which network's secretariat you belong to.",
            "error_same_language": "That is the language the practice is written in.",
            "error_contact": "The contact must be a verified officer of this city.",
            "error_founded": "The founding year must be between 1800 and 2100.",
            "error_quorum": "The quorum is a share of the members from 1 to 100 per cent.",
            "error_tags": "Up to 20 tags of up to 40 characters each.",
            "error_rule_scope": "A rule covers one item or one category: give exactly one.",
            "error_sitting_host": "A sitting is hosted by the network that convenes the assembly.",
            "error_no_network": "There is no network {id}.",
            "error_no_call": "There is no call {id}.",
            "error_call_closed": "The call '{title}' is closed.",
            "error_call_members": "Only member cities of {network} may answer its call.",
            "error_no_need": "There is no open need {id}.",
            "error_no_offer": "There is no offer {id}.",
            "error_received_too_many": "Only {left} of this pledge are still on their way.",
            "error_not_member": "This city is not a member of {assembly}.",
            "error_sdg": "'{text}' is not an SDG target; write goal.target, such as 3.d or 11.b.",
            "error_no_policy_in_force": "No version of this programme's rules is in force now; nothing can be sold until one takes effect.",
            "error_policy_version": "Version {version} of the rules is in force now; decide the sale again under it.",
            "error_local_time": "Give a local time as YYYY-MM-DDTHH:MM, such as 2020-02-06T09:00.",
            "error_price": "Give a price from 0 to 1,000,000,000 with at most two decimal places, such as 5 or 0.50.",
            "error_time_zone": "'{text}' is not a time zone; give an IANA name such as Asia/Taipei.",
            "error_window_days": "A window lasts from 1 to 366 days.",
            "error_number_range": "Give a whole number from {min} to {max}.",
            "error_duplicate": "'{text}' appears twice.",
            "error_name": "Use 1 to 40 letters, digits, - or _.",
            "error_price_missing": "Give exactly one price for '{text}'.",
            "error_price_kind": "Give a unit price, or a pack size with a pack price.",
            "error_semantics": "Say how the alternatives combine: lockOnFirst or proportional.",
            "error_proportional": "Under proportional, each alternative is one pool of at least 1, and no class is in two.",
            "error_document_number": "Give the document number as written on the card: 4 to 32 letters and digits.",
            "error_no_programme": "There is no programme {id}.",
            "error_which_programme": "Say which programme you ask to manage.",
            "error_programme_owner": "A programme belongs to exactly one city, network or country: give one of cityId, networkId or countryCode.",
            "error_feed_classes": "Give the feeds' classes in column order: 1 to 4 different names of 1 to 40 letters, digits, - or _.",
            "error_degrees": "Give degrees from {min} to {max}, as a decimal number such as 37.5665.",
            "error_address_start": "Give the start of an address, at least 2 characters, such as 서울특별시 강남구.",
            "error_after_close": "Pickup starts once the order window has closed.",
            "error_pay_window": "Payment must close after the order window and no later than the end of pickup.",
            "error_no_round": "This programme has no round {id}.",
            "error_round_open": "Renew from a round whose order window has closed.",
            "error_no_pool": "This programme has no donation pool {id}.",
            "error_sequence": "Give each offline sale its terminal's sequence number: a whole number from 1, once in the batch.",
            "error_offline_time": "An offline sale is dated within the last 14 days and not in the future.",
            "error_after_version": "It must take effect after version {version} does.",
            "error_case_failed": "The case '{text}' does not pass under this version.",
            "error_outlet_code": "Give the outlet's code: up to 32 characters, without commas, quotes, slashes or line breaks.",
            "error_coordinates": "Give both latitude (-90 to 90) and longitude (-180 to 180), or neither.",
            "error_service_periods": "Give the hours as 21 letters, N open and Y closed: the seven mornings from Monday, then the seven afternoons, then the seven evenings; or leave it empty.",
            "error_outlet_taken": "Another outlet of this programme has the code {text}.",
            "error_adjustment_note": "Say why the stock is adjusted (breakage, loss, expiry).",
            "error_adjustment_stock": "There is not that much on hand to take off.",
            "error_sale_id": "Give the sale an id of 1 to 64 letters, digits, -, _, . or :, new for each sale.",
            "error_no_outlet": "There is no outlet {id} in this programme.",
            "error_not_registered": "Nobody is registered with this document number; register the person first.",
            "error_entitlement_unknown": "This document number and birth date do not match a registration.",
            "error_donation_closed": "Donation is not open under these rules.",
        ]

        /// "Fill this in" or "at most `max` characters": the check most text fields make.
        public static func length(_ field: String, _ text: String, max: Int, required: Bool = true) -> FieldError? {
            if required && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return FieldError(field: field, key: "error_required") }
            guard text.count > max else { return nil }
            return FieldError(field: field, key: "error_too_long", ["max": max.formatted(.number.grouping(.automatic))])
        }
    }

    /// Shorthand for a single invalid field.
    public static func invalid(_ field: String, _ message: String) -> DomainError {
        .invalid([FieldError(field: field, message: message)])
    }

    /// Shorthand for a single invalid field whose message the catalogue words.
    public static func invalid(_ field: String, key: String, _ values: [String: String] = [:]) -> DomainError {
        .invalid([FieldError(field: field, key: key, values)])
    }
}

extension DomainError: CustomStringConvertible {
    /// The error in English for logs and the command line, a field per line ("--as-of: A plan is made …").
    public var description: String {
        switch self {
        case .notFound(let entity, let id): "There is no \(entity) with id '\(id)'."
        case .invalid(let fields): fields.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
        case .conflict(let message): message
        }
    }
}
