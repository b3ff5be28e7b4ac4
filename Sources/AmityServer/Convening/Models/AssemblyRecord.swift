import Fluent
import Foundation

/// An assembly of cities (the Global Parliament of Mayors' Virtual Parliament) with its voting rules.
final class AssemblyRecord: Model, @unchecked Sendable {
    static let schema = "assemblies"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// The network whose secretariat convenes it.
    @Field(key: "network_id") var networkID: String
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    /// Share of member cities that must vote, in per cent.
    @Field(key: "quorum_percent") var quorumPercent: Int
    /// A `Majority`.
    @Field(key: "majority") var majority: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A member city of an assembly.
final class AssemblyMemberRecord: Model, @unchecked Sendable {
    static let schema = "assembly_members"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "assembly_id") var assemblyID: Int
    @Field(key: "city_id") var cityID: Int

    init() {}
}

/// A motion a member city proposes, or an amendment to one (`amendsID`).
final class MotionRecord: Model, @unchecked Sendable {
    static let schema = "motions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "assembly_id") var assemblyID: Int
    @OptionalField(key: "amends_id") var amendsID: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "title") var title: String
    @Field(key: "text") var text: String
    @OptionalField(key: "vote_opens_at") var voteOpensAt: Date?
    @OptionalField(key: "vote_closes_at") var voteClosesAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A member city's word in the debate of a motion.
final class MotionCommentRecord: Model, @unchecked Sendable {
    static let schema = "motion_comments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "motion_id") var motionID: Int
    @Field(key: "city_id") var cityID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A member city's vote, cast once by its verified officer.
final class VoteRecord: Model, @unchecked Sendable {
    static let schema = "votes"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "motion_id") var motionID: Int
    @Field(key: "city_id") var cityID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "choice") var choice: String
    @Field(key: "at") var at: Date

    init() {}
}
