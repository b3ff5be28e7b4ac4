"""The open record: the cooperation graph (JSON, GraphML, GeoJSON, HXL CSV) and aid as IATI 2.03
(run once; kept for the record)."""
import json, sys

path = sys.argv[1] if len(sys.argv) > 1 else "Resources/OpenAPI/openapi.json"
doc = json.load(open(path))
S, P = doc["components"]["schemas"], doc["paths"]
kinds = ["partnership", "membership", "aid", "co-signature", "shared-event", "answered-call"]
S["GraphNode"] = {"type": "object", "required": ["id", "kind", "name"],
    "properties": {"id": {"type": "string", "description": "city-<id> or network-<slug>: stable across exports."},
        "kind": {"type": "string", "enum": ["city", "network"]}, "name": {"type": "string"},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2, for cities."},
        "latitude": {"type": "number"}, "longitude": {"type": "number"}, "population": {"type": "integer"},
        "networkKind": {"type": "string", "description": "global, regional, national or initiative, for networks."}}}
S["GraphEdge"] = {"type": "object", "required": ["id", "kind", "source", "target", "record"],
    "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": kinds},
        "source": {"type": "string", "description": "A node id; the donor for aid, the city for memberships and answered calls."},
        "target": {"type": "string"},
        "start": {"type": "string", "description": "YYYY, YYYY-MM or YYYY-MM-DD, as precisely as the source dates it; absent when no source does."},
        "end": {"type": "string"}, "status": {"type": "string"},
        "subtype": {"type": "string", "description": "sister-city, member, goods, money, webinar, ..."},
        "quantity": {"type": "integer", "description": "Aid: units of the item, or the amount of money."},
        "unit": {"type": "string", "description": "Aid: the item code, or the ISO 4217 currency."},
        "label": {"type": "string", "description": "The statement, event, call or campaign behind the tie."},
        "record": {"type": "string", "description": "Where the record is read in this API."},
        "evidence": {"type": "string", "description": "The address of the source the record cites."}}}
S["CooperationGraph"] = {"type": "object", "required": ["nodes", "edges"],
    "properties": {"at": {"type": "string", "description": "The day asked for; absent for the record as it stands."},
        "nodes": {"type": "array", "items": {"$ref": "#/components/schemas/GraphNode"}},
        "edges": {"type": "array", "items": {"$ref": "#/components/schemas/GraphEdge"}}}}
params = [
    {"name": "at", "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
     "description": "The graph as it stood that day: ties begun by then (an undated tie counts as begun long before) and not ended, partnerships in their status of that day."},
    {"name": "kind", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "Only these kinds of tie, comma-separated: " + ", ".join(kinds) + "."},
    {"name": "country", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "Only ties with a city of this country (ISO 3166-1 alpha-2) at one end."},
]
errors = {"400": {"$ref": "#/components/responses/Invalid"}, "503": {"$ref": "#/components/responses/Unavailable"}}
def op(op_id, summary, media, schema):
    return {"get": {"operationId": op_id, "summary": summary, "tags": ["Open record"], "parameters": params,
                    "responses": {"200": {"description": "OK", "content": {media: {"schema": schema}}}, **errors}}}
text = {"type": "string"}
P["/api/v1/graph"] = op("graph", "The cooperation graph: cities and networks, and their partnerships, memberships, aid, co-signatures, shared events and answered calls.",
                        "application/json", {"$ref": "#/components/schemas/CooperationGraph"})
P["/api/v1/graph.graphml"] = op("graphML", "The cooperation graph as GraphML with typed attributes (networkx, igraph, Gephi).", "application/graphml+xml", text)
P["/api/v1/graph.geojson"] = op("graphGeoJSON", "Cities as points and ties between cities as lines, split at the antimeridian (RFC 7946).", "application/geo+json", text)
P["/api/v1/graph/nodes.csv"] = op("graphNodes", "The graph's nodes as CSV with HXL 1.1 core hashtags.", "text/csv", text)
P["/api/v1/graph/edges.csv"] = op("graphEdges", "The graph's edges as CSV with HXL 1.1 core hashtags.", "text/csv", text)
P["/api/v1/iati/activities.xml"] = {"get": {"operationId": "iatiActivities", "tags": ["Open record"],
    "summary": "Aid between cities as IATI 2.03 activities: each pledge of goods and each campaign of money an activity with its transactions. 404 when there is no aid on record (an IATI file holds one activity at least).",
    "parameters": [{"name": "city", "in": "query", "required": False, "schema": {"type": "integer"}, "description": "Only what this city gave or received."}],
    "responses": {"200": {"description": "OK", "content": {"application/xml": {"schema": text}}}, **errors,
                  "404": {"$ref": "#/components/responses/NotFound"}}}}
