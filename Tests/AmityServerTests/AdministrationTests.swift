@testable import AmityServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Administrators read the whole audit log, filtered, and the list of people with their roles;
/// nobody else does.
@Suite struct AdministrationTests {
    @Test func theAuditLogFiltersByPersonActionCityAndDay() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin), taichung = try await app.credentials(Demo.taichung)
            try await app.api(.POST, "/api/v1/needs", as: taichung, json: #"{"cityId":1668399,"item":"gown","quantity":10,"urgency":3}"#)
            let mine = try await app.api(.GET, "/api/v1/audit?person=\(taichung.personID)&action=create", as: admin).json(CursorPage<AuditEntryDTO>.self)
            #expect(!mine.items.isEmpty && mine.items.allSatisfy { $0.person?.id == taichung.personID && $0.action == "create" })
            let city = try await app.api(.GET, "/api/v1/audit?city=1668399&entity=need", as: admin).json(CursorPage<AuditEntryDTO>.self)
            #expect(city.items.count == 1)
            let day = ISO8601DateFormatter.string(from: app.clock.now(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
            let today = try await app.api(.GET, "/api/v1/audit?from=\(day)&until=\(day)&entity=need", as: admin).json(CursorPage<AuditEntryDTO>.self)
            #expect(today.items.count == 1)
            let tomorrow = try await app.api(.GET, "/api/v1/audit?from=2999-01-01", as: admin).json(CursorPage<AuditEntryDTO>.self)
            #expect(tomorrow.items.isEmpty)
            try await app.api(.GET, "/api/v1/audit?from=yesterday", as: admin) { res async throws in #expect(res.status == .badRequest) }
            try await app.api(.GET, "/api/v1/audit?person=someone", as: admin) { res async throws in #expect(res.status == .badRequest) }
            try await app.api(.GET, "/api/v1/audit", as: taichung) { res async throws in #expect(res.status == .forbidden) }
            let page = try await app.page("/admin/audit?person=\(taichung.personID)&city=&action=create", as: admin)
            #expect(page.status == .ok && page.body.string.contains("need") && page.body.string.contains(#"value="create""#))
            #expect(try await app.page("/admin/audit", as: taichung).status == .forbidden)
            let first = try await app.page("/admin/audit?action=create&city=&limit=1", as: admin)
            #expect(first.body.string.contains("/admin/audit?action=create&amp;limit=1&amp;cursor="), "the next page keeps the filter")
        }
    }

    @Test func peopleAreListedWithTheirRolesForAdministratorsOnly() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            let page = try await app.page("/admin/people?q=taichung", as: admin)
            #expect(page.status == .ok && page.body.string.contains(Demo.taichung) && page.body.string.contains("Taichung"))
            #expect(!page.body.string.contains(Demo.cincinnati), "the search narrows")
            let all = try await app.page("/admin/people?limit=2", as: admin)
            #expect(all.body.string.contains("/admin/people?limit=2&amp;cursor="), "a page at a time, the query kept")
            #expect(try await app.page("/admin/people", as: try await app.credentials(Demo.citynet)).status == .forbidden)
            #expect(try await app.page("/admin/people").status == .seeOther)
        }
    }
}
