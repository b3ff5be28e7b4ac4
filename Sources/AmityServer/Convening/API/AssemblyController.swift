import Vapor

/// `/api/v1/assemblies` and `/api/v1/motions`: assemblies, motions, amendments, debate and votes.
struct AssemblyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("assemblies") { req in try await Assemblies(request: req).list(page: try req.pageRequest(shape: Assemblies.cursorShape)) }
        routes.post("assemblies") { req in
            try await req.authorizeTarget { t in t.networkId.map { .actForNetwork(networkID: $0) } ?? .holdRole(officer: false, secretariat: true) }
            let assembly = try await Assemblies(request: req).create(try req.decodeBody(AssemblyInput.self))
            return try await assembly.created(at: "/api/v1/assemblies/\(assembly.id)", for: req)
        }
        routes.post("assemblies", ":id", "members") { req in
            let assemblies = Assemblies(request: req), id = try req.intParameter("id", entity: "assembly")
            try await req.authorize(.actForNetwork(networkID: try await assemblies.find(id).networkID))
            return try await assemblies.admit(assemblyID: id, cityID: try req.decodeBody(AdmitInput.self).cityId).encodeResponse(status: .created, for: req)
        }
        routes.get("assemblies", ":id") { req in try await Assemblies(request: req).assembly(id: try req.intParameter("id", entity: "assembly")) }
        routes.post("assemblies", ":id", "motions") { req in
            try await req.authorizeTarget { $0.forCity }
            let motion = try await Assemblies(request: req).propose(assemblyID: try req.intParameter("id", entity: "assembly"), try req.decodeBody(MotionInput.self))
            return try await motion.created(at: "/api/v1/motions/\(motion.id)", for: req)
        }
        let motions = routes.grouped("motions")
        motions.get(":id") { req in try await Assemblies(request: req).motion(id: try req.intParameter("id", entity: "motion")) }
        motions.post(":id", "comments") { req in
            try await req.authorizeTarget { $0.forCity }
            return try await Assemblies(request: req).comment(motionID: try req.intParameter("id", entity: "motion"), try req.decodeBody(CommentInput.self))
                .encodeResponse(status: .created, for: req)
        }
        motions.post(":id", "vote", "open") { req in
            let assemblies = Assemblies(request: req), id = try req.intParameter("id", entity: "motion")
            try await req.authorize(.actForNetwork(networkID: try await assemblies.find(try await assemblies.findMotion(id).assemblyID).networkID))
            return try await assemblies.openVote(motionID: id, closesAt: try req.decodeBody(OpenVoteInput.self).closesAt)
        }
        motions.post(":id", "votes") { req in
            try await req.authorizeTarget { $0.forCity }
            return try await Assemblies(request: req).vote(motionID: try req.intParameter("id", entity: "motion"), try req.decodeBody(VoteInput.self))
                .encodeResponse(status: .created, for: req)
        }
    }
}
