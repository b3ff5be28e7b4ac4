@testable import AmityCore
import Testing

@Suite struct PolicyTests {
    let taichung = 1_668_399, newTaipei = 12_908_892, cincinnati = 4_508_722
    var admin: Actor { Actor(personID: 1, isAdministrator: true) }
    var taichungOfficer: Actor { Actor(personID: 2, officerOf: [taichung]) }
    var cincinnatiOfficer: Actor { Actor(personID: 3, officerOf: [cincinnati]) }
    var citynet: Actor { Actor(personID: 4, secretariatOf: ["citynet"]) }
    var reader: Actor { Actor(personID: 5) }

    @Test func nobodyActsForACityThatIsNotTheirs() {
        let action = Action.editCityProfile(cityID: taichung)
        #expect(Policy.decide(nil, action) == .signInRequired)
        #expect(Policy.decide(reader, action) != .allowed)
        #expect(Policy.decide(cincinnatiOfficer, action) != .allowed)
        #expect(Policy.decide(citynet, action) != .allowed)
        #expect(Policy.decide(taichungOfficer, action) == .allowed)
        #expect(Policy.decide(admin, action) == .allowed)
    }

    @Test func eitherCityClaimsOnlyTheOtherConfirms() {
        #expect(Policy.decide(taichungOfficer, .claimPartnership(cityIDs: [taichung, cincinnati])) == .allowed)
        #expect(Policy.decide(cincinnatiOfficer, .claimPartnership(cityIDs: [taichung, cincinnati])) == .allowed)
        #expect(Policy.decide(cincinnatiOfficer, .claimPartnership(cityIDs: [taichung, newTaipei])) != .allowed)
        let confirm = Action.confirmClaim(claimedBy: taichung, cityIDs: [taichung, cincinnati])
        #expect(Policy.decide(cincinnatiOfficer, confirm) == .allowed)
        #expect(Policy.decide(taichungOfficer, confirm) != .allowed)
        #expect(Policy.decide(citynet, confirm) != .allowed)
    }

    @Test func secretariatsRunTheirOwnNetworkAndVerifyItsCities() {
        #expect(Policy.decide(citynet, .editNetwork(networkID: "citynet")) == .allowed)
        #expect(Policy.decide(citynet, .manageMemberships(networkID: "c40")) != .allowed)
        #expect(Policy.decide(citynet, .createNetwork) != .allowed)
        #expect(Policy.decide(citynet, .decideOfficerRequest(cityID: taichung, networksOfCity: ["citynet"], requester: 9)) == .allowed)
        #expect(Policy.decide(citynet, .decideOfficerRequest(cityID: cincinnati, networksOfCity: ["sci"], requester: 9)) != .allowed)
        #expect(Policy.decide(citynet, .decideOfficerRequest(cityID: taichung, networksOfCity: ["citynet"], requester: 4)) != .allowed)
        #expect(Policy.decide(citynet, .decideSecretariatRequest(networkID: "citynet", requester: 9)) != .allowed)
        #expect(Policy.decide(admin, .decideSecretariatRequest(networkID: "citynet", requester: 9)) == .allowed)
    }

    /// A body that names nothing readable is held to the role: anyone holding none is refused before it is read.
    @Test func onlyAMemberCityAnswersACall() {
        let call = Action.answerCall(memberCities: [taichung, newTaipei])
        #expect(Policy.decide(nil, call) == .signInRequired)
        #expect(Policy.decide(taichungOfficer, call) == .allowed)
        #expect(Policy.decide(cincinnatiOfficer, call) != .allowed)
        #expect(Policy.decide(citynet, call) != .allowed, "running a call is not answering it")
        #expect(Policy.decide(admin, call) == .allowed)
    }

