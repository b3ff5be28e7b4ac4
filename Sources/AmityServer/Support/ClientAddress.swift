import Vapor

extension Request {
    /// The address of the client: the peer, or, when the peer is one of the configured proxies
    /// (`AMITY_TRUSTED_PROXIES`), the nearest address in `X-Forwarded-For` that is not a proxy.
    /// A header from anyone else is ignored, so nobody can pose as another address.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let proxies = application.amity.trustedProxies
        guard proxies.contains(peer) else { return peer }
        let forwarded = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        return forwarded.reversed().first { !proxies.contains($0) && !$0.isEmpty } ?? peer
    }
}
