@testable import AmityServer
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// A mail server for the tests, on SwiftNIO: EHLO, STARTTLS (with the fixture certificate), AUTH
/// PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, QUIT, as RFC 5321 has them, keeping what it was sent.
final class SMTPPeer: Sendable {
    /// What one conversation handed over.
    struct Received: Sendable {
        var from: String
        var to: [String]
        /// The message as sent, dots unstuffed, CRLF line ends.
        var data: String
        /// Whether it came under TLS.
        var secure: Bool
        var user: String?
    }

    /// How the peer behaves.
    struct Behaviour: Sendable {
        var offersStartTLS = true
        /// The user and password it requires; nil lets anyone send.
        var credentials: (user: String, password: String)?
        /// Recipients refused for good (550).
        var refused: Set<String> = []
        /// Conversations whose RCPT is answered 451 (try later) before the peer accepts.
        var busyFor = 0
        /// The AUTH mechanisms it offers.
        var mechanisms = ["PLAIN", "LOGIN"]
        /// TLS from the first byte (smtps, port 465) instead of STARTTLS.
        var implicitTLS = false
    }

    let port: Int
    private let channel: any Channel
    private let state: NIOLockedValueBox<(received: [Received], busy: Int)>

    private init(port: Int, channel: any Channel, state: NIOLockedValueBox<(received: [Received], busy: Int)>) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    /// A peer listening on 127.0.0.1 at a port of its own.
    static func start(_ behaviour: Behaviour = Behaviour()) async throws -> SMTPPeer {
        let fixtures = packageRoot + "Tests/Fixtures/smtp/"
        let tls = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(fixtures + "server.pem").map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: fixtures + "server.key", format: .pem))))
        let state = NIOLockedValueBox((received: [Received](), busy: behaviour.busyFor))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if behaviour.implicitTLS { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Session(behaviour: behaviour, tls: tls, state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SMTPPeer(port: channel.localAddress?.port ?? 0, channel: channel, state: state)
    }

    /// Everything handed over so far.
    var received: [Received] { state.withLockedValue { $0.received } }

    /// What has arrived once at least `count` messages have, or throws after a few seconds.
    func messages(count: Int = 1) async throws -> [Received] {
        for _ in 0..<200 {
            let all = received
            if all.count >= count { return all }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SMTPError.closed
    }

    func stop() async throws { try await channel.close() }

    /// One client's conversation.
    private final class Session: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let behaviour: Behaviour
        let tls: NIOSSLContext
        let state: NIOLockedValueBox<(received: [Received], busy: Int)>
        var secure = false, greeted = false, user: String?, from: String?, to: [String] = []
        var data: [String]?
        var login: (step: Int, user: String?)?

        init(behaviour: Behaviour, tls: NIOSSLContext, state: NIOLockedValueBox<(received: [Received], busy: Int)>) {
            self.behaviour = behaviour
            self.tls = tls
            self.state = state
            self.secure = behaviour.implicitTLS
        }

        func channelActive(context: ChannelHandlerContext) {
            reply(context, "220 peer.test ESMTP ready")
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let line = String(buffer: unwrapInboundIn(data))
            if self.data != nil { return receiveData(context, line) }
            if let login { return continueLogin(context, line, login) }
            let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
            switch verb {
            case "EHLO":
                greeted = true
                var lines = ["250-peer.test", "250-8BITMIME"]
                if behaviour.offersStartTLS && !secure { lines.append("250-STARTTLS") }
                if behaviour.credentials != nil { lines.append("250-AUTH " + behaviour.mechanisms.joined(separator: " ")) }
                lines.append("250 SIZE 10000000")
                reply(context, lines.joined(separator: "\r\n"))
            case "STARTTLS":
                guard behaviour.offersStartTLS, !secure else { return reply(context, "502 not offered") }
                let promise = context.eventLoop.makePromise(of: Void.self)
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220 go ahead\r\n")), promise: promise)
                let pipeline = context.pipeline, tls = self.tls
                promise.futureResult.whenSuccess {
                    try? pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                }
                secure = true
                greeted = false
                from = nil
                to = []
            case "AUTH":
                let words = line.split(separator: " ").map(String.init)
                guard behaviour.credentials != nil, greeted else { return reply(context, "503 say EHLO first") }
                guard secure || !behaviour.offersStartTLS else { return reply(context, "538 encryption required") }
                if words.count >= 3, words[1].uppercased() == "PLAIN", behaviour.mechanisms.contains("PLAIN") {
                    let parts = Data(base64Encoded: words[2]).map { String(decoding: $0, as: UTF8.self) }?.split(separator: "\0", omittingEmptySubsequences: false) ?? []
                    check(context, user: parts.count == 3 ? String(parts[1]) : "", password: parts.count == 3 ? String(parts[2]) : "")
                } else if words.count == 2, words[1].uppercased() == "LOGIN", behaviour.mechanisms.contains("LOGIN") {
                    login = (1, nil)
                    reply(context, "334 VXNlcm5hbWU6")
                } else {
                    reply(context, "504 unknown mechanism")
                }
            case "MAIL":
                guard greeted else { return reply(context, "503 say EHLO first") }
                if behaviour.credentials != nil && user == nil { return reply(context, "530 sign in first") }
                from = Self.address(line)
                reply(context, "250 sender ok")
            case "RCPT":
                guard from != nil else { return reply(context, "503 MAIL first") }
                let address = Self.address(line)
                if behaviour.refused.contains(address) { return reply(context, "550 no such mailbox") }
                let busy = state.withLockedValue { state in state.busy > 0 ? { state.busy -= 1; return true }() : false }
                if busy { return reply(context, "451 try again later") }
                to.append(address)
                reply(context, "250 recipient ok")
            case "DATA":
                guard !to.isEmpty else { return reply(context, "503 RCPT first") }
                self.data = []
                reply(context, "354 end with <CRLF>.<CRLF>")
            case "RSET":
                (from, to) = (nil, [])
                reply(context, "250 reset")
            case "QUIT":
                let pipeline = context.pipeline
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 bye\r\n"))).whenComplete { _ in pipeline.close(promise: nil) }
            default:
                reply(context, "502 not implemented")
            }
        }

        private func receiveData(_ context: ChannelHandlerContext, _ line: String) {
            if line == "." {
                let message = Received(from: from ?? "", to: to, data: (data ?? []).joined(separator: "\r\n") + "\r\n", secure: secure, user: user)
                state.withLockedValue { $0.received.append(message) }
                (data, from, to) = (nil, nil, [])
                return reply(context, "250 queued")
            }
            data?.append(line.hasPrefix("..") ? String(line.dropFirst()) : line)
        }

        private func continueLogin(_ context: ChannelHandlerContext, _ line: String, _ step: (step: Int, user: String?)) {
            let text = Data(base64Encoded: line).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if step.step == 1 {
                login = (2, text)
                reply(context, "334 UGFzc3dvcmQ6")
            } else {
                login = nil
                check(context, user: step.user ?? "", password: text)
            }
        }

        private func check(_ context: ChannelHandlerContext, user: String, password: String) {
            if let credentials = behaviour.credentials, credentials.user == user, credentials.password == password {
                self.user = user
                reply(context, "235 signed in")
            } else {
                reply(context, "535 wrong user or password")
            }
        }

        private func reply(_ context: ChannelHandlerContext, _ text: String) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
        }

        static func address(_ line: String) -> String {
            guard let open = line.firstIndex(of: "<"), let close = line.firstIndex(of: ">"), open < close else { return "" }
            return String(line[line.index(after: open)..<close])
        }
    }
}
