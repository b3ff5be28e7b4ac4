import AmityCore
import Fluent
import Vapor

/// The places a programme sells at, one by one or imported from a file.
struct Outlets {
    let db: any Database

    /// An outlet's fields checked; `line` prefixes the field names when they come from a file.
    static func checked(_ input: CreateOutletRequest, prefix: String = "") throws -> CreateOutletRequest {
        var errors: [DomainError.FieldError] = []
        var clean = input
        clean.code = input.code.trimmingWhitespace()
        clean.name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.address = input.address.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.phone = (input.phone ?? "").trimmingWhitespace()
        clean.kind = (input.kind ?? "pharmacy").trimmingWhitespace()
        clean.note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let periods = (input.servicePeriods ?? "").trimmingWhitespace()
        clean.servicePeriods = periods.isEmpty ? nil : ServicePeriods(code: periods)?.code
        if !periods.isEmpty && clean.servicePeriods == nil { errors.append(.init(field: prefix + "servicePeriods", key: "error_service_periods")) }
        if clean.code.isEmpty || clean.code.count > 32 || clean.code.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline || $0 == "/" }) {
            errors.append(.init(field: prefix + "code", key: "error_outlet_code"))
        }
        for (field, text, max, required) in [("name", clean.name, 200, true), ("address", clean.address, 300, true), ("phone", clean.phone ?? "", 40, false),
                                            ("kind", clean.kind ?? "", 40, true), ("note", clean.note ?? "", 1_000, false)] {
            if let error = DomainError.FieldError.length(prefix + field, text, max: max, required: required) { errors.append(error) }
        }
        if (input.latitude == nil) != (input.longitude == nil) { errors.append(.init(field: prefix + "longitude", key: "error_coordinates")) }
        if let latitude = input.latitude, let longitude = input.longitude, (try? Coordinate(latitude: latitude, longitude: longitude)) == nil {
            errors.append(.init(field: prefix + "latitude", key: "error_coordinates"))
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return clean
    }

    /// Adds an outlet, or (with `replace`) updates the one with the same code; returns whether it was new.
    /// The change counts in the programme's outlets' revision, unless the caller counts a batch at once (`counted: false`).
    @discardableResult
    func save(_ input: CreateOutletRequest, programmeID: Int, now: Date, replace: Bool = false, counted: Bool = true) async throws -> (OutletRecord, Bool) {
        let existing = try await OutletRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$code == input.code).first()
        if existing != nil && !replace { throw DomainError.invalid("code", key: "error_outlet_taken", ["text": input.code]) }
        let row = existing ?? OutletRecord()
        (row.programmeID, row.code, row.name, row.address, row.phone) = (programmeID, input.code, input.name, input.address, input.phone ?? "")
        (row.latitude, row.longitude, row.kind, row.isTest, row.note) = (input.latitude, input.longitude, input.kind ?? "pharmacy", input.test ?? false, input.note ?? "")
        row.servicePeriods = input.servicePeriods
        if existing == nil { row.createdAt = now }
        try await row.save(on: db)
        if counted { try await Self.changed(programmeID: programmeID, on: db) }
        return (row, existing == nil)
    }

    /// Counts a change of the programme's outlets, so its feeds read them again (`StockLedger.version`).
    static func changed(programmeID: Int, on db: any Database) async throws {
        try await db.sql.raw("UPDATE \(ident: ProgrammeRecord.schema) SET outlets_revision = outlets_revision + 1 WHERE id = \(bind: programmeID)").run()
    }

    func dto(_ row: OutletRecord) async throws -> OutletDTO {
        let stock = try await StockRecord.query(on: db).filter(\.$outletID == row.requireID()).all()
        return OutletDTO(id: try row.requireID(), code: row.code, name: row.name, address: row.address, phone: row.phone, latitude: row.latitude,
                         longitude: row.longitude, kind: row.kind, test: row.isTest, note: row.note, servicePeriods: row.servicePeriods,
                         stock: Dictionary(uniqueKeysWithValues: stock.map { ($0.class, $0.onHand) }))
    }

    /// The outlet of the programme, or 404 (an outlet of another programme is as good as absent).
    func find(_ id: Int, programmeID: Int) async throws -> OutletRecord {
        guard let row = try await OutletRecord.find(id, on: db), row.programmeID == programmeID else {
            throw DomainError.notFound(entity: "outlet", id: String(id))
        }
        return row
    }
}

/// Deliveries, their receipt, and adjustments: the only ways stock changes besides sales and
/// their reversals. A delivery is an announcement; its receipt and every adjustment are entries
/// of the stock ledger (`StockLedger`).
struct StockMovements {
    let db: any Database

