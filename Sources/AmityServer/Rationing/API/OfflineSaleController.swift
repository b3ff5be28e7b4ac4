import AmityCore
import Vapor

/// Sales made while an outlet was cut off (I9): sent by its terminal once back, every one
/// recorded and reconciled; the programme's managers read what reconciling found per outlet.
struct OfflineSaleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let programme = routes.grouped("rationing", "programmes", ":programme")
        programme.post("offline-sales", use: reconcile)
        programme.get("offline-report", use: report)
    }


    @Sendable func reconcile(req: Request) async throws -> OfflineBatchDTO {
        let programme = try await req.programme()
        let terminal = try OfflineSales.terminal(try await Sales(request: req).seller(programme))
        return try await OfflineSales(request: req).reconcile(programme, try req.decodeBody(OfflineBatchRequest.self), terminal: terminal)
    }

    @Sendable func report(req: Request) async throws -> [OfflineOutletDTO] {
        let programme = try await req.programme()
        try await Programmes(request: req).authorizeRunning(programme)
        return try await OfflineSales(request: req).report(programme)
    }
}
