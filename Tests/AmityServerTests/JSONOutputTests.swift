@testable import AmityCore
@testable import AmityServer
import Foundation
import NIOCore
import PropertyBased
import Testing
import Vapor
import VaporTesting

/// An answer that writes its own JSON says what its `Codable` encoding says, and bodies read
/// straight from the buffer are read as Vapor's content negotiation reads them.
@Suite struct JSONOutputTests {
    /// Characters that need escaping or are easy to get wrong, beside ordinary ones.
    static let alphabet: [Character] = (0..<0x20).map { Character(UnicodeScalar(UInt8($0))) }
        + ["\"", "\\", "/", "\u{7F}", "\u{2028}", "é", "口", "罩", "🦠", "👩‍👧", "a", "Z", "0", " ", "-", "_"]
    static let text = Gen<Character?>.element(of: alphabet).map { $0! }.string(of: 0...12)
    static let day = Gen.int(in: -300_000...2_900_000).map { CivilDay(number: $0) }   // years 1149 to 9909

    static let pool = zip(Gen.int(in: 0...3), text, text.array(of: 0...3), Gen.int(in: -5...100_000), Gen.int(in: -5...100_000), Gen.int(in: -100_000...100_000))
        .map { Entitlement.PoolStanding(alternative: $0, pool: $1, classes: $2, max: $3, used: $4, remaining: $5) }
    static let entitlement = zip(text, day, day, Gen.int(in: -1...5_000).optional, Gen<Limit.Semantics?>.element(of: Limit.Semantics.allCases).optional, pool.array(of: 0...4))
        .map { Entitlement(quota: $0, windowStarts: $1, windowEnds: $2, cycle: $3, semantics: $4 ?? nil, pools: $5) }
    static let answer = zip(Gen.int(in: Int.min...Int.max), entitlement.array(of: 0...3), day.array(of: 0...7))
        .map { EntitlementDTO(policyVersion: $0, entitlements: $1, openDays: $2) }

    @Test func anEntitlementAnswerWritesWhatItsCodableEncodingWrites() async throws {
        await propertyCheck(count: 500, input: Self.answer) { dto in
            let written = Data(dto.json.readableBytesView)
            let encoded = try! JSONEncoder().encode(dto)
            #expect(try JSONDecoder.amity.decode(EntitlementDTO.self, from: written) == dto, "\(String(decoding: written, as: UTF8.self))")
            let (mine, foundations) = (try JSONSerialization.jsonObject(with: written), try JSONSerialization.jsonObject(with: encoded))
            #expect((mine as? NSDictionary) == (foundations as? NSDictionary), "\(String(decoding: written, as: UTF8.self))")
        }
    }

