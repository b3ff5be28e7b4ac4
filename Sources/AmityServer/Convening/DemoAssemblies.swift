import AmityCore
import Fluent
import Foundation

/// The Global Parliament of Mayors' Virtual Parliament, convened in 2020 to keep mayors connected,
/// with the member cities the demo directory gives the GPM, and a sitting.
enum DemoAssemblies {
    static func load(into database: any Database) async throws {
        guard try await Network.find("gpm", on: database) != nil,
              let admin = try await Person.query(on: database).filter(\.$isAdministrator == true).sort(\.$id).first()?.requireID() else { return }
        let created = try CalendarDay.parse("2020-04-01", field: "created")
        let row = AssemblyRecord()
        (row.networkID, row.name, row.quorumPercent, row.majority, row.createdAt) = ("gpm", "Virtual Parliament", 50, Majority.simple.rawValue, created)
        row.description = "The Global Parliament of Mayors' online parliament, where mayors shared their local responses to COVID-19 and stayed connected."
        try await row.create(on: database)
        let members = try await Membership.standing(on: database).filter(\.$networkID == "gpm").all(\.$cityID)
        // The four cities of the letter against austerity sit too.
        for city in Set(members + [2_759_794, 3_128_760, 2_988_507, 3_173_435]) where try await City.find(city, on: database) != nil {
            let member = AssemblyMemberRecord()
            (member.assemblyID, member.cityID) = (try row.requireID(), city)
            try await member.create(on: database)
        }
        let sitting = EventRecord()
        (sitting.hostNetworkID, sitting.kind, sitting.title, sitting.description, sitting.timeZone) =
            ("gpm", EventKind.mayoralMeeting.rawValue, "Virtual Parliament: mayors act now", "A sitting of the Virtual Parliament (its day and hour are illustrative: the paper does not date the sittings).", "Europe/Brussels")
        (sitting.startsAt, sitting.endsAt) = (try LocalTime.instant("2020-05-06T15:00", zone: "Europe/Brussels", field: "startsAt"),
                                              try LocalTime.instant("2020-05-06T17:00", zone: "Europe/Brussels", field: "endsAt"))
        (sitting.waitingList, sitting.agenda, sitting.assemblyID, sitting.createdBy, sitting.createdAt, sitting.updatedAt) =
            (true, "[]", row.id, admin, created, created)
        try await sitting.create(on: database)
    }
}
