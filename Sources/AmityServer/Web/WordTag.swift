import Leaf
import LeafKit

/// `#word("motion_stage", m.stage)`: the reader's word for a status or kind a record carries, from
/// the message catalogue the page already holds (`chrome.t`), under the key `<prefix>_<value>`.
///
/// API answers keep the stable wire value ("voting"); only pages translate it. A value the
/// catalogue lacks shows as itself, so a gap is visible rather than blank.
struct WordTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        try ctx.requireParameterCount(2)
        guard let prefix = ctx.parameters[0].string else { throw LeafError(.unknownError("#word needs a key prefix first")) }
        guard let value = ctx.parameters[1].string else { return .string("") }
        return .string(ctx.pageWords["\(prefix)_\(value)"]?.string ?? value)
    }
}

extension LeafContext {
    /// The words the page holds in its reader's language (`chrome.t`), as the tags read them.
    var pageWords: [String: LeafData] { data["chrome"]?.dictionary?["t"]?.dictionary ?? [:] }
}
