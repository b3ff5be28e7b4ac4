import AmityCore
import NIOCore

/// The stock in the shape of Korea's public-mask Open API of 2020 (`corona19-masks/v1`), which
/// 24,476 API keys read in its first month: `stores/json` and `sales/json` by pages, `storesByGeo/json`
/// within `m` metres (at most 5,000), `storesByAddr/json` by the start of an address. Stock goes out as
/// buckets (`remain_stat`, `StockBucket`) of what a walk-in can still get of the feed classes.
/// Each outlet's objects are written once per snapshot; a question copies the ones it finds.
/// An outlet without a place is left out (those apps read `lat` and `lng` as numbers); the CSVs hold it.
struct KoreaMaskAPI: Sendable {
    /// Each outlet's address with its spaces made single (`words`), in the snapshot's order.
    private let addresses: [String]
    /// `{addr, code, lat, lng, name, type}`, as `stores/json` lists them.
    private let storeInfos: [[UInt8]]
    /// `{code, created_at, remain_stat, stock_at}`, as `sales/json` lists them.
    private let sales: [[UInt8]]
    /// Both together, as the questions by place and by address answer.
    private let stores: [[UInt8]]
    private let places: NearbyOutlets

    /// The widest circle a question may ask about, as Korea's API allowed.
    static let maxMetres = 5_000.0
    /// The longest page.
    static let maxPerPage = 5_000

    init(_ snapshot: StockSnapshot) {
        let outlets = snapshot.outlets.filter { $0.place != nil }
        let time = snapshot.localTime
        var (storeInfos, sales, stores) = ([[UInt8]](), [[UInt8]](), [[UInt8]]())
        for outlet in outlets {
            let place = outlet.place!
            let bucket = StockBucket(available: snapshot.classes.reduce(0) { $0 + outlet.available($1) }).rawValue
            let type = Self.type(of: outlet.kind)
            storeInfos.append(Self.written { json in
                json.key("addr"); json.value(outlet.address); json.key("code"); json.value(outlet.code)
                json.key("lat"); json.value(place.latitude); json.key("lng"); json.value(place.longitude)
                json.key("name"); json.value(outlet.name); json.key("type"); json.value(type)
            })
            sales.append(Self.written { json in
                json.key("code"); json.value(outlet.code); json.key("created_at"); json.value(time)
                json.key("remain_stat"); json.value(bucket); json.key("stock_at"); json.value(time)
            })
            stores.append(Self.written { json in
                json.key("addr"); json.value(outlet.address); json.key("code"); json.value(outlet.code); json.key("created_at"); json.value(time)
                json.key("lat"); json.value(place.latitude); json.key("lng"); json.value(place.longitude); json.key("name"); json.value(outlet.name)
                json.key("remain_stat"); json.value(bucket); json.key("stock_at"); json.value(time); json.key("type"); json.value(type)
            })
        }
        addresses = outlets.map { Self.words($0.address) }
        (self.storeInfos, self.sales, self.stores) = (storeInfos, sales, stores)
        places = NearbyOutlets(outlets.map(\.place))
    }

    /// Korea's kinds: `01` pharmacy, `02` post office, `03` Nonghyup mart.
    static func type(of kind: String) -> String {
        switch kind {
        case "post-office": "02"
        case "mart", "nonghyup": "03"
        default: "01"
        }
    }

    /// `stores/json`: a page of outlets.
    func storesPage(page: Int, perPage: Int, into buffer: ByteBuffer) -> ByteBuffer {
        paged(storeInfos, key: "storeInfos", page: page, perPage: perPage, into: buffer)
    }

    /// `sales/json`: a page of stock buckets.
    func salesPage(page: Int, perPage: Int, into buffer: ByteBuffer) -> ByteBuffer {
        paged(sales, key: "sales", page: page, perPage: perPage, into: buffer)
    }

    /// `storesByGeo/json`: the outlets within `metres` of `centre`, nearest first.
    func near(_ centre: Coordinate, metres: Double, into buffer: ByteBuffer) -> ByteBuffer {
        let hits = places.within(metres, of: centre)
        var json = JSONOutput(buffer)
        json.object { json in
            json.key("count"); json.value(hits.count)
            json.key("stores"); json.array(hits) { json, hit in json.written(stores[hit.index]) }
        }
        return json.bytes
    }

    /// `storesByAddr/json`: the outlets whose address starts with `address`, given as `words` makes it.
    func at(address: String, into buffer: ByteBuffer) -> ByteBuffer {
        let found = addresses.indices.filter { addresses[$0].hasPrefix(address) }
        var json = JSONOutput(buffer)
        json.object { json in
            json.key("address"); json.value(address)
            json.key("count"); json.value(found.count)
            json.key("stores"); json.array(found) { json, index in json.written(stores[index]) }
        }
        return json.bytes
    }

    /// Whitespace of any kind and length read as one space, so `서울특별시  강남구` finds `서울특별시 강남구`.
    static func words(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private func paged(_ items: [[UInt8]], key: StaticString, page: Int, perPage: Int, into buffer: ByteBuffer) -> ByteBuffer {
        let start = min(items.count, (page - 1) * perPage), end = min(items.count, start + perPage)
        var json = JSONOutput(buffer)
        json.object { json in
            json.key("count"); json.value(end - start)
            // Korea's API sent the page number back as text; its readers decode it so.
            json.key("page"); json.value(String(page))
            json.key(key); json.array(items[start..<end]) { json, item in json.written(item) }
            json.key("totalCount"); json.value(items.count)
            json.key("totalPages"); json.value((items.count + perPage - 1) / perPage)
        }
        return json.bytes
    }

    private static func written(_ body: (inout JSONOutput) -> Void) -> [UInt8] {
        var json = JSONOutput(ByteBuffer())
        json.object(body)
        return json.writtenBytes
    }
}
