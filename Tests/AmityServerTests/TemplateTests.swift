import AmityCore
import Foundation
import Testing

/// What Leaf cannot read: a message key with a hyphen in a template (`#(chrome.t.mode_max-min-fair)`)
/// is read as a subtraction and fails the whole page with a 500 at render time.
@Suite struct TemplateTests {
    @Test func noTemplateNamesAMessageKeyWithAHyphen() throws {
        let views = URL(fileURLWithPath: packageRoot + "Resources/Views")
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" } ?? []
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let hyphenated = text.range(of: #"chrome\.t\.[A-Za-z0-9_]*-[A-Za-z]"#, options: .regularExpression).map { String(text[$0]) }
            #expect(hyphenated == nil, "\(file.lastPathComponent): \(hyphenated ?? "")")
        }
    }

    /// Words a template may carry as they are, the same in every language: names of formats,
    /// sources and the product, and HTML entities.
    static let sameInEveryLanguage: Set<String> = ["lt", "gt", "amp", "CSV", "HXL", "JSON", "iCalendar", "Atom", "GeoNames", "CC", "BY", "API", "Amity", "GraphML", "GeoJSON"]

    @Test func noTemplateCarriesWordsOfItsOwn() throws {
        let views = URL(fileURLWithPath: packageRoot + "Resources/Views")
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" } ?? []
        #expect(files.count > 20)
        for file in files {
            var text = try String(contentsOf: file, encoding: .utf8)
            // What the reader never sees as words: Leaf expressions and tags, scripts, comments, markup.
            for pattern in [#"#\((?:[^()]|\([^()]*\))*\)"#, #"#\w+(\((?:[^()]|\([^()]*\))*\))?:?"#, #"(?s)<script.*?</script>"#,
                            #"(?s)<!--.*?-->"#, #"<[^>]*>"#] {
                text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
            }
            let words = text.split(whereSeparator: { !$0.isLetter || !$0.isASCII }).filter { $0.count > 1 }.map(String.init)
            let own = words.filter { !Self.sameInEveryLanguage.contains($0) }
            #expect(own.isEmpty, "\(file.lastPathComponent) says \(own) itself; put them in the catalogue")
        }
    }

    /// The values each `#word("prefix", value)` may meet: every one needs a word in the catalogue.
    static let wordedValues: [String: [String]] = [
        "motion_stage": MotionStage.allCases.map(\.rawValue),
        "statement_status": StatementStatus.allCases.map(\.rawValue),
        "registration_status": RegistrationStatus.allCases.map(\.rawValue),
        "call_status": CallStatus.allCases.map(\.rawValue),
        "practice_status": PracticeStatus.allCases.map(\.rawValue),
        "event_kind": EventKind.allCases.map(\.rawValue),
        "plan_mode": AllocationMode.allCases.map(\.rawValue),
        "plan_scope": ["network", "city"],
        "role": MembershipRole.allCases.map(\.rawValue),
        "item": Catalogue.items.map(\.code),
        "rule_kind": RuleKind.allCases.map(\.rawValue),
        "graph_kind": GraphEdgeKind.allCases.map(\.rawValue),
    ]

    @Test func everyStatusAPageShowsHasItsWord() throws {
        let english = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: packageRoot + "Resources/Localization/en.json")))
        for (prefix, values) in Self.wordedValues {
            for value in values { #expect(english["\(prefix)_\(value)"] != nil, "en.json lacks \(prefix)_\(value)") }
        }
        let views = URL(fileURLWithPath: packageRoot + "Resources/Views")
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" } ?? []
        var used = Set<String>()
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: #/#word\("([a-z_]+)"/#) {
                used.insert(String(match.1))
                #expect(Self.wordedValues[String(match.1)] != nil, "\(file.lastPathComponent) words \(match.1), which no status type backs")
            }
        }
        #expect(used == Set(Self.wordedValues.keys))
    }

    /// A keyed field message reads the same in English from the core (logs, the command line) as
    /// from the catalogue (pages, the API): one set of words, written twice and kept equal here.
    @Test func keyedFieldMessagesMatchTheCatalogue() throws {
        let english = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: packageRoot + "Resources/Localization/en.json")))
        #expect(!DomainError.FieldError.english.isEmpty)
        for (key, text) in DomainError.FieldError.english { #expect(english[key] == text, "\(key): the core says '\(text)', en.json '\(english[key] ?? "nothing")'") }
        let sources = FileManager.default.enumerator(atPath: packageRoot + "Sources")!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        for file in sources {
            let text = try String(contentsOfFile: packageRoot + "Sources/" + file, encoding: .utf8)
            for match in text.matches(of: #/key: "(error_[a-z_]+)"/#) {
                #expect(DomainError.FieldError.english[String(match.1)] != nil, "\(file) raises \(match.1), which has no English in the core")
            }
        }
    }
}
