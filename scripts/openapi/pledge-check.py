"""GET /api/v1/pledges/check: would a pledge pass, now or as of a past day, and if not, why (run once; kept for the record)."""
import json, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Resources/OpenAPI/openapi.json"
doc = json.load(open(path))
S, P = doc["components"]["schemas"], doc["paths"]
S["PledgeCheck"] = {"type": "object", "required": ["allowed"],
    "description": "Whether a pledge may be made (or might have been, as of a past day); nothing is written.",
    "properties": {"allowed": {"type": "boolean"}, "asOf": {"type": "string", "format": "date-time"},
        "reason": {"type": "string", "description": "Why not, in English, as a pledge's 409 says it."},
        "rule": {"type": "integer", "description": "The national rule in the way."},
        "leeway": {"type": "integer", "description": "What the exceptions granted to the donor still let through under that rule."},
        "instead": {"type": "array", "description": "The donor's other open offers no rule stops.", "items": {"type": "object",
            "required": ["offerId", "item", "available"], "properties": {"offerId": {"type": "integer"}, "item": {"type": "string"}, "available": {"type": "integer"}}}}}}
def q(name, description, kind="integer", required=False, fmt=None):
    schema = {"type": kind}
    if fmt: schema["format"] = fmt
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}
check = {"get": {"operationId": "checkPledge",
    "summary": "Would this pledge pass the national rules, their exceptions and a partners-only offer's ties, now or as of a past day? Nothing is written, and what the offer has left is not weighed.",
    "parameters": [q("offerId", "The offer to give from.", required=True), q("quantity", "How much.", required=True),
                   q("needId", "The need it would meet…"), q("recipientCityId", "…or the city it would go to."),
                   q("asOf", "A past day (YYYY-MM-DD, to its end, UTC) or instant (ISO 8601): the rules in force then, the exceptions granted and pledges made by then, the partnerships as they stood.", "string")],
    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PledgeCheck"}}}},
                  "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "503": {"$ref": "#/components/responses/Unavailable"}}}}
paths = {}
for key, value in P.items():
    if key == "/api/v1/pledges/{id}":
        paths["/api/v1/pledges/check"] = check
    paths[key] = value
doc["paths"] = paths
json.dump(doc, open(path, "w"), indent=2)
open(path, "a").write("\n")
