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
}
