import AmityCore
import Fluent
import Vapor

/// Taiwan's and Korea's 2020 mask programmes with every policy version as history, sample outlets
/// (illustrative, as their notes say) with confirmed deliveries, one test outlet that must never
/// reach a feed, and sample people registered by their (made-up) document numbers.
enum DemoRationing {
    struct SampleOutlet {
        var code: String, name: String, address: String, latitude: Double, longitude: Double
        /// When it sells, varied as pharmacies' hours vary: every part but Sunday evening, or
        /// Monday to Saturday, or weekdays and Saturday morning.
        var periods: String { Self.hours[Int(code.suffix(1))! % Self.hours.count] }

        static let hours = ["NNNNNNNNNNNNNNNNNNNNY", "NNNNNNYNNNNNNYNNNNNNY", "NNNNNNYNNNNNYYNNNNNYY"]
    }

    /// Illustrative pharmacies across four Taiwanese cities; codes keep their leading zeros.
    static let taiwanOutlets: [SampleOutlet] = {
        let places: [(String, String, Double, Double)] = [
            ("臺北市", "Taipei", 25.0375, 121.5637), ("新北市", "New Taipei", 25.0120, 121.4657),
            ("臺中市", "Taichung", 24.1477, 120.6736), ("高雄市", "Kaohsiung", 22.6273, 120.3014),
        ]
        return places.enumerated().flatMap { city, place in
            (1...6).map { n in
                let offset = Double(n) * 0.004
                return SampleOutlet(code: String(format: "0%d01%06d", city + 1, 90_500 + n), name: "\(place.0)示範藥局 \(n) (sample pharmacy)",
                                    address: "\(place.0)示範路 \(n * 10) 號", latitude: rounded(place.2 + offset), longitude: rounded(place.3 - offset))
            }
        }
    }()

    static let koreaOutlets: [SampleOutlet] = [
        ("서울특별시", 37.5665, 126.9780), ("대구광역시", 35.8714, 128.6014),
    ].enumerated().flatMap { city, place in
        (1...6).map { n in
            let offset = Double(n) * 0.003
            return SampleOutlet(code: String(format: "%02d%06d", 11 + city * 16, 100 + n), name: "\(place.0) 예시 약국 \(n) (sample pharmacy)",
                                address: "\(place.0) 예시로 \(n)", latitude: rounded(place.1 + offset), longitude: rounded(place.2 + offset))
        }
    }

    /// Six decimals (about 10 cm), as a geocoder gives them: the feeds print what is stored.
    private static func rounded(_ degrees: Double) -> Double { (degrees * 1_000_000).rounded() / 1_000_000 }

    /// Made-up people: the numbers exist only here and are stored only as HMACs.
    static let taiwanPeople: [RegisterPersonRequest] = [
        .init(document: "A123456784", documentType: "nhi", birth: "1976-05-14", household: "H-TPE-001", district: "臺北市"),
        .init(document: "A223456781", documentType: "nhi", birth: "1979-11-02", household: "H-TPE-001", district: "臺北市"),
        .init(document: "B123456786", documentType: "nhi", birth: "2012-03-09", household: "H-TPE-001", district: "臺北市"),
        .init(document: "F123456789", documentType: "nhi", birth: "1940-07-30", district: "新北市"),
        .init(document: "AC01234567", documentType: "arc", birth: "1988-01-20", district: "臺中市"),
        .init(document: "E123456788", documentType: "passport", birth: "1990", district: "高雄市"),
    ]

    static let koreaPeople: [RegisterPersonRequest] = [
        .init(document: "7601011234561", documentType: "rrn", birth: "1976", household: "H-SEL-7", district: "서울특별시"),
        .init(document: "8101011234562", documentType: "rrn", birth: "1981", household: "H-SEL-7", district: "서울특별시"),
        .init(document: "1201014234563", documentType: "rrn", birth: "2012", household: "H-SEL-7", district: "서울특별시"),
        .init(document: "3801011234564", documentType: "rrn", birth: "1938", flags: ["disabled"], district: "대구광역시"),
    ]