ledger = P["/api/v1/ledger"]["get"]
ledger["summary"] = ledger["summary"].replace("HXL tags", "HXL 1.1 core hashtags")
json.dump(doc, open(path, "w"), indent=2)
open(path, "a").write("\n")

# The evidence: sources, a record's sources, sourced facts.
doc = json.load(open(path))
S, P = doc["components"]["schemas"], doc["paths"]
S["Source"] = {"type": "object", "required": ["id", "key", "kind", "title"],
    "properties": {"id": {"type": "integer"}, "key": {"type": "string"},
        "kind": {"type": "string", "description": "news, official, slides, video, interview, paper, dataset or web."},
        "title": {"type": "string"}, "publisher": {"type": "string"}, "url": {"type": "string"},
        "publishedOn": {"type": "string", "description": "YYYY, YYYY-MM or YYYY-MM-DD."},
        "accessedOn": {"type": "string", "description": "The day it was read; absent where nobody recorded it."}, "note": {"type": "string"}}}
standing = {"type": "string", "enum": ["stated", "inferred", "illustrative"], "description": "Whether the source says it, the record reads it from the source (or from outside the paper), or the demo made it up."}
S["CitedSource"] = {"type": "object", "required": ["source", "standing"],
    "properties": {"source": {"$ref": "#/components/schemas/Source"}, "supports": {"type": "string"}, "standing": standing, "note": {"type": "string"}}}
S["RecordEvidence"] = {"type": "object", "required": ["entity", "id", "record", "sources"],
    "properties": {"entity": {"type": "string"}, "id": {"type": "string"}, "record": {"type": "string"},
        "sources": {"type": "array", "items": {"$ref": "#/components/schemas/CitedSource"}}}}
S["SourceDetail"] = {"type": "object", "required": ["source", "records"],
    "properties": {"source": {"$ref": "#/components/schemas/Source"}, "records": {"type": "array", "items": {"type": "object",
        "required": ["entity", "id", "record", "standing"], "properties": {"entity": {"type": "string"}, "id": {"type": "string"},
        "record": {"type": "string"}, "supports": {"type": "string"}, "standing": standing, "note": {"type": "string"}}}}}}
S["SourcedFact"] = {"type": "object", "required": ["id", "key", "text", "countries", "source"],
    "description": "A fact held only as a sourced statement, where the source gives no pairs of cities (a count, help to unnamed cities).",
    "properties": {"id": {"type": "integer"}, "key": {"type": "string"}, "text": {"type": "string"}, "value": {"type": "integer"},
        "unit": {"type": "string"}, "countries": {"type": "array", "items": {"type": "string"}}, "cityId": {"type": "integer"},
        "on": {"type": "string"}, "source": {"$ref": "#/components/schemas/Source"}}}
paging = [{"name": "limit", "in": "query", "required": False, "description": "Items per page.", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
          {"name": "cursor", "in": "query", "required": False, "description": "The nextCursor of the previous page.", "schema": {"type": "string"}}]
def page_of(ref):
    return {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": ref}}, "nextCursor": {"type": "string"}}}
def get(op_id, summary, schema, params=(), extra=None):
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}, "503": {"$ref": "#/components/responses/Unavailable"}}
    responses.update(extra or {})
    return {"get": {"operationId": op_id, "summary": summary, "tags": ["Open record"], "parameters": list(params), "responses": responses}}
idp = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
P["/api/v1/sources"] = get("sources", "Every source the record cites, oldest first.", page_of("#/components/schemas/Source"), paging, {"400": {"$ref": "#/components/responses/Invalid"}})
P["/api/v1/sources/{id}"] = get("source", "A source and every record that rests on it.", {"$ref": "#/components/schemas/SourceDetail"}, [idp], {"404": {"$ref": "#/components/responses/NotFound"}})
P["/api/v1/evidence/{entity}/{id}"] = get("evidence", "The sources one record rests on: /api/v1/evidence/partnerships/5.", {"$ref": "#/components/schemas/RecordEvidence"},
    [{"name": "entity", "in": "path", "required": True, "schema": {"type": "string", "enum": ["assemblies", "calls", "campaigns", "events", "facts", "memberships", "networks", "partnerships", "pledges", "practices", "resolutions", "rules", "statements"]}}, idp],
    {"400": {"$ref": "#/components/responses/Invalid"}, "404": {"$ref": "#/components/responses/NotFound"}})
P["/api/v1/facts"] = get("facts", "Facts held only as sourced statements: counts such as the 148 US–Taiwan sister-city pairs, help to unnamed cities.", page_of("#/components/schemas/SourcedFact"), paging, {"400": {"$ref": "#/components/responses/Invalid"}})
json.dump(doc, open(path, "w"), indent=2)
open(path, "a").write("\n")
