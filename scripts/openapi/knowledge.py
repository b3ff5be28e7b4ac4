"""Adds the knowledge exchange and the live feed to Resources/OpenAPI/openapi.json (run once; kept for the record)."""
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
def q(name, desc, schema=None, required=False): return {"name": name, "in": "query", "required": required, "description": desc, "schema": schema or s()}
def pid(name, desc, schema=None): return {"name": name, "in": "path", "required": True, "description": desc, "schema": schema or s("integer")}
idem = {"name": "Idempotency-Key", "in": "header", "required": False, "description": "Makes the POST safe to retry.", "schema": s(maxLength=255)}
paging = [q("limit", "Items per page.", s("integer", minimum=1, maximum=100, default=20)), q("cursor", "The nextCursor of the previous page.")]
def ok(schema, code="200", desc="OK"): return {code: {"description": desc, "content": {"application/json": {"schema": schema}}}}
def page(item): return obj(["items"], {"items": arr(item), "nextCursor": s()})
def get(op, summary, schema, params=(), auth=False, notfound=False):
    res = {**ok(schema), "400": r("Invalid"), "401": r("Unauthorized")}
    if notfound: res["404"] = r("NotFound")
    o = {"operationId": op, "summary": summary, "parameters": list(params), "responses": res}
    if auth: o["security"] = [{"bearer": []}]
    return o