    static func load(on app: Application) async throws {
        let now = app.clock.now()
        try await app.db.transaction { db in
            let taiwan = try await ProgrammeHistory.load(
                name: "Name-based mask rationing (口罩實名制)", owner: .country("TW"),
                note: "Taiwan's 2020 programme as announced by the CECC and NHIA, version by version; outlets and people are illustrative samples.",
                policies: Programmes2020.taiwan, on: db, now: now)
            try await outlets(taiwanOutlets, programme: taiwan, stock: ["adult": 200, "child": 50], on: db, now: now)
            let virtual = CreateOutletRequest(code: "0000000000", name: "臺北虛擬診所", address: "臺北市（測試用）", phone: "", latitude: 25.04, longitude: 121.56,
                                              kind: "clinic", test: true, note: "A test outlet: it sells in tests and never appears in a public feed.")
            try await Outlets(db: db).save(virtual, programmeID: try taiwan.requireID(), now: now)
            try await people(taiwanPeople, programme: taiwan, key: app.documentKey, on: db, now: now)
            let korea = try await ProgrammeHistory.load(
                name: "Public masks (공적 마스크)", owner: .country("KR"),
                note: "Korea's 2020 programme as announced by MFDS, version by version, until it ended on 12 July; outlets and people are illustrative samples.",
                terminalsPerOutlet: 1, policies: Programmes2020.korea, on: db, now: now)
            try await outlets(koreaOutlets, programme: korea, stock: ["mask": 250], on: db, now: now)
            try await people(koreaPeople, programme: korea, key: app.documentKey, on: db, now: now)
            try await manager(of: taiwan, email: "manager@masks.example", on: db, now: now)
        }
    }

    /// The sample outlets with a confirmed delivery of each class: written in batches, since every
    /// demo start (and every test app) pays for them.
    private static func outlets(_ samples: [SampleOutlet], programme: ProgrammeRecord, stock: [String: Int], on db: any Database, now: Date) async throws {
        let programmeID = try programme.requireID()
        let rows = try samples.map { sample in
            let input = try Outlets.checked(CreateOutletRequest(code: sample.code, name: sample.name, address: sample.address, phone: "", latitude: sample.latitude,
                                                                longitude: sample.longitude, kind: "pharmacy", test: false, note: "Illustrative sample outlet, not a real pharmacy.",
                                                                servicePeriods: sample.periods))
            let row = OutletRecord()
            (row.programmeID, row.code, row.name, row.address, row.phone) = (programmeID, input.code, input.name, input.address, "")
            (row.latitude, row.longitude, row.kind, row.isTest, row.note, row.createdAt) = (input.latitude, input.longitude, "pharmacy", false, input.note ?? "", now)
            row.servicePeriods = input.servicePeriods
            return row
        }
        try await rows.create(on: db)
        let ids = try await OutletRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$code ~~ samples.map(\.code)).all().map { try $0.requireID() }
        var stockRows: [StockRecord] = [], movements: [StockMovementRecord] = []
        for id in ids {
            for (name, quantity) in stock.sorted(by: { $0.key < $1.key }) {
                let row = StockRecord()
                (row.outletID, row.class, row.onHand, row.held) = (id, name, quantity, 0)
                stockRows.append(row)
                let movement = StockMovementRecord()
                (movement.outletID, movement.kind, movement.class, movement.quantity, movement.note) = (id, "delivery", name, quantity, "Daily allocation")
                (movement.createdAt, movement.confirmedAt, movement.confirmedBy) = (now, now, "demo")
                let receipt = StockMovementRecord()
                (receipt.outletID, receipt.kind, receipt.class, receipt.quantity, receipt.note) = (id, "receipt", name, quantity, "Daily allocation")
                (receipt.createdAt, receipt.confirmedAt, receipt.confirmedBy) = (now, now, "demo")
                movements += [movement, receipt]
            }
        }
        try await stockRows.create(on: db)
        try await movements.create(on: db)
    }

    private static func people(_ samples: [RegisterPersonRequest], programme: ProgrammeRecord, key: DocumentKey, on db: any Database, now: Date) async throws {
        for sample in samples { _ = try await RegisteredPeople(db: db, key: key).register(sample, programmeID: try programme.requireID(), now: now) }
    }

    private static func manager(of programme: ProgrammeRecord, email: String, on db: any Database, now: Date) async throws {
        guard let person = try await Person.query(on: db).filter(\.$email == email).first(),
              let admin = try await Person.query(on: db).filter(\.$isAdministrator == true).first() else { return }
        let request = RoleRequest()
        (request.personID, request.role, request.programmeID) = (try person.requireID(), RoleKind.manager.rawValue, try programme.requireID())
        (request.title, request.message, request.status, request.requestedAt) = ("Programme desk", "Demo account.", .verified, now)
        (request.decidedBy, request.decidedAt) = (admin.id, now)
        try await request.create(on: db)
    }
}
