import Vapor

/// Serves the files of the public directory, and looks on disk only for paths that can be one.
///
/// Vapor's `FileMiddleware` asks the file system about every request's path, a trip to the I/O
/// thread pool even for an API call. The directory's top-level names are read once at start-up
/// (it ships with the release), so any other path goes straight on.
struct StaticFiles: AsyncMiddleware {
    private let files: FileMiddleware
    private let topLevel: Set<Substring>

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: publicDirectory)) ?? []
        topLevel = Set(names.map { Substring($0) })
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD,
              let first = request.url.path.split(separator: "/", maxSplits: 1).first,
              topLevel.contains(first) || (first.contains("%") && topLevel.contains(Substring(first.removingPercentEncoding ?? "")))
        else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
