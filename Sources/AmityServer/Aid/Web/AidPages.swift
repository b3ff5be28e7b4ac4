import AmityCore
import Vapor

/// The public ledger as a download (CSV with HXL tags); the pages of mutual aid grow here.
struct AidPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("ledger.csv", use: ledgerCSV)
    }

    @Sendable func ledgerCSV(req: Request) async throws -> Response {
        var all: [PledgeDTO] = []
        var cursor: String?
        repeat {
            let page = try await Pledges(request: req).list(cityID: nil, statuses: Ledger.statuses,
                                                            page: try Paging(limit: 100, cursor: cursor, shape: AidController.shape))
            all += page.items
            cursor = page.nextCursor
        } while cursor != nil
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"amity-ledger.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: Ledger.csv(all)))
    }
}
