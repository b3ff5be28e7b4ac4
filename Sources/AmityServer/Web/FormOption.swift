/// One choice in a page's select or checkbox list.
struct FormOption: Encodable, Sendable {
    var value: String
    var label: String
    var selected: Bool = false
}
