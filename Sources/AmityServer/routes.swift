import Vapor

/// Every route of Amity.
func routes(_ app: Application) throws {
    // Operations
    try app.register(collection: OperationsController())

    // JSON API, described by /openapi.json
    let api = app.grouped("api", "v1")
    try api.register(collection: CountryController())
    try api.register(collection: CityController())
    try api.register(collection: NetworkController())
    try api.register(collection: PartnershipController())
    try api.register(collection: DirectoryWriteController())
    try api.register(collection: AccountController())
    try api.register(collection: AidController())
    try api.register(collection: KnowledgeController())
    try api.register(collection: LiveController())
    try api.register(collection: StatementController())
    try api.register(collection: ResolutionController())
    try api.register(collection: EventController())
    try api.register(collection: AssemblyController())
    try api.register(collection: OpenRecordController())
    try api.register(collection: AnalysisController())
    try api.register(collection: RationingController())
    try api.register(collection: StockFeedController())
    try api.register(collection: ReservationController())
    try api.register(collection: DonationController())
    try api.register(collection: OfflineSaleController())
    try api.register(collection: FairnessController())

    // Pages
    try app.register(collection: HomePage())
    try app.register(collection: DirectoryPages())
    try app.register(collection: DirectoryEditPages())
    try app.register(collection: AccountPages())
    try app.register(collection: AccountLinkPages())
    try app.register(collection: NotificationPages())
    try app.register(collection: PeoplePages())
    try app.register(collection: AuditPages())
    try app.register(collection: AidPages())
    try app.register(collection: RulePages())
    try app.register(collection: LedgerPages())
    try app.register(collection: CampaignPages())
    try app.register(collection: KnowledgePages())
    try app.register(collection: LivePages())
    try app.register(collection: StatementPages())
    try app.register(collection: ResolutionPages())
    try app.register(collection: EventPages())
    try app.register(collection: AssemblyPages())
    try app.register(collection: EvidencePages())
    try app.register(collection: AnalysisPages())
    try app.register(collection: IndicatorPages())
    try app.register(collection: RationingPages())
    try app.register(collection: FairnessPages())
    try app.register(collection: OutletFinderPages())

    // Atom feeds and iCalendar
    try app.register(collection: LiveFeeds())
    try app.register(collection: EventCalendars())
}
