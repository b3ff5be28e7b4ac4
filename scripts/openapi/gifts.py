"""Gifts of money in the public ledger: /api/v1/ledger/gifts and /api/v1/ledger/totals, a campaign's
progress and note, and the gift kind of live entry (run once; kept for the record)."""
import copy, json, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Resources/OpenAPI/openapi.json"
doc = json.load(open(path))
S, P = doc["components"]["schemas"], doc["paths"]
S["LiveEntry"]["properties"]["kind"]["enum"].insert(S["LiveEntry"]["properties"]["kind"]["enum"].index("pledge") + 1, "gift")
campaign = S["Campaign"]
campaign["properties"]["percent"] = {"type": "integer", "description": "How much of the target is raised, in whole percent (past 100 when exceeded)."}
campaign["properties"]["raisedExceeds"] = {"type": "boolean", "description": "Present (true) when the gifts add up to more than raised, the largest Amity counts."}
campaign["properties"]["note"] = {"type": "string", "description": "What a reader should know of it, such as that a demo figure is illustrative."}
campaign["required"].insert(campaign["required"].index("raised") + 1, "percent")
contribution = campaign["properties"]["contributions"]["items"]
contribution["properties"] = {"id": {"type": "integer"}, **contribution["properties"]}
contribution["required"].insert(0, "id")
contribution["properties"]["giver"]["description"] = "Present only where the giver agreed to be named."
S["Gift"] = {"type": "object", "required": ["id", "campaignId", "campaign", "city", "beneficiary", "amount", "currency", "at"],
    "description": "A gift of money to a campaign, from the campaign's city to its beneficiary.",
    "properties": {"id": {"type": "integer"}, "campaignId": {"type": "integer"}, "campaign": {"type": "string", "description": "The campaign's title."},
        "city": {"allOf": [{"$ref": "#/components/schemas/CityRef"}], "description": "The city whose campaign raised it."},
        "beneficiary": {"$ref": "#/components/schemas/CityRef"}, "amount": {"type": "integer", "description": "Whole units of the currency."},
        "currency": {"type": "string", "description": "ISO 4217."}, "giver": {"type": "string", "description": "Present only where the giver agreed to be named."},
        "at": {"type": "string", "format": "date-time"}}}
S["MoneyTotal"] = {"type": "object", "required": ["currency", "amount", "gifts", "exceeds"],
    "properties": {"currency": {"type": "string"}, "amount": {"type": "integer"}, "gifts": {"type": "integer"},
                   "exceeds": {"type": "boolean", "description": "The true total is beyond amount, which is then the largest Amity counts."}}}
gifts = copy.deepcopy(P["/api/v1/ledger"])
op = gifts["get"]
op["operationId"], op["summary"] = "ledgerGifts", "Every gift of money to a campaign, newest first. Also in /ledger.csv, with the giver only where they agreed."
for p in op["parameters"]:
    if p["name"] == "city":
        p["description"] = "Only the gifts of this city's campaigns and those raised for it."
op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["items"]["items"] = {"$ref": "#/components/schemas/Gift"}
totals = {"get": {"operationId": "ledgerTotals", "summary": "Gifts of money summed per currency (never across currencies), with checked arithmetic.",
    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/MoneyTotal"}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "503": {"$ref": "#/components/responses/Unavailable"}}}}
paths = {}
for key, value in P.items():
    paths[key] = value
    if key == "/api/v1/ledger":
        paths["/api/v1/ledger/gifts"], paths["/api/v1/ledger/totals"] = gifts, totals
doc["paths"] = paths
json.dump(doc, open(path, "w"), indent=2)
open(path, "a").write("\n")
