"""National rules in the open: one rule, ending it, granted exceptions (run once; kept for the record)."""
import copy, json, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Resources/OpenAPI/openapi.json"
doc = json.load(open(path))
S, P = doc["components"]["schemas"], doc["paths"]
rule = S["Rule"]
rule["properties"]["inForce"] = {"type": "boolean", "description": "Whether it blocks anything now."}
rule["properties"]["exceptions"] = {"type": "array", "items": {"$ref": "#/components/schemas/RuleException"}}
rule["required"] += ["inForce", "exceptions"]
S["RuleException"] = {
    "type": "object",
    "description": "Leave to send despite the rule; grantedBy absent means the sources do not say who gave it.",
    "required": ["id", "city", "quantity", "used"],
    "properties": {
        "id": {"type": "integer"},
        "city": {"$ref": "#/components/schemas/CityRef"},
        "quantity": {"type": "integer", "format": "int64", "minimum": 1},
        "used": {"type": "integer", "format": "int64", "description": "What the city has pledged under it so far."},
        "grantedBy": {"type": "string"},
        "grantedOn": {"type": "string", "format": "date-time"},
        "source": {"type": "string"},
        "note": {"type": "string"},
    },
}
S["RuleEndInput"] = {
    "type": "object", "required": ["until"],
    "properties": {"until": {"type": "string", "format": "date-time", "description": "The first moment the rule no longer holds."}},
}
S["RuleExceptionInput"] = {
    "type": "object", "required": ["cityId", "quantity"],
    "properties": {
        "cityId": {"type": "integer"},
        "quantity": {"type": "integer", "format": "int64", "minimum": 1},
        "grantedBy": {"type": "string"},
        "grantedOn": {"type": "string", "format": "date-time"},
        "source": {"type": "string"},
        "note": {"type": "string"},
    },
}
idParam = {"name": "id", "in": "path", "required": True, "description": "The rule's id.", "schema": {"type": "integer"}}
one = copy.deepcopy(P["/api/v1/offers/{id}"]["get"])
one["operationId"], one["summary"] = "getRule", "One national rule, with its exceptions."
one["parameters"] = [idParam]
one["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Rule"}

def write(operation, summary, body, status):
    op = copy.deepcopy(P["/api/v1/rules"]["post"])
    op["operationId"], op["summary"] = operation, summary
    op["parameters"] = [copy.deepcopy(idParam)] + op["parameters"]
    op["requestBody"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/" + body}
    created = op["responses"].pop("201")
    responses = {status: created}
    responses["404"] = {"$ref": "#/components/responses/NotFound"}
    responses.update(op["responses"])
    op["responses"] = responses
    responses[status]["description"] = "Created" if status == "201" else "OK"
    return op

end = write("endRule", "Say when a rule stopped holding (administrators).", "RuleEndInput", "200")
grant = write("grantRuleException", "Record leave for a city to send despite a rule (administrators).", "RuleExceptionInput", "201")
paths = {}
for key, value in P.items():
    paths[key] = value
    if key == "/api/v1/rules":
        paths["/api/v1/rules/{id}"] = {"get": one}
        paths["/api/v1/rules/{id}/end"] = {"post": end}
        paths["/api/v1/rules/{id}/exceptions"] = {"post": grant}
doc["paths"] = paths
json.dump(doc, open(path, "w"), indent=2)
open(path, "a").write("\n")