    @Test func everyControlCharacterIsEscapedAndNothingElseIs() throws {
        var json = JSONOutput(ByteBuffer())
        json.array(Self.alphabet) { $0.value(String($1)) }
        let text = String(buffer: json.bytes)
        #expect(text.hasPrefix(#"["\u0000","\u0001","#) && text.contains(#""\b","\t","\n","\u000b","\f","\r","#))
        #expect(text.hasSuffix(#""\"","\\","/","\#u{7F}","\#u{2028}","é","口","罩","🦠","👩‍👧","a","Z","0"," ","-","_"]"#))
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == Self.alphabet.map { String($0) })
        var empty = JSONOutput(ByteBuffer())
        empty.object { $0.key("none"); $0.array([Int]()) { $0.value($1) }; $0.field("absent", Int?.none) { $0.value($1) }; $0.key("n"); $0.value(-7) }
        #expect(String(buffer: empty.bytes) == #"{"none":[],"n":-7}"#)
    }

    /// Pieces of JSON, well and badly placed: keys, values plain and escaped, numbers, nesting.
    static let pieces = [#"{"#, #"}"#, #""document""#, #""birth""#, #""other""#, ":", ",", " ", "\n", "\t", #""A123456784""#, #""1980-01-01""#,
                         #""\u0041""#, #""a\"b""#, #""é""#, #""""#, "1", "[]", "null", #"{"birth":"1"}"#]
    static let body = Gen<String?>.element(of: pieces).map { $0! }.array(of: 0...14).map { $0.joined() }
    /// Values mostly as a plain body has them, with a quote, a backslash or a character beyond ASCII now and then.
    static let value = Gen<Character?>.element(of: ["a", "Z", "0", "9", " ", "-", "/", "A", "\\", "\"", "é", "\u{1F}"]).map { $0! }.string(of: 0...8)
    static let plainBody = zip(Gen<String?>.element(of: [" ", "", "\n ", "\t"]).map { $0! }, value, value, Gen.bool)
        .map { space, document, birth, swapped in
            let fields = [#""document"\#(space):\#(space)"\#(document)""#, #""birth":\#(space)"\#(birth)"\#(space)"#]
            return space + "{" + (swapped ? fields.reversed() : fields).joined(separator: "," + space) + "}" + space
        }

    /// What the plain reading makes of `body`, when it reads it, is what `JSONDecoder` makes of it.
    static func readAlike(_ body: String) {
        let fields = Array(body.utf8).withUnsafeBytes(PlainJSON.fields)
        guard let plain = fields.flatMap(EntitlementRequest.init(fields:)) else { return }
        let decoded = try? JSONDecoder.amity.decode(EntitlementRequest.self, from: Data(body.utf8))
        #expect(decoded?.document == plain.document && decoded?.birth == plain.birth, "\(body)")
    }

    @Test func aPlainBodyIsReadAsJSONDecoderReadsIt() async throws {
        await propertyCheck(count: 1_000, input: Self.body) { Self.readAlike($0) }
        await propertyCheck(count: 1_000, input: Self.plainBody) { Self.readAlike($0) }
        let read = { (body: String) in Array(body.utf8).withUnsafeBytes(PlainJSON.fields) }
        #expect(read(#" {"document" : "P000000001",\#n"birth":"1990-01-02"} "#) == ["document": "P000000001", "birth": "1990-01-02"])
        #expect(read("{}") == [:] && EntitlementRequest(fields: [:]) == nil)
        for other in [#"{"document":"A\u0042","birth":"1"}"#, #"{"document":"身份證","birth":"1"}"#, #"{"document":"A","document":"B"}"#,
                      #"{"document":"A","birth":1}"#, #"{"document":"A",}"#, #"{"document":"A"} x"#, #"{"document":{"a":"b"}}"#, #"["A"]"#, ""] {
            #expect(read(other) == nil, "\(other) goes to JSONDecoder")
        }
        #expect(read(#"{"document":"A","birth":"1","other":"x"}"#).flatMap(EntitlementRequest.init(fields:)) == nil, "an unknown field: JSONDecoder decides")
    }

    @Test(arguments: [
        ("application/json", true), ("application/json; charset=utf-8", true), ("Application/JSON;charset=UTF-8", true),
        ("application/json ; charset=utf-8", true), ("application/jsonx", false), ("application/json-patch+json", false),
        ("application/problem+json", false), ("application/x-www-form-urlencoded", false), ("text/plain", false), ("application/js", false), ("", false),
    ])
    func aBodyIsReadAsJSONOnlyWhenItsTypeIsJSON(contentType: String, json: Bool) {
        #expect(Request.isJSON(contentType) == json)
    }

    @Test func theAPIReadsJSONInAnyCaseOfItsTypeAndRefusesOtherTypesAsBefore() async throws {
        try await withAmity { app async throws in
            let made = try await RationingFixture.make(app)
            let body = ByteBuffer(string: #"{"document":"A123456784","birth":"1980-01-01"}"#)
            try await app.testing().test(.POST, "\(made.path)/entitlement", headers: ["Content-Type": "Application/JSON; Charset=UTF-8"], body: body) { response in
                #expect(response.status == .ok, "\(response.body.string)")
                #expect(response.headers.first(name: .contentType) == "application/json; charset=utf-8")
                let answer = try response.content.decode(EntitlementDTO.self)
                #expect(answer.policyVersion >= 1 && !answer.entitlements.isEmpty && answer.openDays.count == 7)
            }
            try await app.testing().test(.POST, "\(made.path)/entitlement", headers: ["Content-Type": "application/xml"], body: body) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            }
            try await app.testing().test(.POST, "\(made.path)/entitlement", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: #"{"document":"A123456784"}"#)) { response in
                #expect(response.status == .badRequest || response.status == .unprocessableEntity)
                #expect(response.body.string.contains("birth"), "the missing field is named: \(response.body.string)")
            }
            // A body or a field of the wrong kind is named in JSON's words, not Swift's.
            for (body, said) in [("", "The body is empty: send the fields as a JSON object."), ("[]", "The body must be an object."), (#"{"document":"A123456784","birth":-1}"#, "birth must be a string."),
                                 (#"{"document":["A123456784"],"birth":"1980"}"#, "document must be a string.")] {
                try await app.testing().test(.POST, "\(made.path)/entitlement", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.body.string.contains(#""detail":"\#(said)""#), "\(body): \(response.body.string)")
                }
            }
        }
    }
}
