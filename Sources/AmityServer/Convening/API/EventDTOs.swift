import AmityCore
import Vapor

/// One session of an event's agenda.
struct AgendaSession: Content, Equatable {
    var title: String
    /// Local start time in the event's zone, HH:MM, when known.
    var startsAt: String?
    var speakers: [Speaker]
    var materials: [Material]

    struct Speaker: Content, Equatable { var name: String; var cityId: Int?; var title: String? }
    struct Material: Content, Equatable { var title: String; var url: String }
}

struct EventDTO: Content {
    var id: Int
    var host: StatementDTO.Host
    var kind: String
    var title: String
    var description: String
    var startsAt: Date
    var endsAt: Date
    var timeZone: String
    /// Start and end as the host's clock shows them.
    var localStart: String
    var localEnd: String
    var onlineLink: String?
    var capacity: Int?
    var waitingList: Bool
    var registered: Int
    var waitlisted: Int
    var recordingLink: String?
    var agenda: [AgendaSession]
    var assemblyId: Int?
    var createdAt: Date
}

struct EventInput: Content {
    var hostCityId: Int?
    var hostNetworkId: String?
    var kind: String
    var title: String
    var description: String
    /// Local times in `timeZone`, YYYY-MM-DDTHH:MM.
    var startsAt: String
    var endsAt: String
    var timeZone: String
    var onlineLink: String?
    var capacity: Int?
    var waitingList: Bool?
    var agenda: [AgendaSession]?
    /// Makes the event a sitting of this assembly (its convening network must host it).
    var assemblyId: Int?
}

struct RegistrationDTO: Content {
    var city: CityRefDTO
    var status: RegistrationStatus
    var by: String
    var at: Date
}

struct RegisterInput: Content { var cityId: Int }

struct RecordingInput: Content { var url: String }
