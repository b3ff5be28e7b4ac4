import AmityCore

/// Amity's own stock CSV (RFC 4180, quoted where needed): the Taiwan feed's keys plus what it
/// left out: where the outlet is, its kind, and for each feed class what is on hand, what is held
/// for tickets and pre-orders, and what a walk-in can still get; and the snapshot's number.
enum ExtendedStockCSV {
    static func document(_ snapshot: StockSnapshot) -> String {
        var columns = ["code", "name", "address", "phone", "kind", "latitude", "longitude"]
        for name in snapshot.classes { columns += ["\(name)_on_hand", "\(name)_held", "\(name)_available"] }
        columns += ["selling_now", "snapshot", "updated"]
        var text = columns.map(CSV.field).joined(separator: ",") + "\r\n"
        let time = snapshot.localTime, sequence = String(snapshot.cut.sequence)
        for outlet in snapshot.outlets {
            // Text is quoted as RFC 4180 asks; numbers go as they are (a spreadsheet's formula guard
            // would put a quote before a negative longitude).
            var fields = [outlet.code, outlet.name, outlet.address, outlet.phone, outlet.kind].map(CSV.field)
            fields += [outlet.place.map { "\($0.latitude)" } ?? "", outlet.place.map { "\($0.longitude)" } ?? ""]
            for name in snapshot.classes {
                fields += [String(outlet.onHand[name] ?? 0), String(outlet.held[name] ?? 0), String(outlet.available(name))]
            }
            fields += [outlet.sellingNow(snapshot.classes) ? "true" : "false", sequence, time]
            text += fields.joined(separator: ",") + "\r\n"
        }
        return text
    }
}

extension FeedOutlet {
    /// Whether a walk-in can buy something of `classes` here now.
    func sellingNow(_ classes: [String]) -> Bool { classes.contains { available($0) > 0 } }
}
