import Fluent
import Foundation

/// San Antonio's COVID-19 anti-hate resolution of May 2020, the paper's example of a council
/// resolution with an international reach. The paper's source (KSAT, 8 May) says the council
/// passed it; the day before is read from that, and Senator Cruz's rebuke is in its evidence.
enum DemoResolutions {
    static func load(into database: any Database) async throws {
        guard let admin = try await Person.query(on: database).filter(\.$isAdministrator == true).sort(\.$id).first()?.requireID(),
              try await City.find(4_726_206, on: database) != nil else { return }
        let adopted = try CalendarDay.parse("2020-05-07", field: "adoptedOn")
        let row = ResolutionRecord()
        (row.cityID, row.body, row.title, row.adoptedOn) = (4_726_206, "City Council", "COVID-19 Anti-Hate Resolution", adopted)
        row.summary = "The council declared COVID-19 a public health matter, not a racial, religious or ethnic one, and said that calling it by names "
            + "that blame a people encourages hate crimes and incidents against Asians and spreads misinformation when communities should work together."
        (row.link, row.tags, row.createdBy, row.createdAt) = ("https://www.ksat.com/news/local/2020/05/08/san-antonio-city-council-passes-covid-19-anti-hate-resolution/",
                                                              "anti-asian hate\nmisinformation\npublic health", admin, adopted)
        try await row.create(on: database)
        try await AuditTrail(db: database, personID: nil, requestID: nil, now: adopted).publish(
            LiveItem(kind: .resolution, title: row.title, summary: row.summary, link: "/resolutions/\(row.id ?? 0)", cityID: row.cityID))
    }
}
