import Vapor

extension Route {
    private static let patternKey: AnySendableHashable = "amity.pattern"

    /// The route's path as registered (`/api/v1/rationing/programmes/:programme/entitlement`): what
    /// the metrics label a request by and the path rules read. Spelled once per route and kept in its
    /// `userInfo`: spelled per request, it cost as much as a request's rate limit.
    var pattern: String {
        if let made = userInfo[Self.patternKey] as? String { return made }
        let made = "/" + path.map(\.description).joined(separator: "/")
        userInfo[Self.patternKey] = made
        return made
    }
}