    /// Records a delivery on its way; it is not sellable until the outlet confirms it.
    func deliver(_ input: StockMovementRequest, outlet: OutletRecord, classes: Set<String>, by personID: Int?, now: Date) async throws -> StockMovementDTO {
        try Self.check(input, classes: classes)
        let row = StockMovementRecord()
        (row.outletID, row.kind, row.class, row.quantity, row.note) = (try outlet.requireID(), "delivery", input.class, input.quantity, input.note ?? "")
        (row.createdBy, row.createdAt) = (personID, now)
        try await row.create(on: db)
        return Self.dto(row)
    }

    /// Confirms a delivery at its outlet, once: the stock grows by it.
    func confirm(_ id: Int, outletID: Int, by who: String, now: Date) async throws -> StockMovementDTO {
        if db.sql.dialect.name == "postgresql" {
            try await db.sql.raw("SELECT id FROM \(ident: StockMovementRecord.schema) WHERE id = \(bind: id) FOR UPDATE").run()
        }
        guard let row = try await StockMovementRecord.find(id, on: db), row.outletID == outletID, row.kind == "delivery" else {
            throw DomainError.notFound(entity: "delivery", id: String(id))
        }
        guard row.confirmedAt == nil else { throw DomainError.conflict("This delivery was already confirmed.") }
        (row.confirmedAt, row.confirmedBy) = (now, who)
        try await row.save(on: db)
        try await Self.change(outletID: outletID, class: row.class, by: row.quantity, on: db)
        // The receipt is the ledger's entry, with an id taken now, so a feed's cut places it (I6).
        try await StockLedger.record("receipt", outletID: outletID, class: row.class, quantity: row.quantity, note: "delivery \(id)", by: who, now: now, on: db)
        return Self.dto(row)
    }

    /// Takes units off (breakage, loss, expiry), never below zero.
    func adjust(_ input: StockMovementRequest, outlet: OutletRecord, classes: Set<String>, by personID: Int?, now: Date) async throws -> StockMovementDTO {
        try Self.check(input, classes: classes)
        guard (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else { throw DomainError.invalid("note", key: "error_adjustment_note") }
        let outletID = try outlet.requireID()
        guard try await Self.take(outletID: outletID, class: input.class, quantity: input.quantity, on: db) else {
            throw DomainError.invalid("quantity", key: "error_adjustment_stock")
        }
        let row = StockMovementRecord()
        (row.outletID, row.kind, row.class, row.quantity, row.note) = (outletID, "adjustment", input.class, input.quantity, input.note ?? "")
        (row.createdBy, row.createdAt, row.confirmedAt) = (personID, now, now)
        try await row.create(on: db)
        return Self.dto(row)
    }

    private static func check(_ input: StockMovementRequest, classes: Set<String>) throws {
        var errors: [DomainError.FieldError] = []
        if !classes.contains(input.class) { errors.append(.init(field: "class", key: "error_choice", ["text": input.class, "choices": classes.sorted().joined(separator: ", ")])) }
        if !(1...10_000_000).contains(input.quantity) { errors.append(.init(field: "quantity", key: "error_number_range", ["min": "1", "max": "10,000,000"])) }
        if let error = DomainError.FieldError.length("note", input.note ?? "", max: 500, required: false) { errors.append(error) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
    }

    /// Adds `quantity` (negative to take) to an outlet's stock of a class, creating the row.
    static func change(outletID: Int, class name: String, by quantity: Int, on db: any Database) async throws {
        let updated = try await db.sql.raw("""
            UPDATE \(ident: StockRecord.schema) SET on_hand = on_hand + \(bind: quantity) WHERE outlet_id = \(bind: outletID) AND class = \(bind: name) RETURNING on_hand
            """).all()
        if updated.isEmpty {
            let row = StockRecord()
            (row.outletID, row.class, row.onHand, row.held) = (outletID, name, quantity, 0)
            try await row.create(on: db)
        }
    }

    /// Takes `quantity` if that much is on hand; false (and nothing taken) otherwise.
    static func take(outletID: Int, class name: String, quantity: Int, on db: any Database) async throws -> Bool {
        try await !db.sql.raw("""
            UPDATE \(ident: StockRecord.schema) SET on_hand = on_hand - \(bind: quantity)
            WHERE outlet_id = \(bind: outletID) AND class = \(bind: name) AND on_hand >= \(bind: quantity) RETURNING on_hand
            """).all().isEmpty
    }

    static func dto(_ row: StockMovementRecord) -> StockMovementDTO {
        StockMovementDTO(id: row.id ?? 0, outletId: row.outletID, kind: row.kind, class: row.class, quantity: row.quantity, note: row.note,
                         createdAt: row.createdAt, confirmedAt: row.confirmedAt)
    }
}
