/// Everything a person can ask to do that changes data, with what it touches.
public enum Action: Sendable, Equatable {
    /// Anything about one's own account: tokens, password, address.
    case manageOwnAccount
    /// Ask to act for a city or a network: only from a confirmed address, which the decider sees.
    case requestRole
    case editCityProfile(cityID: Int)
    /// Record a partnership or an event in its history; either city's officer may.
    case claimPartnership(cityIDs: [Int])
    /// Confirm what the other city claimed; only the other city's officer may.
    case confirmClaim(claimedBy: Int, cityIDs: [Int])
    case editNetwork(networkID: String)
    case manageMemberships(networkID: String)
    case createNetwork
    /// Verify or refuse a request to act for a city, whose networks are given.
    case decideOfficerRequest(cityID: Int, networksOfCity: Set<String>, requester: Int)
    case decideSecretariatRequest(networkID: String, requester: Int)
    case readAuditLog
    /// What a city does on its own behalf: post needs and offers, pledge, plan its offers, raise money.
    case actForCity(cityID: Int)
    /// A step either city of a pledge may take (close, cancel).
    case actForEitherCity(cityIDs: [Int])
    /// Plan for every member city of a network.
    case planForNetwork(networkID: String)
    /// Record the rules national governments set.
    case manageNationalRules
    /// Publish or return a practice of a city that belongs to the given networks.
    case moderatePractice(networksOfCity: Set<String>)
    /// Add or review a translation: the practice's city, or a moderator.
    case translatePractice(cityID: Int, networksOfCity: Set<String>)
    /// Open, curate and close a network's call for practices.
    case runCall(networkID: String)
    /// Answer a network's call with a practice: an officer of one of its member cities.
    case answerCall(memberCities: Set<Int>)
    /// Mark the answer that helped: only the person who asked.
    case markHelpfulAnswer(askedBy: Int)
    /// What a network does on its own behalf (host a joint statement): its secretariat.
    case actForNetwork(networkID: String)
    /// Take back a verified role: the holder handing over, an administrator, or (for a city's
    /// officer) the secretariat of a network the city belongs to.
    case revokeRole(cityID: Int?, networksOfCity: Set<String>, holder: Int)
    /// What a request whose body names no readable city or network is held to: some role of the
    /// kinds that could do it for someone (an officer of any city, a secretariat of any network).
    case holdRole(officer: Bool, secretariat: Bool)
    /// Start a rationing programme for a city (its officers), a network (its secretariat) or a
    /// country (administrators: Taiwan's and Korea's were national).
    case startProgramme(owner: ProgrammeOwner)
    /// Run a programme: its rules, outlets, stock, terminals, people and sales. Its verified
    /// managers, and for a city's programme the city's officers, for a network's its secretariat.
    case runProgramme(programmeID: Int, owner: ProgrammeOwner)
    /// Verify or refuse a request to manage a programme: administrators, and for a city's
    /// programme the city's officers (never the requester).
    case decideManagerRequest(owner: ProgrammeOwner, requester: Int)
}

/// Whose a rationing programme is.
public enum ProgrammeOwner: Sendable, Equatable {
    case city(Int)
    case network(String)
    case country(String)
}

/// The answer of the policy: allowed, or why not.
public enum Decision: Sendable, Equatable {
    case allowed
    /// Nobody is signed in, and the action needs someone.
    case signInRequired
    /// Signed in, but this person may not; the reason says what would allow it.
    case denied(String)
}

/// The one authorization policy: every write of Amity asks it, and only it.
public enum Policy {
    /// Whether `actor` acts for the owner of a programme: the city's officer or the network's secretariat.
    static func speaksFor(_ actor: Actor, _ owner: ProgrammeOwner) -> Bool {
        switch owner {
        case .city(let city): actor.officerOf.contains(city)
        case .network(let network): actor.secretariatOf.contains(network)
        case .country: false
        }
    }

    static func ownerOnly(_ owner: ProgrammeOwner) -> String {
        switch owner {
        case .city: "Only a verified officer of this city may start its programme."
        case .network: "Only this network's verified secretariat may start its programme."
        case .country: "Only an administrator may start a national programme."
        }
    }

