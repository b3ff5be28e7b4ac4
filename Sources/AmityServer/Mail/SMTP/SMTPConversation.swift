import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// One visit to the mail server: greeting, EHLO, STARTTLS and EHLO again, AUTH, one message to
/// its recipients, QUIT. The whole visit has `limit`; past it the connection is closed.
struct SMTPConversation {
    let settings: SMTPSettings
    let tls: NIOSSLContext?
    let group: any EventLoopGroup
    /// The name Amity gives itself in EHLO: the host of its public address.
    let ehloName: String
    var limit: TimeAmount = .seconds(60)

    /// Hands `message` (RFC 5322 text with CRLF line ends) to the server for `recipients`.
    func deliver(_ message: String, from sender: String, to recipients: [String]) async throws {
        let implicit = settings.security == .implicitTLS
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(15))
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicit { try channel.pipeline.syncOperations.addHandler(try client(tls)) }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyReader())
                }
            }
            .connect(host: settings.host, port: settings.port).get()
        let timer = channel.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
        defer { timer.cancel() }
        do {
            try await talk(channel, message: message, from: sender, to: recipients)
        } catch {
            try? await channel.close()
            throw error
        }
        try? await channel.close()
    }

    private func talk(_ channel: any Channel, message: String, from sender: String, to recipients: [String]) async throws {
        func next() async throws -> SMTPReply {
            try await channel.eventLoop.flatSubmit {
                do {
                    return try channel.pipeline.syncOperations.handler(type: SMTPReplyReader.self).next(on: channel.eventLoop)
                } catch {
                    return channel.eventLoop.makeFailedFuture(SMTPError.closed)
                }
            }.get()
        }
        func send(_ line: String, step: String, expecting codes: Set<Int>) async throws -> SMTPReply {
            try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n"))
            let reply = try await next()
            guard codes.contains(reply.code) else { throw SMTPError.refused(step: step, reply: reply) }
            return reply
        }
        let greeting = try await next()
        guard greeting.code == 220 else { throw SMTPError.refused(step: "the connection", reply: greeting) }
        var hello = try await send("EHLO \(ehloName)", step: "EHLO", expecting: [250])
        if settings.security == .startTLS {
            guard hello.extensions["STARTTLS"] != nil else { throw SMTPError.noStartTLS }
            _ = try await send("STARTTLS", step: "STARTTLS", expecting: [220])
            try await channel.eventLoop.submit { [self] in try channel.pipeline.syncOperations.addHandler(try client(tls), position: .first) }.get()
            hello = try await send("EHLO \(ehloName)", step: "EHLO after STARTTLS", expecting: [250])
        }
        if let user = settings.username {
            try await signIn(user: user, password: settings.password ?? "", offered: hello.extensions["AUTH"] ?? [], send: send)
        }
        let eightBit = hello.extensions["8BITMIME"] != nil ? " BODY=8BITMIME" : ""
        _ = try await send("MAIL FROM:<\(Self.address(sender))>\(eightBit)", step: "the sender", expecting: [250])
        for recipient in recipients {
            _ = try await send("RCPT TO:<\(Self.address(recipient))>", step: "the recipient \(recipient)", expecting: [250, 251])
        }
        _ = try await send("DATA", step: "DATA", expecting: [354])
        _ = try await send(Self.dotStuffed(message) + ".", step: "the message", expecting: [250])
        _ = try? await send("QUIT", step: "QUIT", expecting: [221])
    }

    private func signIn(user: String, password: String, offered: [String],
                        send: (String, String, Set<Int>) async throws -> SMTPReply) async throws {
        guard settings.security != .none || SMTPSettings.isLoopback(settings.host) else {
            throw SMTPError.cannotAuthenticate("not over an unencrypted connection")
        }
        if offered.contains("PLAIN") {
            let token = Data(("\0" + user + "\0" + password).utf8).base64EncodedString()
            _ = try await send("AUTH PLAIN \(token)", "AUTH PLAIN", [235])
        } else if offered.contains("LOGIN") {
            _ = try await send("AUTH LOGIN", "AUTH LOGIN", [334])
            _ = try await send(Data(user.utf8).base64EncodedString(), "AUTH LOGIN (user)", [334])
            _ = try await send(Data(password.utf8).base64EncodedString(), "AUTH LOGIN (password)", [235])
        } else {
            throw SMTPError.cannotAuthenticate("the server offers \(offered.isEmpty ? "no AUTH" : offered.joined(separator: ", ")), Amity speaks PLAIN and LOGIN")
        }
    }

    private func client(_ context: NIOSSLContext?) throws -> NIOSSLClientHandler {
        guard let context else { throw SMTPError.cannotAuthenticate("no TLS context") }
        // SNI and the certificate's name check need a host name; an address is checked by chain alone.
        let name = settings.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : settings.host
        return try NIOSSLClientHandler(context: context, serverHostname: name)
    }

    /// The bare address in `Name <address>`, or the text itself.
    static func address(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return text }
        return String(text[text.index(after: open)..<close])
    }

    /// The message with every line that starts with a dot given a second one (RFC 5321 §4.5.2),
    /// ending in CRLF.
    static func dotStuffed(_ message: String) -> String {
        var lines = message.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }
}
