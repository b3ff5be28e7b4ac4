@testable import AmityServer
import AmityCore
import Foundation
import Testing

/// What a document number is stored under never changes with how it is computed: people registered
/// before are found by the same HMAC.
@Suite struct DocumentKeyTests {
    static let key = DocumentKey(bytes: Data(0..<32))

    @Test func theHMACIsTheScopeAndTheNumberUnderTheKey() throws {
        // Python: hmac.new(bytes(range(32)), b"programme:1\x1fA123456784", hashlib.sha256).hexdigest()
        #expect(Self.key.hmac("A123456784", scope: "programme:1") == "15c322a2b8465201c61fff6bf873ede77617d9bfeb85e7420c1a65c43857d478")
        #expect(try Self.key.programmeKey("A123456784", programmeID: 2, field: "document")
                == "13b7553c0e8cd39f56af0b08ff84b92794411c50688d3dd56a3ef7a6ea9ed531")
        #expect(try Self.key.programmeKey(" a12-345 6784", programmeID: 1, field: "document") == Self.key.hmac("A123456784", scope: "programme:1"),
                "spaces, hyphens and case do not matter, and a key used once gives the same answer again")
    }

    @Test(arguments: [("A123456784", "A123456784"), ("a123456784", "A123456784"), ("A12-345 6784", "A123456784"), ("P000000001", "P000000001"),
                      ("ABCD", "ABCD"), (String(repeating: "9", count: 32), String(repeating: "9", count: 32))])
    func aNumberIsWrittenAsOnTheCard(_ typed: String, _ normalized: String) throws {
        #expect(try DocumentKey.normalized(typed, field: "document") == normalized)
    }

    @Test(arguments: ["ABC", String(repeating: "9", count: 33), "A12345678É", "A1234567８4", "A123_456784", "", "----"])
    func anythingElseNamesTheField(_ typed: String) {
        #expect(throws: DomainError.invalid("document", key: "error_document_number")) { try DocumentKey.normalized(typed, field: "document") }
    }
}
