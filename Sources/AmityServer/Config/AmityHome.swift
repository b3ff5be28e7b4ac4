import Foundation

/// Finds the folder that holds Amity's `Resources/`, `Public/` and `Data/`, so the program runs
/// from any folder: `AMITY_HOME` when set, else the nearest folder above the executable that holds
/// them (the checkout for `swift build`, the install prefix for a release), else the working directory.
public enum AmityHome {
    /// The file that marks a home.
    static let marker = "Resources/Localization/en.json"

    /// The home, with a trailing slash.
    public static func locate(environment: [String: String], executable: String, workingDirectory: String) -> String {
        if let home = environment["AMITY_HOME"], !home.isEmpty { return slashed(home) }
        return search(from: resolved(executable)) ?? slashed(workingDirectory)
    }

    /// The nearest folder above `executable` (at most six up) that holds the marker.
    static func search(from executable: String) -> String? {
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(marker).path) { return slashed(folder.path) }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return nil
    }

    /// The executable's real path: `/proc/self/exe` where there is one, else the path it was started by.
    static func resolved(_ executable: String) -> String {
        if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return real }
        return URL(fileURLWithPath: executable).resolvingSymlinksInPath().path
    }

    static func slashed(_ path: String) -> String { path.hasSuffix("/") ? path : path + "/" }
}
