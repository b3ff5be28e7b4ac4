import Fluent

/// Every migration, in the one order both databases run them. Append only.
enum Migrations {
    static let all: [any Migration] = [
        CreateCountries(),
        CreateCities(),
        CreateCityNames(),
        CreateNetworks(),
        CreatePartnerships(),
        CreatePeople(),
        CreateAuditEntries(),
        CreateIdempotencyRecords(),
        AddProfilesAndClaims(),
        CreateAid(),
        CreatePlans(),
        CreateCampaigns(),
        CreateKnowledge(),
        CreateSearchIndex(),
        CreateLiveFeed(),
        CreateStatements(),
        CreateResolutions(),
        CreateEvents(),
        CreateAssemblies(),
        AddTokenParents(),
        AddMembershipConfirmation(),
        CreatePlanJobs(),
        AddRoleRevocation(),
        CreateOutbox(),
        AddAccountLinks(),
        AddNotifications(),
        AddNeedLapseWarnings(),
        AddPlaceNames(),
        AddLiveFacts(),
        AddOfferConfirmation(),
        CreateRuleExceptions(),
        AddPlanDaysAndNotes(),
    ]
}