    @Test func aBodyNamingNothingIsHeldToTheRole() {
        let officers = Action.holdRole(officer: true, secretariat: false), secretariats = Action.holdRole(officer: false, secretariat: true)
        let hosts = Action.holdRole(officer: true, secretariat: true)
        #expect(Policy.decide(nil, officers) == .signInRequired)
        #expect(Policy.decide(reader, officers) != .allowed && Policy.decide(reader, hosts) != .allowed)
        #expect(Policy.decide(citynet, officers) != .allowed && Policy.decide(citynet, secretariats) == .allowed && Policy.decide(citynet, hosts) == .allowed)
        #expect(Policy.decide(taichungOfficer, officers) == .allowed && Policy.decide(taichungOfficer, secretariats) != .allowed)
        #expect(Policy.decide(admin, secretariats) == .allowed)
    }

    @Test func everyoneSignedInManagesTheirOwnAccount() {
        #expect(Policy.decide(reader, .manageOwnAccount) == .allowed)
        #expect(Policy.decide(nil, .manageOwnAccount) == .signInRequired)
        #expect(Policy.decide(reader, .readAuditLog) != .allowed)
        #expect(Policy.decide(admin, .readAuditLog) == .allowed)
    }
}

@Suite struct PasswordAndEmailTests {
    @Test(arguments: ["short1!", "password-password", "aaaaaaaaaaaaaaa", "taichung.officer-2020", String(repeating: "長", count: 25)])
    func weakPasswordsAreRefused(_ password: String) {
        #expect(throws: DomainError.self) { try PasswordPolicy.check(password, email: "taichung.officer@example.org") }
    }

    @Test func aGoodPasswordPasses() throws {
        try PasswordPolicy.check("Sister-Cities-2020", email: "officer@taichung.example")
        try PasswordPolicy.check("臺中市國際事務科2020年", email: "a@b.example")
    }

    @Test func emailAddressesAreFolded() throws {
        #expect(try EmailAddress("  Officer@Taichung.GOV.tw ").rawValue == "officer@taichung.gov.tw")
        for bad in ["", "no-at", "a@b", "a@.b", "a b@c.d", "@c.d"] {
            #expect(throws: DomainError.self, "\(bad)") { try EmailAddress(bad) }
        }
    }
}

@Suite struct SignInThrottleTests {
    let throttle = SignInThrottle()

    @Test func fiveFailuresLockTheAccountForFifteenMinutes() {
        let failures = (0..<5).map { Double($0 * 10) }
        #expect(throttle.verdict(pairFailures: Array(failures.prefix(4)), accountFailures: [], addressFailures: [], now: 50) == .allowed)
        #expect(throttle.verdict(pairFailures: failures, accountFailures: [], addressFailures: [], now: 50) == .locked(retryAfterSeconds: 890))
        #expect(throttle.verdict(pairFailures: failures, accountFailures: [], addressFailures: [], now: 40 + 900) == .allowed)
    }

    @Test func failuresSpreadBeyondTheWindowDoNotLock() {
        let failures = (0..<5).map { Double($0 * 300) }   // one every five minutes: 20 minutes from first to fifth
        #expect(throttle.verdict(pairFailures: failures, accountFailures: [], addressFailures: [], now: 1_201) == .allowed)
    }

    /// M3: a stranger's five failures lock only their own address out of the account.
    @Test func aStrangerCannotLockAnAccountForEveryone() {
        let failures = (0..<5).map { Double($0 * 10) }
        #expect(throttle.verdict(pairFailures: [], accountFailures: failures, addressFailures: [], now: 50) == .allowed)
        let distributed = (0..<100).map { Double($0) }
        #expect(throttle.verdict(pairFailures: [], accountFailures: distributed, addressFailures: [], now: 120) == .locked(retryAfterSeconds: 879))
    }

    @Test func oneAddressTryingManyAccountsIsBlocked() {
        let failures = (0..<20).map { Double($0) }
        #expect(throttle.verdict(pairFailures: [], accountFailures: [], addressFailures: failures, now: 30) == .locked(retryAfterSeconds: 889))
    }
}