    public static func decide(_ actor: Actor?, _ action: Action) -> Decision {
        guard let actor else { return .signInRequired }
        if actor.isAdministrator { return .allowed }
        switch action {
        case .manageOwnAccount:
            return .allowed
        case .requestRole:
            return actor.addressConfirmed
                ? .allowed : .denied("Confirm your address first: open the link Amity mailed you, or send it again from your account page.")
        case .editCityProfile(let city):
            return actor.officerOf.contains(city) ? .allowed : .denied("Only a verified officer of this city may edit its profile.")
        case .claimPartnership(let cities):
            return cities.contains(where: actor.officerOf.contains)
                ? .allowed : .denied("Only a verified officer of one of the two cities may record this.")
        case .confirmClaim(let claimedBy, let cities):
            let others = cities.filter { $0 != claimedBy }
            return others.contains(where: actor.officerOf.contains)
                ? .allowed : .denied("Only a verified officer of the other city may confirm what this city claimed.")
        case .editNetwork(let network), .manageMemberships(let network):
            return actor.secretariatOf.contains(network) ? .allowed : .denied("Only this network's verified secretariat may do this.")
        case .createNetwork:
            return .denied("Only an administrator may create a network.")
        case .decideOfficerRequest(_, let networks, let requester):
            if requester == actor.personID { return .denied("Nobody may verify their own request.") }
            return networks.isDisjoint(with: actor.secretariatOf)
                ? .denied("Only an administrator, or the secretariat of a network this city belongs to, may decide.") : .allowed
        case .decideSecretariatRequest:
            return .denied("Only an administrator may verify a network's secretariat.")
        case .readAuditLog:
            return .denied("Only an administrator may read the whole audit log.")
        case .actForCity(let city):
            return actor.officerOf.contains(city) ? .allowed : .denied("Only a verified officer of this city may act for it.")
        case .actForEitherCity(let cities):
            return cities.contains(where: actor.officerOf.contains) ? .allowed : .denied("Only a verified officer of one of the two cities may do this.")
        case .planForNetwork(let network):
            return actor.secretariatOf.contains(network) ? .allowed : .denied("Only this network's verified secretariat may plan for it.")
        case .manageNationalRules:
            return .denied("Only an administrator may record national rules.")
        case .moderatePractice(let networks):
            return networks.isDisjoint(with: actor.secretariatOf)
                ? .denied("Only an administrator, or the secretariat of a network this city belongs to, may moderate its practices.") : .allowed
        case .translatePractice(let city, let networks):
            return actor.officerOf.contains(city) || !networks.isDisjoint(with: actor.secretariatOf)
                ? .allowed : .denied("Only the practice's city or a secretariat of one of its networks may translate it.")
        case .runCall(let network):
            return actor.secretariatOf.contains(network) ? .allowed : .denied("Only this network's verified secretariat may run its calls.")
        case .answerCall(let members):
            return members.isDisjoint(with: actor.officerOf)
                ? .denied("Only a verified officer of a member city of this network may answer its call.") : .allowed
        case .actForNetwork(let network):
            return actor.secretariatOf.contains(network) ? .allowed : .denied("Only this network's verified secretariat may act for it.")
        case .revokeRole(let city, let networks, let holder):
            if holder == actor.personID { return .allowed }
            return city != nil && !networks.isDisjoint(with: actor.secretariatOf)
                ? .allowed : .denied("Only an administrator, the holder, or the secretariat of a network this city belongs to may take this role back.")
        case .holdRole(let officer, let secretariat):
            return (officer && !actor.officerOf.isEmpty) || (secretariat && !actor.secretariatOf.isEmpty)
                ? .allowed : .denied(officer && secretariat ? "Only a verified officer of a city or a network's secretariat may do this."
                                     : officer ? "Only a verified officer of a city may do this." : "Only a network's verified secretariat may do this.")
        case .markHelpfulAnswer(let askedBy):
            return askedBy == actor.personID ? .allowed : .denied("Only the person who asked may mark the answer that helped.")
        case .startProgramme(let owner):
            return Self.speaksFor(actor, owner) ? .allowed : .denied(Self.ownerOnly(owner))
        case .runProgramme(let programme, let owner):
            return actor.managerOf.contains(programme) || Self.speaksFor(actor, owner)
                ? .allowed : .denied("Only a verified manager of this programme may run it.")
        case .decideManagerRequest(let owner, let requester):
            if requester == actor.personID { return .denied("Nobody may verify their own request.") }
            if case .city(let city) = owner, actor.officerOf.contains(city) { return .allowed }
            return .denied("Only an administrator, or an officer of the programme's city, may decide.")
        }
    }
}
