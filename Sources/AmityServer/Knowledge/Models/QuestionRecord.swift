import Fluent
import Foundation

/// A question an officer asks of one network or of everyone.
final class QuestionRecord: Model, @unchecked Sendable {
    static let schema = "questions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "person_id") var personID: Int
    /// The network asked; nil asks everyone.
    @OptionalField(key: "network_id") var networkID: String?
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "language") var language: String
    @OptionalField(key: "helpful_answer_id") var helpfulAnswerID: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// An officer's answer, for their city.
final class AnswerRecord: Model, @unchecked Sendable {
    static let schema = "answers"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "question_id") var questionID: Int
    @Field(key: "city_id") var cityID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
