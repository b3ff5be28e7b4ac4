import AmityCore
import CompressNIO
import Crypto
import NIOPosix
import Vapor

/// One feed file as it is served: its bytes, the same gzipped, and an entity tag for each.
struct FeedFile: Sendable {
    let type: HTTPMediaType
    let plain: ByteBuffer
    let gzipped: ByteBuffer
    /// A digest of the bytes: equal files from two instances carry equal tags.
    let tag: String

    init(_ bytes: [UInt8], type: HTTPMediaType) throws {
        self.type = type
        var buffer = ByteBuffer(bytes: bytes)
        plain = buffer
        gzipped = try buffer.compress(with: .gzip())
        tag = Self.digest(bytes)
    }

    static func digest<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return hasher.finalize().prefix(12).hexDigits
    }
}

/// Every open feed of one programme, written from one snapshot.
struct PublishedFeeds: Sendable {
    let snapshot: StockSnapshot
    /// `maskdata.csv`: Taiwan's columns, byte for byte.
    let taiwan: FeedFile
    /// `stock.csv`: Amity's columns.
    let extended: FeedFile
    /// `stock.geojson`: the community map's format.
    let geoJSON: FeedFile
    /// Korea's Open API, answered per question.
    let korea: KoreaMaskAPI
    /// The snapshot's tag: the questions' answers (Korea's API) change only when it does.
    let tag: String
    /// The snapshot's time as `Last-Modified` spells it.
    let lastModified: String
    /// The ledger cut the snapshot shows (`LedgerCut`): its number, then the last sale's and movement's ids.
    let cutHeader: String

    /// The feeds of `snapshot`, written on two threads of `pool`: the CSVs on one, the map and
    /// Korea's answers on the other (25,000 outlets take a few hundred milliseconds).
    static func write(_ snapshot: StockSnapshot, on pool: NIOThreadPool) async throws -> PublishedFeeds {
        async let csv = pool.runIfActive {
            (try FeedFile(Array(TaiwanMaskCSV.document(snapshot).utf8), type: .csvUTF8), try FeedFile(Array(ExtendedStockCSV.document(snapshot).utf8), type: .csvUTF8))
        }
        async let map = pool.runIfActive {
            (try FeedFile(CommunityGeoJSON.document(snapshot), type: HTTPMediaType(type: "application", subType: "geo+json")), KoreaMaskAPI(snapshot))
        }
        let ((taiwan, extended), (geoJSON, korea)) = try await (csv, map)
        return PublishedFeeds(snapshot: snapshot, taiwan: taiwan, extended: extended, geoJSON: geoJSON, korea: korea)
    }

    init(snapshot: StockSnapshot, taiwan: FeedFile, extended: FeedFile, geoJSON: FeedFile, korea: KoreaMaskAPI) {
        (self.snapshot, self.taiwan, self.extended, self.geoJSON, self.korea) = (snapshot, taiwan, extended, geoJSON, korea)
        tag = FeedFile.digest((taiwan.tag + extended.tag + geoJSON.tag).utf8)
        lastModified = snapshot.takenAt.rfc1123
        cutHeader = "\(snapshot.cut.sequence); sales=\(snapshot.cut.sales); movements=\(snapshot.cut.movements)"
    }
}
