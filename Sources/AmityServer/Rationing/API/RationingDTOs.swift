import AmityCore
import Vapor

/// A new programme: whose it is (one of city, network or country) and what it hands out.
struct CreateProgrammeRequest: Content {
    var name: String
    var cityId: Int?
    var networkId: String?
    var countryCode: String?
    var note: String?
    /// How many terminals one outlet may hold; 2 unless said.
    var terminalsPerOutlet: Int?
    /// The classes the open feeds' stock columns show, in order; unless said, the policy's classes.
    var feedClasses: [String]?
    /// Units an outlet cut off from the central check may sell a person a day, 0 to 1,000; 0 unless said.
    var offlineAllowance: Int?
}

struct ProgrammeDTO: Content {
    var id: Int
    var name: String
    /// `city`, `network` or `country`.
    var ownerKind: String
    var cityId: Int?
    var networkId: String?
    var countryCode: String?
    var note: String
    var terminalsPerOutlet: Int
    /// Units an outlet cut off from the central check may sell a person a day.
    var offlineAllowance: Int
    /// The classes the open feeds' stock columns show, in order; nil for the policy's classes.
    var feedClasses: [String]?
    /// The version in force now; nil when none is (the programme has not started, or has ended).
    var versionInForce: Int?
    var versions: Int
}

/// One policy version with when it is in force.
struct PolicyVersionDTO: Content {
    var version: Int
    var effectiveFrom: Date
    var until: Date?
    /// `scheduled`, `inForce` or `superseded` (or `ended`).
    var state: String
    var policy: RationPolicy
    var createdAt: Date?
}

/// A new policy version, and the cases it must pass before it is accepted.
struct CreatePolicyRequest: Content {
    var policy: RationPolicy
    var cases: [PolicyCase]?
}

/// A dry run: a policy, or the programme's schedule with it added, against a list of cases.
struct DryRunRequest: Content {
    var policy: RationPolicy
    var cases: [PolicyCase]
}

/// One case a policy must pass: a visit at an instant, the history before it, what is expected.
struct PolicyCase: Content {
    var name: String
    var at: Date
    var channel: String?
    var holder: Cardholder
    var cards: [Card]
    var history: [Purchase]?
    /// `allow` or `deny`.
    var expect: String
    /// For `deny`: the reason codes expected, all of them.
    var reasons: [Reason.Code]?
}

struct PolicyCaseResult: Content {
    var name: String
    var passed: Bool
    var decision: RationDecision
    var sentences: [String]
}

struct DryRunDTO: Content {
    var passed: Bool
    var results: [PolicyCaseResult]
}

struct CreateOutletRequest: Content {
    var code: String
    var name: String
    var address: String
    var phone: String?
    var latitude: Double?
    var longitude: Double?
    var kind: String?
    var test: Bool?
    var note: String?
    /// When it sells: 21 letters, the seven mornings from Monday, then the afternoons, then the
    /// evenings, `N` open and `Y` closed (Taiwan's `service_periods`); empty or absent when unknown.
    var servicePeriods: String?
}

struct OutletDTO: Content {
    var id: Int
    var code: String
    var name: String
    var address: String
    var phone: String
    var latitude: Double?
    var longitude: Double?
    var kind: String
    var test: Bool
    var note: String
    /// When it sells (see `CreateOutletRequest.servicePeriods`); nil when unknown.
    var servicePeriods: String?
    /// On hand by class.
    var stock: [String: Int]
}

/// A delivery (counted once the outlet confirms it) or an adjustment (units taken off, with why).
struct StockMovementRequest: Content {
    var `class`: String
    var quantity: Int
    var note: String?
}

struct StockMovementDTO: Content {
    var id: Int
    var outletId: Int
    var kind: String
    var `class`: String
    var quantity: Int
    var note: String
    var createdAt: Date?
    var confirmedAt: Date?
}

/// Registering a person at the counter or in bulk; the number is hashed and forgotten.
struct RegisterPersonRequest: Content {
    var document: String
    var documentType: String
    var birth: String
    var flags: [String]?
    var household: String?
    var district: String?
}

/// A registered person as the programme sees them: never the document number.
struct RegisteredPersonDTO: Content {
    var id: Int
    var documentType: String
    var birth: String
    var flags: [String]
    var district: String
    /// False when the person was already registered (the same number): nothing changed.
    var created: Bool
}

/// One visit: the buyer's card and every card they hold, with what is asked on each.
struct SaleRequest: Content {
    /// The client's id for this sale, 1 to 64 letters, digits, `-`, `_`, `.` or `:`; sending it
    /// again returns the first answer.
    var saleId: String
    var outletId: Int?
    var channel: String?
    /// The version the terminal believes is in force; when another is, the sale is refused unmade.
    var policyVersion: Int?
    /// The buyer's document number; absent, the first card's holder is the buyer.
    var holder: String?
    var cards: [SaleCard]

    struct SaleCard: Content {
        var document: String
        var lines: [Line]
    }
}

/// The answer to a visit, kept and returned again for the same sale id.
struct SaleDTO: Content {
    var saleId: String
    var outletId: Int
    var at: Date
    var allowed: Bool
    var policyVersion: Int?
    var lines: [PricedLine]
    var fee: Amount
    var total: Amount
    var currency: String?
    var reasons: [Reason]
    /// Each reason as a sentence, in English (pages word them in the reader's language).
    var sentences: [String]
    var reversedAt: Date?
    var reversalReason: String?
}

struct ReversalRequest: Content {
    var reason: String?
}

/// "What may I still buy?": the document number and the birth date, nothing else.
struct EntitlementRequest: Content, PlainJSONFields {
    var document: String
    var birth: String

    init(document: String, birth: String) {
        (self.document, self.birth) = (document, birth)
    }

    init?(fields: [String: String]) {
        guard fields.count == 2, let document = fields["document"], let birth = fields["birth"] else { return nil }
        self.init(document: document, birth: birth)
    }
}

struct EntitlementDTO: Content, Equatable, JSONWritable {
    var policyVersion: Int
    var entitlements: [Entitlement]
    /// The days of the coming week the card may buy on.
    var openDays: [CivilDay]

    func write(to json: inout JSONOutput) {
        json.object { json in
            json.key("policyVersion"); json.value(policyVersion)
            json.key("entitlements"); json.array(entitlements) { json, entitlement in
                json.object { json in
                    json.key("quota"); json.value(entitlement.quota)
                    json.key("windowStarts"); json.value(entitlement.windowStarts)
                    json.key("windowEnds"); json.value(entitlement.windowEnds)
                    json.field("cycle", entitlement.cycle) { $0.value($1) }
                    json.field("semantics", entitlement.semantics) { $0.value($1.rawValue) }
                    json.key("pools"); json.array(entitlement.pools) { json, pool in
                        json.object { json in
                            json.key("alternative"); json.value(pool.alternative)
                            json.key("pool"); json.value(pool.pool)
                            json.key("classes"); json.array(pool.classes) { $0.value($1) }
                            json.key("max"); json.value(pool.max)
                            json.key("used"); json.value(pool.used)
                            json.key("remaining"); json.value(pool.remaining)
                        }
                    }
                }
            }
            json.key("openDays"); json.array(openDays) { $0.value($1) }
        }
    }
}

struct CreateTerminalRequest: Content {
    var name: String
}

struct TerminalDTO: Content {
    var id: Int
    var outletId: Int
    var name: String
    var prefix: String
    var createdAt: Date?
    var revokedAt: Date?
}

/// A new terminal's token, shown once.
struct CreatedTerminalDTO: Content {
    var token: String
    var terminal: TerminalDTO
}
