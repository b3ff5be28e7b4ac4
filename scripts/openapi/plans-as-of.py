"""Plans as of a past day, the nearer supplier a tie was preferred to, blocked suppliers and what
they send instead, and when a need or offer was posted with its note (run once; kept for the record)."""
import json, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Resources/OpenAPI/openapi.json"
doc = json.load(open(path))
S = doc["components"]["schemas"]
day = {"type": "string", "format": "date-time"}
for name in ["Need", "Offer"]:
    S[name]["properties"]["postedAt"] = dict(day, description="When its city posted it.")
    S[name]["properties"]["note"] = {"type": "string", "description": "What a reader should know of it, such as that a demo figure is illustrative."}
    S[name]["required"].append("postedAt")
S["MakePlan"]["properties"]["asOf"] = {"type": "string",
    "description": "Plan as of this past day (YYYY-MM-DD, to its end, UTC) or instant (ISO 8601): its rules in force and their exceptions granted by then, needs and offers posted and not lapsed then, partnerships and memberships as they stood. The plan is a record; its lines cannot be answered."}
S["PlanJob"]["properties"]["asOf"] = dict(day, description="The end of the past day the plan is made as of.")
plan = S["Plan"]["properties"]
plan["asOf"] = dict(day, description="The end of the past day the plan was made as of; absent for a plan of its day.")
plan["lines"]["items"]["properties"]["nearerSupplier"] = {"allOf": [{"$ref": "#/components/schemas/CityRef"}],
    "description": "A nearer city offering the item, passed over for the tie the reason names."}
plan["unmet"]["items"]["properties"]["blockedSuppliers"] = {"type": "array", "description": "For a need blocked by rules: the cities the rules stopped, with the items this plan has them send instead.",
    "items": {"type": "object", "required": ["city", "instead"], "properties": {
        "city": {"$ref": "#/components/schemas/CityRef"}, "instead": {"type": "array", "items": {"type": "string"}}}}}
json.dump(doc, open(path, "w"), indent=2)
open(path, "a").write("\n")
