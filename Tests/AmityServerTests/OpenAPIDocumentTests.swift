@testable import AmityServer
import Foundation
import Testing
import VaporTesting

/// The hand-written /openapi.json must describe exactly the JSON routes, feeds and calendars the server has.
@Suite struct OpenAPIDocumentTests {
    @Test func documentAndRoutesAgree() async throws {
        try await withAmity(seeded: false) { app async throws in
            var document: [String: Any] = [:]
            try await app.testing().test(.GET, "/openapi.json") { res async throws in
                #expect(res.status == .ok)
                document = try #require(JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])
            }
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let served = Set(app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                // Feeds and calendars are documented with their media types, like the JSON routes.
                let isFeed = path.hasPrefix("/feeds/") || path.hasPrefix("/calendars/") || path.hasSuffix("/calendar.ics")
                let isPage = !(path.hasPrefix("/api/") || isFeed || ["/healthz", "/metrics", "/openapi.json"].contains(path))
                return isPage ? nil : "\(route.method.rawValue) \(path)"
            })
            #expect(documented == served, "documented only: \(documented.subtracting(served)); served only: \(served.subtracting(documented))")
        }
    }

    /// Enumerations the server widens as capabilities arrive must widen in the document too.
    @Test func liveEntryKindsAreDocumented() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "Resources/OpenAPI/openapi.json"))
        let document = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let kind = try #require(((schemas["LiveEntry"] as? [String: Any])?["properties"] as? [String: Any])?["kind"] as? [String: Any])
        #expect(Set(kind["enum"] as? [String] ?? []) == Set(LiveKind.allCases.map(\.rawValue)))
    }

    @Test func everyReferencedSchemaExists() throws {
        let text = try String(contentsOfFile: packageRoot + "Resources/OpenAPI/openapi.json", encoding: .utf8)
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let components = try #require(object["components"] as? [String: [String: Any]])
        for match in text.matches(of: try Regex(#"#/components/(schemas|responses)/([A-Za-z]+)"#)) {
            let parts = text[match.range].split(separator: "/")
            #expect(components[String(parts[2])]?[String(parts[3])] != nil, "\(text[match.range]) is missing")
        }
    }
}
