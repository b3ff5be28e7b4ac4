import Foundation
import Testing

/// The folders of `AmityServer/` use one another only as `docs/architecture.md` allows.
@Suite struct ArchitectureTests {
    /// Who may use whom, read from the table in `docs/architecture.md` ("*": everyone).
    static func rules(_ markdown: String) -> [String: Set<String>] {
        var rules: [String: Set<String>] = [:]
        for line in markdown.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| folder") && !line.hasPrefix("| ---") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 else { continue }
            rules[cells[0]] = Set(cells[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        return rules
    }

    /// Types declared in a file, by name: at the top level only, or nested too.
    static func declaredTypes(_ source: String, nested: Bool = false) -> Set<String> {
        let pattern = /^\s*(?:(?:public|internal|final|private|fileprivate|indirect)\s+)*(?:struct|enum|class|actor|protocol|typealias)\s+(\w+)/
        return Set(source.split(separator: "\n").compactMap { line in
            guard nested || !line.hasPrefix(" ") else { return nil }
            return (try? pattern.prefixMatch(in: line)).map { String($0.output.1) }
        })
    }

    /// The capitalised words of a source, without its comments and string literals.
    static func usedNames(_ source: String) -> Set<String> {
        var names = Set<String>()
        for line in source.split(separator: "\n") {
            let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let bare = code.replacing(/"(?:[^"\\]|\\.)*"/, with: "\"\"")
            // Whole identifiers, then the capitalised ones (Unicode word boundaries would join `DemoAid.load`).
            for match in bare.matches(of: /[A-Za-z_][A-Za-z0-9_]*/) where match.output.first?.isUppercase == true {
                names.insert(String(match.output))
            }
        }
        return names
    }

    /// "folder/file uses other's Type" for every use the rules forbid. `files` maps a folder
    /// ("(top)" for the wiring files) to its files' sources.
    static func violations(files: [String: [(name: String, source: String)]], rules: [String: Set<String>]) -> [String] {
        var owners: [String: Set<String>] = [:], local: [String: Set<String>] = [:]
        for (folder, sources) in files {
            for file in sources {
                for type in declaredTypes(file.source) { owners[type, default: []].insert(folder) }
                local[folder, default: []].formUnion(declaredTypes(file.source, nested: true))
            }
        }
        var found: [String] = []
        for (folder, sources) in files {
            let allowed = rules[folder] ?? []
            guard !allowed.contains("*") else { continue }
            for file in sources {
                for name in usedNames(file.source).sorted() {
                    // A name the folder declares itself (nested types too), or declared in more than one
                    // place, says nothing of direction.
                    guard local[folder]?.contains(name) != true, let owner = owners[name], owner.count == 1, let other = owner.first else { continue }
                    if !allowed.contains(other) { found.append("\(folder)/\(file.name) uses \(other)'s \(name)") }
                }
            }
        }
        return found.sorted()
    }

    @Test func theCheckCatchesAForbiddenUseAndAllowsAPermittedOne() {
        let rules = Self.rules("| folder | may use |\n| --- | --- |\n| Directory | Support |\n| Aid | Support, Directory |\n| Support | |\n")
        let files: [String: [(name: String, source: String)]] = [
            "Directory": [("Seed.swift", "struct City {\n    struct Pledge {}\n}\n// DemoAid is named in a comment only\nlet s = \"DemoAid\"\nfunc f() { DemoAid.load(); _ = Pledge() }")],
            "Aid": [("DemoAid.swift", "enum DemoAid { static func load() { _ = City() } }\nstruct Pledge {}")],
            "Support": [],
        ]
        #expect(Self.violations(files: files, rules: rules) == ["Directory/Seed.swift uses Aid's DemoAid"])
    }

    @Test func everyFolderUsesOnlyWhatTheTableAllows() throws {
        let root = packageRoot + "Sources/AmityServer/"
        let rules = Self.rules(try String(contentsOfFile: packageRoot + "docs/architecture.md", encoding: .utf8))
        var files: [String: [(name: String, source: String)]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let parts = path.split(separator: "/")
            let folder = parts.count == 1 ? "(top)" : String(parts[0])
            let name = parts.count == 1 ? path : parts.dropFirst().joined(separator: "/")
            files[folder, default: []].append((name, try String(contentsOfFile: root + path, encoding: .utf8)))
        }
        #expect(Set(files.keys).subtracting(rules.keys).isEmpty, "folders without a row in docs/architecture.md: \(Set(files.keys).subtracting(rules.keys).sorted())")
        let found = Self.violations(files: files, rules: rules)
        #expect(found.isEmpty, "uses docs/architecture.md does not allow:\n\(found.joined(separator: "\n"))")
    }
}
