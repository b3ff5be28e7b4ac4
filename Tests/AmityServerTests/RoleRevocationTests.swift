@testable import AmityServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// A verified role can be taken back (review finding M7): by the secretariat of the city's
/// network, an administrator, or the holder handing over; the holder's tokens end with it.
@Suite struct RoleRevocationTests {
    @Test func aSecretariatTakesBackAnOfficerWhoseNextWriteIsRefusedAndWhoseTokenStops() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), citynet = try await app.credentials(Demo.citynet)
            let newTaipei = try await app.credentials(Demo.newTaipei)
            let role = try await AuthorizationMatrixTests.taichungsRole(app)
            let need = #"{"cityId":1668399,"item":"gown","quantity":10,"urgency":3}"#
            try await app.api(.POST, "/api/v1/needs", as: taichung, json: need) { res async throws in #expect(res.status == .created) }
            // Another city's officer may not; a reason is required; a pending request cannot be "taken back".
            try await app.api(.POST, "/api/v1/role-requests/\(role)/revoke", as: newTaipei, json: #"{"reason":"No."}"#) { res async throws in
                #expect(res.status == .forbidden)
            }
            try await app.api(.POST, "/api/v1/role-requests/\(role)/revoke", as: citynet, json: #"{"reason":"  "}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            let pending = try await AuthorizationMatrixTests.pendingRequest(app)
            try await app.api(.POST, "/api/v1/role-requests/\(pending)/revoke", as: citynet, json: #"{"reason":"Not yet."}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            let audit = try await app.auditCount()
            try await app.api(.POST, "/api/v1/role-requests/\(role)/revoke", as: citynet, json: #"{"reason":"The officer left the city's service."}"#) { res async throws in
                let revoked = try res.json(RoleRequestDTO.self)
                #expect(res.status == .ok && revoked.status == .revoked && revoked.revocationReason == "The officer left the city's service.")
                #expect(revoked.person.email == Demo.taichung, "the decider sees whose role it was")
            }
            #expect(try await app.auditCount() == audit + 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "revoke").filter(\.$entity == "role-request").first()?.personID == citynet.personID)
            // The token stops working; the session still signs in, but writes for the city are refused.
            try await app.api(.POST, "/api/v1/needs", as: taichung, json: need) { res async throws in #expect(res.status == .unauthorized) }
            try await app.form("/aid/needs", as: taichung, fields: ["cityId": "1668399", "item": "gown", "quantity": "10", "urgency": "3"]) { res async throws in
                #expect(res.status == .forbidden)
            }
            // The holder reads why on their account; twice is a conflict.
            let page = try await app.page("/account", as: taichung)
            #expect(page.body.string.contains("The officer left the city&#39;s service.") || page.body.string.contains("The officer left the city's service."))
            try await app.api(.POST, "/api/v1/role-requests/\(role)/revoke", as: try await app.credentials(Demo.admin), json: #"{"reason":"Again."}"#) { res async throws in
                #expect(res.status == .conflict)
            }
        }
    }

    @Test func anOfficerHandsOverOnTheirWayOut() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            let role = try await AuthorizationMatrixTests.taichungsRole(app)
            let account = try await app.page("/account", as: taichung)
            #expect(account.body.string.contains("/requests/\(role)/revoke"))
            try await app.form("/requests/\(role)/revoke", as: taichung, fields: ["reason": "Handing over to my successor."]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/account?notice=role_revoked")
            }
            #expect(try await RoleRequest.find(role, on: app.db)?.revokedBy == taichung.personID)
        }
    }

    @Test func decidersSeeTheRequestersAddressAndTitle() async throws {
        try await withAmity { app async throws in
            let citynet = try await app.credentials(Demo.citynet)
            let queue = try await app.page("/requests", as: citynet)
            #expect(queue.body.string.contains(Demo.kaohsiungApplicant))
            let listed = try await app.api(.GET, "/api/v1/role-requests", as: citynet).json(CursorPage<RoleRequestDTO>.self).items
            #expect(listed.contains { $0.person.email == Demo.kaohsiungApplicant && !$0.title.isEmpty })
            // A reader sees only their own requests, never others' addresses.
            let reader = try await app.api(.GET, "/api/v1/role-requests", as: try await app.credentials(Demo.reader)).json(CursorPage<RoleRequestDTO>.self).items
            #expect(reader.allSatisfy { $0.person.email == Demo.reader })
        }
    }
}
