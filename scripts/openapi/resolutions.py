"""Adds council resolutions to Resources/OpenAPI/openapi.json (run once; kept for the record)."""
import json, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Resources/OpenAPI/openapi.json"
doc = json.load(open(path))
S, P = doc["components"]["schemas"], doc["paths"]
def ref(name): return {"$ref": f"#/components/schemas/{name}"}
def r(name): return {"$ref": f"#/components/responses/{name}"}
def s(t="string", **kw): return {"type": t, **kw}
def arr(item): return {"type": "array", "items": item}
def obj(required, props): return {"type": "object", "required": required, "properties": props}
idem = {"name": "Idempotency-Key", "in": "header", "required": False, "description": "Makes the POST safe to retry.", "schema": s(maxLength=255)}
rid = {"name": "id", "in": "path", "required": True, "description": "The resolution's id.", "schema": s("integer")}
def ok(schema, code="200", desc="OK"): return {code: {"description": desc, "content": {"application/json": {"schema": schema}}}}
def write(op, summary, body, schema, params=()):
    return {"operationId": op, "summary": summary, "parameters": list(params) + [idem], "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref(body)}}},
            "responses": {**ok(schema, "201", "Created"), "401": r("Unauthorized"), "400": r("Invalid"), "403": r("Forbidden"), "404": r("NotFound"),
                          "409": r("Conflict"), "413": r("TooLarge"), "415": r("UnsupportedMediaType"), "422": r("Unprocessable")}}
S["Endorsement"] = obj(["city", "at"], {"city": ref("CityRef"), "at": s(format="date-time")})
S["Resolution"] = obj(["id", "city", "body", "title", "adoptedOn", "summary", "tags", "endorsements", "createdAt"], {
    "id": s("integer"), "city": ref("CityRef"), "body": s(), "title": s(), "adoptedOn": s(format="date"), "summary": s(), "link": s(),
    "tags": arr(s()), "endorsements": arr(ref("Endorsement")), "createdAt": s(format="date-time")})
S["ResolutionInput"] = obj(["cityId", "body", "title", "adoptedOn", "summary"], {
    "cityId": s("integer"), "body": s(maxLength=200), "title": s(maxLength=300), "adoptedOn": s(format="date"), "summary": s(maxLength=5000),
    "link": s(), "tags": arr(s(maxLength=40))})
S["EndorseInput"] = obj(["cityId"], {"cityId": s("integer")})
P["/api/v1/resolutions"] = {
    "get": {"operationId": "listResolutions", "summary": "Council resolutions, latest adopted first.", "parameters": [],
            "responses": {**ok(arr(ref("Resolution"))), "401": r("Unauthorized")}},
    "post": write("recordResolution", "Record a resolution of your city's council.", "ResolutionInput", ref("Resolution"))}
P["/api/v1/resolutions/{id}"] = {"get": {"operationId": "resolution", "summary": "A resolution and the cities that endorse it.", "parameters": [rid],
    "responses": {**ok(ref("Resolution")), "400": r("Invalid"), "401": r("Unauthorized"), "404": r("NotFound")}}}
P["/api/v1/resolutions/{id}/endorsements"] = {"post": write("endorseResolution", "Endorse another city's resolution for your city.", "EndorseInput", ref("Resolution"), [rid])}
doc["components"]["schemas"]["LiveEntry"]["properties"]["kind"]["enum"].append("resolution")
json.dump(doc, open(path, "w"), indent=2, ensure_ascii=False, separators=(",", ": "))
open(path, "a").write("\n")
