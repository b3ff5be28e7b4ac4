"""Adds assemblies and motions to Resources/OpenAPI/openapi.json (run once; kept for the record)."""
import json, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Resources/OpenAPI/openapi.json"
doc = json.load(open(path))
S, P = doc["components"]["schemas"], doc["paths"]
def ref(name): return {"$ref": f"#/components/schemas/{name}"}
def r(name): return {"$ref": f"#/components/responses/{name}"}
def s(t="string", **kw): return {"type": t, **kw}
dt = s(format="date-time")
def arr(item): return {"type": "array", "items": item}
def obj(required, props): return {"type": "object", "required": required, "properties": props}
def pid(name, desc): return {"name": name, "in": "path", "required": True, "description": desc, "schema": s("integer")}
idem = {"name": "Idempotency-Key", "in": "header", "required": False, "description": "Makes the POST safe to retry.", "schema": s(maxLength=255)}
def ok(schema, code="200", desc="OK"): return {code: {"description": desc, "content": {"application/json": {"schema": schema}}}}
def get(op, summary, schema, params=()):
    return {"operationId": op, "summary": summary, "parameters": list(params), "responses": {**ok(schema), "400": r("Invalid"), "401": r("Unauthorized"), "404": r("NotFound")}}
def write(op, summary, body, schema, params=(), code="201"):
    return {"operationId": op, "summary": summary, "parameters": list(params) + [idem], "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref(body)}}},
            "responses": {**ok(schema, code, "Created" if code == "201" else "OK"), "401": r("Unauthorized"), "400": r("Invalid"), "403": r("Forbidden"),
                          "404": r("NotFound"), "409": r("Conflict"), "413": r("TooLarge"), "415": r("UnsupportedMediaType"), "422": r("Unprocessable")}}
stage = s(enum=["proposed", "voting", "closed"])
S["MotionSummary"] = obj(["id", "title", "city", "stage"], {"id": s("integer"), "title": s(), "city": ref("CityRef"), "amendsId": s("integer"), "stage": stage})
S["Assembly"] = obj(["id", "network", "name", "description", "quorumPercent", "majority", "members", "sittings", "motions"], {
    "id": s("integer"), "network": ref("NetworkRef"), "name": s(), "description": s(), "quorumPercent": s("integer"),
    "majority": s(enum=["simple", "two-thirds"]), "members": arr(ref("CityRef")), "sittings": arr(ref("Event")), "motions": arr(ref("MotionSummary"))})
S["VoteTally"] = obj(["yes", "no", "abstain", "members", "quorumMet", "outcome"], {
    "yes": s("integer"), "no": s("integer"), "abstain": s("integer"), "members": s("integer"), "quorumMet": s("boolean"),
    "outcome": s(enum=["adopted", "rejected", "no-quorum"])})
S["Motion"] = obj(["id", "assemblyId", "city", "proposedBy", "title", "text", "stage", "votesCast", "amendments", "comments", "createdAt"], {
    "id": s("integer"), "assemblyId": s("integer"), "amendsId": s("integer"), "city": ref("CityRef"), "proposedBy": s(), "title": s(), "text": s(),
    "stage": stage, "voteOpensAt": dt, "voteClosesAt": dt, "votesCast": s("integer"),
    "result": ref("VoteTally"), "votes": arr(obj(["city", "choice"], {"city": ref("CityRef"), "choice": s(enum=["yes", "no", "abstain"])})),
    "amendments": arr(ref("MotionSummary")),
    "comments": arr(obj(["id", "city", "by", "body", "createdAt"], {"id": s("integer"), "city": ref("CityRef"), "by": s(), "body": s(), "createdAt": dt})),
    "createdAt": dt})
S["MotionInput"] = obj(["cityId", "title", "text"], {"cityId": s("integer"), "title": s(maxLength=200), "text": s(maxLength=20000),
    "amendsId": s("integer", description="The motion this amends.")})
S["CommentInput"] = obj(["cityId", "body"], {"cityId": s("integer"), "body": s(maxLength=5000)})
S["OpenVoteInput"] = obj(["closesAt"], {"closesAt": dt})
S["VoteInput"] = obj(["cityId", "choice"], {"cityId": s("integer"), "choice": s(enum=["yes", "no", "abstain"])})
aid, mid = pid("id", "The assembly's id."), pid("id", "The motion's id.")
P["/api/v1/assemblies"] = {"get": get("listAssemblies", "Assemblies of cities.", arr(ref("Assembly")))}
P["/api/v1/assemblies/{id}"] = {"get": get("assembly", "An assembly: members, sittings, motions.", ref("Assembly"), [aid])}
P["/api/v1/assemblies/{id}/motions"] = {"post": write("proposeMotion", "Propose a motion, or an amendment (amendsId), for a member city.", "MotionInput", ref("Motion"), [aid])}
P["/api/v1/motions/{id}"] = {"get": get("motion", "A motion; its result and each city's vote once the vote has closed.", ref("Motion"), [mid])}
P["/api/v1/motions/{id}/comments"] = {"post": write("commentMotion", "Speak in the debate for a member city.", "CommentInput", ref("Motion"), [mid])}
P["/api/v1/motions/{id}/vote/open"] = {"post": write("openVote", "Open the vote until closesAt (the convening network's secretariat); amendments first.",
    "OpenVoteInput", ref("Motion"), [mid], code="200")}
P["/api/v1/motions/{id}/votes"] = {"post": write("castVote", "Vote once for a member city while the vote is open.", "VoteInput", ref("Motion"), [mid])}
json.dump(doc, open(path, "w"), indent=2, ensure_ascii=False, separators=(",", ": "))
open(path, "a").write("\n")
