import NIOCore
import Vapor

extension Request {
    /// The address of the client: the peer, or, when the peer is one of the configured proxies
    /// (`AMITY_TRUSTED_PROXIES`), the nearest address in `X-Forwarded-For` that is not a proxy.
    /// A header from anyone else is ignored, so nobody can pose as another address.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let proxies = application.amity.trustedProxies
        guard proxies.contains(peer) else { return peer }
        // From the nearest hop back, without a list of every hop: asked by every entitlement question.
        for value in headers[.xForwardedFor].reversed() {
            var rest = Substring(value)
            while !rest.isEmpty {
                let comma = rest.lastIndex(of: ",")
                let hop = rest[(comma.map(rest.index(after:)) ?? rest.startIndex)...].trimmingWhitespace()
                rest = rest[..<(comma ?? rest.startIndex)]
                if !hop.isEmpty, !proxies.contains(hop) { return hop }
            }
        }
        return peer
    }

    /// The client as the limits per address count it (sign-ups, sign-in attempts, mails, entitlement
    /// questions, live streams): its IPv4 address, or its IPv6 address's /64. One subscriber's
    /// machine may take any of the 2^64 addresses of its prefix; counted one by one, it would pass
    /// every limit and fill the memory that remembers callers.
    var clientNetwork: String { Self.network(of: clientAddress) }

    /// `address`'s network as `clientNetwork` counts it; anything that is not an IPv6 address, as it is.
    static func network(of address: String) -> String {
        guard address.utf8.contains(UInt8(ascii: ":")), case .v6(let v6)? = try? SocketAddress(ipAddress: address, port: 0) else { return address }
        let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        if bytes[..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")   // an IPv4 address written as IPv6
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
