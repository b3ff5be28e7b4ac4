import AmityCore
import Vapor

struct AssemblyDTO: Content {
    var id: Int
    var network: NetworkRefDTO
    var name: String
    var description: String
    var quorumPercent: Int
    var majority: String
    var members: [CityRefDTO]
    var sittings: [EventDTO]
    var motions: [MotionSummaryDTO]
}

struct MotionSummaryDTO: Content {
    var id: Int
    var title: String
    var city: CityRefDTO
    var amendsId: Int?
    /// proposed, voting or closed.
    var stage: MotionStage
}

struct MotionDTO: Content {
    var id: Int
    var assemblyId: Int
    var amendsId: Int?
    var city: CityRefDTO
    var proposedBy: String
    var title: String
    var text: String
    var stage: MotionStage
    var voteOpensAt: Date?
    var voteClosesAt: Date?
    /// Cities that have voted so far (who and how stay secret until the window closes).
    var votesCast: Int
    /// The count and each city's vote, once the window has closed.
    var result: VoteTally?
    var votes: [CityVoteDTO]?
    var amendments: [MotionSummaryDTO]
    var comments: [CommentDTO]
    var createdAt: Date
}

struct CityVoteDTO: Content { var city: CityRefDTO; var choice: String }

struct CommentDTO: Content { var id: Int; var city: CityRefDTO; var by: String; var body: String; var createdAt: Date }

struct AssemblyInput: Content {
    var networkId: String
    var name: String
    var description: String?
    /// Share of members that must vote, in per cent.
    var quorumPercent: Int
    /// simple or two-thirds.
    var majority: String
    var memberCityIds: [Int]?
}

struct AdmitInput: Content { var cityId: Int }

struct MotionInput: Content {
    var cityId: Int
    var title: String
    var text: String
    /// The motion this one amends.
    var amendsId: Int?
}

struct CommentInput: Content { var cityId: Int; var body: String }

struct OpenVoteInput: Content { var closesAt: Date }

struct VoteInput: Content { var cityId: Int; var choice: String }

extension VoteTally: Content {}