def write(op, summary, body, schema, params=(), code="201", method="post"):
    res = {**ok(schema, code, "Created" if code == "201" else "OK"), "401": r("Unauthorized"), "400": r("Invalid"), "403": r("Forbidden"),
           "404": r("NotFound"), "409": r("Conflict"), "413": r("TooLarge"), "415": r("UnsupportedMediaType")}
    ps = list(params)
    if method == "post":
        ps.append(idem)
        res["422"] = r("Unprocessable")
    o = {"operationId": op, "summary": summary, "parameters": ps, "responses": res, "security": [{"bearer": []}]}
    if body: o["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    return o

areas = ["social-distancing", "workplace-commuting", "vulnerable-groups", "service-delivery", "economic-recovery", "public-communication"]
S["Translation"] = obj(["language", "title", "summary", "body", "bodyHtml", "origin", "updatedAt"], {
    "language": s(), "title": s(), "summary": s(), "body": s(), "bodyHtml": s(description="The body rendered from Markdown and sanitised."),
    "origin": s(enum=["machine", "reviewed"]), "by": s(description="Who made or reviewed it."), "updatedAt": dt})
S["Practice"] = obj(["id", "city", "title", "summary", "body", "bodyHtml", "area", "tags", "sdgTargets", "language", "status", "freshness",
                     "callSelected", "translations", "createdAt", "updatedAt"], {
    "id": s("integer"), "city": ref("CityRef"), "title": s(), "summary": s(), "body": s(description="Markdown."),
    "bodyHtml": s(description="The body rendered and sanitised: no raw HTML, links only to web, mail or this site."),
    "area": s(enum=areas), "tags": arr(s()), "sdgTargets": arr(s()), "language": s(description="ISO 639-1."),
    "contact": obj(["id", "name"], {"id": s("integer"), "name": s()}), "sourceUrl": s(), "startedOn": dt, "publishedAt": dt,
    "validUntil": dt, "confirmedAt": dt, "status": s(enum=["draft", "submitted", "published", "returned", "retired"]),
    "reason": s(description="Why it was returned or retired."),
    "freshness": s(enum=["current", "possibly-outdated"], description="possibly-outdated once past its valid-until date, until its city confirms it."),
    "callId": s("integer"), "callSelected": s("boolean"), "translations": arr(ref("Translation")), "createdAt": dt, "updatedAt": dt})
S["PracticeInput"] = obj(["cityId", "title", "summary", "body", "area", "language"], {
    "cityId": s("integer"), "title": s(maxLength=200), "summary": s(maxLength=1000), "body": s(maxLength=40000, description="Markdown."),
    "area": s(enum=areas), "tags": arr(s(maxLength=40)), "sdgTargets": arr(s(description="goal.target, such as 3.d")),
    "language": s(), "contactPersonId": s("integer", description="A verified officer of the city; the writer by default."),
    "sourceUrl": s(), "startedOn": dt, "validUntil": dt, "callId": s("integer", description="An open call of a network the city belongs to."),
    "submit": s("boolean", description="Submit for moderation at once.")})
S["PracticeStepInput"] = obj([], {"reason": s(description="Required to return or retire."), "validUntil": dt})
S["TranslationInput"] = obj(["language", "title", "summary", "body", "origin"], {
    "language": s(), "title": s(), "summary": s(), "body": s(), "origin": s(enum=["machine", "reviewed"])})
S["NetworkRef"] = obj(["id", "name"], {"id": s(), "name": s()})
S["CallSubmission"] = obj(["practiceId", "title", "city", "status", "selected"], {
    "practiceId": s("integer"), "title": s(), "city": ref("CityRef"), "status": s(), "selected": s("boolean")})
S["Call"] = obj(["id", "network", "title", "description", "areas", "deadline", "status", "createdAt", "submissions"], {
    "id": s("integer"), "network": ref("NetworkRef"), "title": s(), "description": s(), "areas": arr(s(enum=areas)), "deadline": dt,
    "status": s(enum=["open", "closed"]), "createdAt": dt, "closedAt": dt,
    "submissions": arr(ref("CallSubmission"))})
S["CallInput"] = obj(["networkId", "title", "description", "areas", "deadline"], {
    "networkId": s(), "title": s(maxLength=200), "description": s(), "areas": arr(s(enum=areas)), "deadline": dt})
S["Answer"] = obj(["id", "city", "by", "body", "bodyHtml", "helpful", "createdAt"], {
    "id": s("integer"), "city": ref("CityRef"), "by": s(), "body": s(), "bodyHtml": s(), "helpful": s("boolean"), "createdAt": dt})
S["Question"] = obj(["id", "city", "askedBy", "title", "body", "language", "answers", "createdAt"], {
    "id": s("integer"), "city": ref("CityRef"), "askedBy": s(), "network": ref("NetworkRef"), "title": s(), "body": s(), "language": s(),
    "helpfulAnswerId": s("integer"), "answers": arr(ref("Answer")), "createdAt": dt})
S["QuestionInput"] = obj(["cityId", "title", "body", "language"], {
    "cityId": s("integer"), "networkId": s(description="A network the city belongs to; absent asks everyone."), "title": s(maxLength=200),
    "body": s(maxLength=10000), "language": s()})
S["AnswerInput"] = obj(["cityId", "body"], {"cityId": s("integer"), "body": s(maxLength=10000)})
S["FacetCount"] = obj(["value", "count"], {"value": s(), "count": s("integer")})
S["SearchHit"] = obj(["kind", "id", "title", "summary", "language", "publishedAt", "score"], {
    "kind": s(enum=["practice", "question"]), "id": s("integer"), "title": s(), "summary": s(), "city": ref("CityRef"),
    "area": s(enum=areas), "language": s(), "publishedAt": dt, "score": s("number")})
S["SearchResults"] = obj(["total", "items", "facets"], {
    "total": s("integer"), "items": arr(ref("SearchHit")), "nextCursor": s(),
    "facets": obj(["kind", "area", "language", "country", "size"], {k: arr(ref("FacetCount")) for k in ["kind", "area", "language", "country", "size"]})})
S["LiveEntry"] = obj(["id", "kind", "title", "summary", "link", "topics", "at"], {
    "id": s("integer"), "kind": s(enum=["practice", "call", "question", "answer", "need", "offer", "pledge"]), "title": s(), "summary": s(),
    "link": s(description="The page it is about, a path on this site."), "cityId": s("integer"), "topics": arr(s()), "at": dt})
S["FollowInput"] = obj(["topic"], {"topic": s(description="city:ID, network:ID, area:AREA or country:CC")})

P["/api/v1/search"] = {"get": get("search", "Ranked full-text search over published practices and questions, in every language, with counts per filter value.",
    ref("SearchResults"), [q("q", "Words in any language (CJK included); words match as prefixes."), q("kind", "practice or question", s(enum=["practice", "question"])),
    q("area", "A policy area.", s(enum=areas)), q("country", "ISO 3166-1 alpha-2."), q("city", "A city's id.", s("integer")), q("network", "Cities of this network."),
    q("language", "ISO 639-1."), q("size", "City size band.", s(enum=["town", "city", "large", "megacity"])),
    q("from", "Published on or after this day.", s(format="date")), q("until", "Published on or before this day.", s(format="date"))] + paging)}
P["/api/v1/practices"] = {
    "get": get("listPractices", "Published practices, newest first (a city's officers also see its drafts with city).", page(ref("Practice")),
               [q("city", "Only this city's.", s("integer"))] + paging),
    "post": write("createPractice", "Write a practice for your city, as a draft or submitted for moderation.", "PracticeInput", ref("Practice"))}
P["/api/v1/practices/moderation"] = {"get": get("moderationQueue", "Submitted practices the caller may moderate.", arr(ref("Practice")), auth=True)}
P["/api/v1/practices/{id}"] = {
    "get": get("practice", "A practice (drafts only to their city and its moderators).", ref("Practice"), [pid("id", "The practice's id.")], notfound=True),
    "put": write("updatePractice", "New text for a draft or returned practice.", "PracticeInput", ref("Practice"), [pid("id", "The practice's id.")], code="200", method="put")}
P["/api/v1/practices/{id}/translations"] = {"post": write("translatePractice", "Add or replace the translation into one language.", "TranslationInput",
    ref("Practice"), [pid("id", "The practice's id.")], code="200")}
P["/api/v1/practices/{id}/{step}"] = {"post": write("practiceStep", "Submit (city), publish or return (moderator), confirm or retire (city).", "PracticeStepInput",
    ref("Practice"), [pid("id", "The practice's id."), pid("step", "The step.", s(enum=["submit", "publish", "return", "confirm", "retire"]))], code="200")}
P["/api/v1/practices/{id}/{step}"]["post"]["requestBody"]["required"] = False
P["/api/v1/calls"] = {
    "get": get("listCalls", "Calls for practices, open ones first.", arr(ref("Call"))),
    "post": write("openCall", "Open a call for your network (its secretariat).", "CallInput", ref("Call"))}
P["/api/v1/calls/{id}"] = {"get": get("call", "A call and what came in (unpublished submissions only to its secretariat).", ref("Call"), [pid("id", "The call's id.")], notfound=True)}
P["/api/v1/calls/{id}/close"] = {"post": write("closeCall", "Close a call.", None, ref("Call"), [pid("id", "The call's id.")], code="200")}
P["/api/v1/calls/{id}/submissions/{practice}/{choice}"] = {"post": write("selectSubmission", "Put a submission on the call's shortlist or take it off.", None, ref("Call"),
    [pid("id", "The call's id."), pid("practice", "The practice's id."), pid("choice", "select or unselect", s(enum=["select", "unselect"]))], code="200")}
P["/api/v1/questions"] = {
    "get": get("listQuestions", "Questions, newest first.", page(ref("Question")), [q("network", "Only those asked of this network.")] + paging),
    "post": write("askQuestion", "Ask one network your city belongs to, or everyone.", "QuestionInput", ref("Question"))}
P["/api/v1/questions/{id}"] = {"get": get("question", "A question with its answers.", ref("Question"), [pid("id", "The question's id.")], notfound=True)}
P["/api/v1/questions/{id}/answers"] = {"post": write("answerQuestion", "Answer for your city.", "AnswerInput", ref("Question"), [pid("id", "The question's id.")])}
P["/api/v1/questions/{id}/answers/{answer}/helpful"] = {"post": write("markHelpful", "Mark the answer that helped (the asker).", None, ref("Question"),
    [pid("id", "The question's id."), pid("answer", "The answer's id.")], code="200")}
topic = q("topic", "Comma-separated topics (city:ID, network:ID, area:AREA, country:CC); none means everything.")
P["/api/v1/live"] = {"get": {"operationId": "liveStream", "summary": "Server-sent events: each new live entry (JSON in data, its id as the event id); resumes after Last-Event-ID.",
    "parameters": [topic, q("after", "Resume after this entry.", s("integer")),
                   {"name": "Last-Event-ID", "in": "header", "required": False, "description": "Resume after this entry.", "schema": s()}],
    "responses": {"200": {"description": "An event stream that stays open.", "content": {"text/event-stream": {"schema": s()}}}, "400": r("Invalid"), "401": r("Unauthorized")}}}
P["/api/v1/live/entries"] = {"get": get("liveEntries", "The newest live entries, or those after an id (oldest first).", arr(ref("LiveEntry")),
    [topic, q("after", "Only entries after this id.", s("integer")), q("limit", "At most this many.", s("integer", minimum=1, maximum=100, default=50))])}
P["/api/v1/me/follows"] = {
    "get": get("follows", "The topics you follow.", arr(s()), auth=True),
    "post": write("follow", "Follow a city, network, area or country.", "FollowInput", arr(s()))}
P["/api/v1/me/follows/{topic}"] = {"delete": write("unfollow", "Stop following a topic.", None, arr(s()), [pid("topic", "The topic.", s())], code="200", method="delete")}
P["/api/v1/me/feed"] = {"get": get("myFeed", "The newest entries about what you follow.", arr(ref("LiveEntry")), auth=True)}
json.dump(doc, open(path, "w"), indent=2, ensure_ascii=False, separators=(",", ": "))
open(path, "a").write("\n")
