import Vapor

/// A network named where a record belongs to it (a call, a question, an assembly).
struct NetworkRefDTO: Content { var id: String; var name: String }
