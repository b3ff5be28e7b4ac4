@testable import AmityServer
import Fluent
import Foundation
import Testing
import VaporTesting

/// Every demo fact carries its source, says whether it is stated, inferred or illustrative, and
/// the discrepancies the paper-fidelity review found (D1–D16) stay corrected.
@Suite struct EvidenceTests {
    @Test func everyDemoRecordRestsOnASourceWithItsAddressAndAccessDate() async throws {
        try await withAmity { app async throws in
            let links = try await RecordSourceRecord.query(on: app.db).all()
            let cited = Dictionary(grouping: links, by: \.entity).mapValues { Set($0.map(\.entityID)) }
            func ids<M: Model>(_ type: M.Type) async throws -> [String] { try await M.query(on: app.db).all().compactMap { $0.id.map { "\($0)" } } }
            let collections: [(String, [String])] = [
                ("networks", try await ids(Network.self)), ("memberships", try await ids(Membership.self)),
                ("partnerships", try await ids(Partnership.self)), ("pledges", try await ids(PledgeRecord.self)),
                ("rules", try await ids(RuleRecord.self)), ("campaigns", try await ids(CampaignRecord.self)),
                ("events", try await ids(EventRecord.self)), ("statements", try await ids(StatementRecord.self)),
                ("resolutions", try await ids(ResolutionRecord.self)), ("assemblies", try await ids(AssemblyRecord.self)),
                ("calls", try await ids(CallRecord.self)), ("practices", try await ids(PracticeRecord.self)),
            ]
            for (entity, records) in collections {
                #expect(!records.isEmpty, "\(entity)")
                for id in records { #expect(cited[entity]?.contains(id) == true, "\(entity)/\(id) has no source") }
            }
            #expect(Set(links.map(\.standing)).isSubset(of: ["stated", "inferred", "illustrative"]))
            // Every source the paper cites online carries the day it was read; a source from outside
            // the paper says so, and one without an address is an interview or the paper itself.
            for source in try await SourceRecord.query(on: app.db).all() {
                if source.url == nil { #expect(["interview", "paper"].contains(source.kind), "\(source.key)") }
                else { #expect(source.accessedOn != nil || source.note?.contains("not recorded") == true || source.note?.contains("Tang") == true, "\(source.key)") }
            }
        }
    }

    @Test func theReviewsDiscrepanciesStayCorrected() async throws {
        try await withAmity { app async throws in
            // D1: no invented recipients of Shenzhen's masks; the 270,000 are a sourced fact.
            #expect(try await PledgeRecord.query(on: app.db).filter(\.$donorCityID == 1_795_565).count() == 0)
            let facts = try await app.api(.GET, "/api/v1/facts?limit=100").json(CursorPage<SourcedFactDTO>.self).items
            #expect(facts.contains { $0.key == "shenzhen-masks-2020-03" && $0.value == 270_000 && $0.source.accessedOn == "2020-06-14" })
            // §2.2: the 148 US–Taiwan sister-city pairs are a sourced total, never invented pairs.
            let pairs = try #require(facts.first { $0.key == "us-taiwan-sister-cities" })
            #expect(pairs.value == 148 && pairs.countries == ["US", "TW"] && pairs.source.url == "https://www.state.gov/u-s-relations-with-taiwan/")
            // D10: Beijing's gifts were announced, not received.
            let beijing = try await PledgeRecord.query(on: app.db).filter(\.$donorCityID == 1_816_670).all()
            #expect(beijing.count == 3 && beijing.allSatisfy { $0.status == .confirmed && $0.received == 0 })
            // D2: the rescission has its source.
            let wagga = try #require(try await Partnership.query(on: app.db).filter(\.$cityAID == 1_804_651).filter(\.$cityBID == 2_145_110).first())
            let history = try await PartnershipEventRecord.query(on: app.db).filter(\.$partnershipID == wagga.requireID()).all()
            #expect(history.first { $0.kind == "restored" }?.source?.contains("abc.net.au") == true)
            // D3: the statement page says the letter's date is an access date.
            let letter = try #require(try await StatementRecord.query(on: app.db).filter(\.$title ~~ "no austerity").first())
            let page = try await app.page("/evidence/statements/\(letter.requireID())").body.string
            #expect(page.contains("the day the paper&#39;s authors read it") && page.contains("inferred"))
            // D5: Shenzhen briefed UCLG on 8 April, not 15 April.
            let events = try await EventRecord.query(on: app.db).all()
            let april8 = try #require(events.first { $0.title.hasSuffix("(8 April)") })
            #expect(CalendarDay.text(april8.startsAt) == "2020-04-08")
            let april15 = try #require(events.first { $0.title.hasPrefix("Live Learning Experience #BeyondTheOutbreak") })
            let registered15 = try await RegistrationRecord.query(on: app.db).filter(\.$eventID == april15.requireID()).all().map(\.cityID)
            #expect(!registered15.contains(1_795_565) && !april15.agenda.contains("Shenzhen"))
            // D6: only the presenters are registered for CityNet's webinar.
            let webinar = try #require(events.first { $0.title.hasPrefix("CityNet Webinar I") })
            #expect(Set(try await RegistrationRecord.query(on: app.db).filter(\.$eventID == webinar.requireID()).all().map(\.cityID)) == [1_668_341, 6_696_918])
            // D7: the quarantine discussion's speakers; Los Angeles (the city) is no member of CAC.
            let summit = try #require(events.first { $0.title.hasPrefix("Cities Against COVID-19") })
            #expect(summit.agenda.contains("Zachary Rubin") && summit.agenda.contains("An Xuejun"))
            #expect(try await Membership.query(on: app.db).filter(\.$networkID == "cac").filter(\.$cityID == 5_368_361).count() == 0)
            // D8: the paper's wording, and the rebuke on record.
            let resolution = try #require(try await ResolutionRecord.query(on: app.db).first())
            #expect(resolution.summary.contains("against Asians") && !resolution.summary.contains("Asian Americans"))
            let rebuke = try await app.api(.GET, "/api/v1/evidence/resolutions/\(resolution.requireID())").json(RecordEvidenceDTO.self)
            #expect(rebuke.sources.contains { $0.supports?.contains("Ted Cruz") == true })
            // D9: two new cases, not the first.
            let suao = try #require(try await PledgeRecord.query(on: app.db).filter(\.$donorCityID == 900_000_001).first())
            #expect(suao.note?.contains("two new cases") == true)
            // D11, D15: the practices say whose programme it was, and cite the Taichung interview.
            let practices = try await app.api(.GET, "/api/v1/evidence/practices/\(try #require(try await PracticeRecord.query(on: app.db).filter(\.$cityID == 1_668_399).first()?.requireID()))").json(RecordEvidenceDTO.self)
            #expect(practices.sources.contains { $0.source.kind == "interview" && $0.source.publishedOn == "2020-04-05" })
            // D12: Milan is not made a member of LA's WhatsApp group.
            #expect(try await Membership.query(on: app.db).filter(\.$networkID == "la-whatsapp").filter(\.$cityID == 3_173_435).count() == 0)
            // D16: two authors.
            let paper = try #require(try await SourceRecord.query(on: app.db).filter(\.$key == "paper").first())
            #expect(paper.publisher?.contains("Rudakowska, A. and Simon, C.") == true)
        }
    }

    @Test func aRecordsSourcesAreReadOnTheAPIAndOnAPage() async throws {
        try await withAmity { app async throws in
            let wagga = try #require(try await Partnership.query(on: app.db).filter(\.$cityBID == 2_145_110).first()?.requireID())
            let evidence = try await app.api(.GET, "/api/v1/evidence/partnerships/\(wagga)").json(RecordEvidenceDTO.self)
            #expect(evidence.sources.map(\.source.publisher).contains("The Guardian") && evidence.sources.map(\.source.publisher).contains("ABC News"))
            let page = try await app.page("/partnerships/\(wagga)").body.string
            #expect(page.contains("/evidence/partnerships/\(wagga)"))
            let sources = try await app.page("/evidence/partnerships/\(wagga)").body.string
            #expect(sources.contains("2020-06-14") && sources.contains("theguardian.com"))
            try await app.testing().test(.GET, "/evidence/partnerships/\(wagga)", headers: ["Accept": "text/html", "Accept-Language": "zh-Hant"]) { res async throws in
                #expect(res.body.string.contains("資料來源") && res.body.string.contains("查閱日期"))
            }
            let source = try await app.api(.GET, "/api/v1/sources/\(evidence.sources[0].source.id)").json(SourceDetailDTO.self)
            #expect(source.records.contains { $0.entity == "partnerships" && $0.id == String(wagga) })
            // Bad input: an unknown collection names the parameter; unknown ids are 404 or empty.
            let bad = try await app.api(.GET, "/api/v1/evidence/bananas/1")
            #expect(bad.status == .badRequest)
            #expect(try bad.json(ProblemBody.self).errors?.map(\.field) == ["entity"])
            #expect(try await app.api(.GET, "/api/v1/sources/999999").status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/sources/abc").status == .notFound)
            for missing in ["pledges/999999", "pledges/-1", "pledges/9223372036854775807", "pledges/1234567890123456789012345678901234567890", "networks/nope"] {
                #expect(try await app.api(.GET, "/api/v1/evidence/\(missing)").status == .notFound, "\(missing)")
            }
            #expect(try await app.page("/evidence/pledges/999999").status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/evidence/networks/citynet").json(RecordEvidenceDTO.self).sources.count >= 1)
        }
    }
}
