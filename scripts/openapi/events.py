"""Adds events to Resources/OpenAPI/openapi.json (run once; kept for the record)."""
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
def q(name, desc, schema=None): return {"name": name, "in": "query", "required": False, "description": desc, "schema": schema or s()}
idem = {"name": "Idempotency-Key", "in": "header", "required": False, "description": "Makes the POST safe to retry.", "schema": s(maxLength=255)}
eid = {"name": "id", "in": "path", "required": True, "description": "The event's id.", "schema": s("integer")}
def ok(schema, code="200", desc="OK"): return {code: {"description": desc, "content": {"application/json": {"schema": schema}}}}
def get(op, summary, schema, params=(), auth=False):
    o = {"operationId": op, "summary": summary, "parameters": list(params),
         "responses": {**ok(schema), "400": r("Invalid"), "401": r("Unauthorized"), "403": r("Forbidden"), "404": r("NotFound")}}
    if auth: o["security"] = [{"bearer": []}]
    return o
def write(op, summary, body, schema, params=(), code="201"):
    o = {"operationId": op, "summary": summary, "parameters": list(params) + [idem], "security": [{"bearer": []}],
         "responses": {**ok(schema, code, "Created" if code == "201" else "OK"), "401": r("Unauthorized"), "400": r("Invalid"), "403": r("Forbidden"),
                       "404": r("NotFound"), "409": r("Conflict"), "413": r("TooLarge"), "415": r("UnsupportedMediaType"), "422": r("Unprocessable")}}
    if body: o["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    return o
S["AgendaSession"] = obj(["title", "speakers", "materials"], {
    "title": s(), "startsAt": s(description="Local time, HH:MM."),
    "speakers": arr(obj(["name"], {"name": s(), "cityId": s("integer"), "title": s()})),
    "materials": arr(obj(["title", "url"], {"title": s(), "url": s()}))})
S["Event"] = obj(["id", "host", "kind", "title", "description", "startsAt", "endsAt", "timeZone", "localStart", "localEnd", "waitingList",
                  "registered", "waitlisted", "agenda", "createdAt"], {
    "id": s("integer"), "host": obj(["name"], {"cityId": s("integer"), "networkId": s(), "name": s()}),
    "kind": s(enum=["webinar", "summit", "mayoral-meeting", "workshop"]), "title": s(), "description": s(), "startsAt": dt, "endsAt": dt,
    "timeZone": s(description="IANA zone of the host"), "localStart": s(), "localEnd": s(), "onlineLink": s(), "capacity": s("integer"),
    "waitingList": s("boolean"), "registered": s("integer"), "waitlisted": s("integer"), "recordingLink": s(), "agenda": arr(ref("AgendaSession")),
    "createdAt": dt})
S["EventInput"] = obj(["kind", "title", "description", "startsAt", "endsAt", "timeZone"], {
    "hostCityId": s("integer"), "hostNetworkId": s(), "kind": s(enum=["webinar", "summit", "mayoral-meeting", "workshop"]), "title": s(maxLength=200),
    "description": s(maxLength=10000), "startsAt": s(description="Local time in timeZone, YYYY-MM-DDTHH:MM"), "endsAt": s(description="Local time, YYYY-MM-DDTHH:MM"),
    "timeZone": s(description="An IANA zone such as Asia/Taipei"), "onlineLink": s(), "capacity": s("integer", minimum=1),
    "waitingList": s("boolean", description="Past capacity, cities wait in line (default) or are refused."), "agenda": arr(ref("AgendaSession"))})
S["Registration"] = obj(["city", "status", "by", "at"], {"city": ref("CityRef"), "status": s(enum=["registered", "waitlisted", "cancelled"]), "by": s(), "at": dt})
S["RegisterInput"] = obj(["cityId"], {"cityId": s("integer")})
S["RecordingInput"] = obj(["url"], {"url": s()})
P["/api/v1/events"] = {
    "get": get("listEvents", "Events soonest first, optionally from and until a day, of one host.", arr(ref("Event")),
               [q("from", "Events not ended by this day.", s(format="date")), q("until", "Events starting by this day.", s(format="date")),
                q("city", "Hosted by this city.", s("integer")), q("network", "Hosted by this network.")]),
    "post": write("createEvent", "Host an event for your city or network.", "EventInput", ref("Event"))}
P["/api/v1/events/{id}"] = {"get": get("event", "An event with its agenda and counts of places.", ref("Event"), [eid])}
P["/api/v1/events/{id}/recording"] = {"post": write("setRecording", "Add the recording (the host).", "RecordingInput", ref("Event"), [eid], code="200")}
P["/api/v1/events/{id}/registrations"] = {
    "get": get("registrations", "Who comes (the host and administrators).", arr(ref("Registration")), [eid], auth=True),
    "post": write("register", "Register your city: a place, or a place in line when full.", "RegisterInput", ref("Registration"), [eid])}
P["/api/v1/events/{id}/registrations/{city}/cancel"] = {"post": write("cancelRegistration", "Cancel your city's place; the first in line takes it.", None,
    ref("Registration"), [eid, {"name": "city", "in": "path", "required": True, "description": "The city's id.", "schema": s("integer")}], code="200")}
doc["components"]["schemas"]["LiveEntry"]["properties"]["kind"]["enum"].append("event")
json.dump(doc, open(path, "w"), indent=2, ensure_ascii=False, separators=(",", ": "))
open(path, "a").write("\n")
