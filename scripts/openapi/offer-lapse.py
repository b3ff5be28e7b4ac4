"""Offers lapse like needs: reconfirm, the lapse fields, ?lapsed on the list (run once; kept for the record)."""
import copy, json, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Resources/OpenAPI/openapi.json"
doc = json.load(open(path))
S, P = doc["components"]["schemas"], doc["paths"]
offer, need = S["Offer"], S["Need"]
for key in ["confirmedAt", "lapsesAt", "lapsed", "reminder"]:
    offer["properties"][key] = copy.deepcopy(need["properties"][key])
    offer["required"].insert(offer["required"].index("itemName"), key)
offer["properties"]["lapsesAt"]["description"] = "When it stops counting unless its city reconfirms it (AMITY_OFFER_DAYS after confirmedAt)."
lapsed = {"name": "lapsed", "in": "query", "required": False, "description": "Include offers their city has not reconfirmed in time.", "schema": {"type": "boolean"}}
params = P["/api/v1/offers"]["get"]["parameters"]
params.insert(2, lapsed)
reconfirm = copy.deepcopy(P["/api/v1/needs/{id}/reconfirm"])
op = reconfirm["post"]
op["operationId"], op["summary"] = "reconfirmOffer", "Confirm the offer still stands (restarts its window)."
op["parameters"][0]["description"] = "The offer's id."
op["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Offer"}
paths = {}
for key, value in P.items():
    paths[key] = value
    if key == "/api/v1/offers/{id}":
        paths["/api/v1/offers/{id}/reconfirm"] = reconfirm
doc["paths"] = paths
json.dump(doc, open(path, "w"), indent=2)
open(path, "a").write("\n")
