import AmityCore
import Fluent
import Foundation

/// A webinar, summit, mayoral meeting or workshop, hosted by a city or a network.
final class EventRecord: Model, @unchecked Sendable {
    static let schema = "events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "host_city_id") var hostCityID: Int?
    @OptionalField(key: "host_network_id") var hostNetworkID: String?
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    /// The host's IANA zone, in which the times were given.
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "online_link") var onlineLink: String?
    /// Cities that may register; nil for no limit.
    @OptionalField(key: "capacity") var capacity: Int?
    /// Past capacity, cities wait in line (else they are refused).
    @Field(key: "waiting_list") var waitingList: Bool
    @OptionalField(key: "recording_link") var recordingLink: String?
    /// The sessions, as JSON (`[AgendaSession]`).
    @Field(key: "agenda") var agenda: String
    /// The assembly this event is a sitting of.
    @OptionalField(key: "assembly_id") var assemblyID: Int?
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// A city's place at an event.
final class RegistrationRecord: Model, @unchecked Sendable {
    static let schema = "registrations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "event_id") var eventID: Int
    @Field(key: "city_id") var cityID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "status") var status: RegistrationStatus
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
