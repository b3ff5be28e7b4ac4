import NIOCore

/// Gathers the server's lines into replies ("250-…" goes on, "250 …" ends one) and hands each to
/// whoever asks next, in order. Lives on the channel's event loop.
final class SMTPReplyReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var lines: [String] = []
    private var replies = CircularBuffer<SMTPReply>()
    private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var failure: (any Error)?

    /// The next reply, as soon as it has arrived.
    func next(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if let reply = replies.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = String(buffer: unwrapInboundIn(data))
        let characters = Array(line.utf8)
        guard characters.count >= 3, let code = Int(String(line.prefix(3))), characters.count == 3 || [UInt8(ascii: " "), UInt8(ascii: "-")].contains(characters[3]) else {
            fail(SMTPError.garbled(line))
            context.close(promise: nil)
            return
        }
        lines.append(String(line.dropFirst(4)))
        guard characters.count == 3 || characters[3] == UInt8(ascii: " ") else { return }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        if let promise = waiting.popFirst() { promise.succeed(reply) } else { replies.append(reply) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}
