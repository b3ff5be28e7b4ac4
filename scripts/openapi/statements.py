"""Adds joint statements to Resources/OpenAPI/openapi.json (run once; kept for the record)."""
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
def pid(name, desc, schema=None): return {"name": name, "in": "path", "required": True, "description": desc, "schema": schema or s("integer")}
idem = {"name": "Idempotency-Key", "in": "header", "required": False, "description": "Makes the POST safe to retry.", "schema": s(maxLength=255)}
def ok(schema, code="200", desc="OK", media="application/json"): return {code: {"description": desc, "content": {media: {"schema": schema}}}}
def get(op, summary, schema, params=(), media="application/json"):
    return {"operationId": op, "summary": summary, "parameters": list(params),
            "responses": {**ok(schema, media=media), "400": r("Invalid"), "401": r("Unauthorized"), "404": r("NotFound"), "409": r("Conflict")}}
def write(op, summary, body, schema, params=(), code="201", method="post", auth=True):
    res = {**ok(schema, code, "Created" if code == "201" else "OK"), "401": r("Unauthorized"), "400": r("Invalid"), "403": r("Forbidden"),
           "404": r("NotFound"), "409": r("Conflict"), "413": r("TooLarge"), "415": r("UnsupportedMediaType")}
    ps = list(params)
    if method == "post":
        ps.append(idem)
        res["422"] = r("Unprocessable")
    o = {"operationId": op, "summary": summary, "parameters": ps, "responses": res}
    if auth: o["security"] = [{"bearer": []}]
    if body: o["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    return o

S["Signatory"] = obj(["city", "signer", "title", "at", "position"], {"city": ref("CityRef"), "signer": s(), "title": s(), "at": s(), "position": s("integer")})
S["Statement"] = obj(["id", "title", "text", "version", "status", "host", "signatories", "createdAt"], {
    "id": s("integer"), "title": s(), "text": s(), "version": s("integer"), "previousId": s("integer"),
    "status": s(enum=["draft", "open", "closed"]),
    "host": obj(["name"], {"cityId": s("integer"), "networkId": s(), "name": s()}),
    "opensAt": dt, "closesAt": dt, "textHash": s(description="SHA-256 of the frozen text; every signature chains to it."),
    "head": s(description="The chain's last hash, to compare with an export's."), "signatories": arr(ref("Signatory")), "createdAt": dt})
S["StatementInput"] = obj(["title", "text"], {"title": s(maxLength=200), "text": s(maxLength=20000),
    "hostCityId": s("integer", description="A city (its officer writes)"), "hostNetworkId": s(description="Or a network (its secretariat writes)")})
S["OpenStatementInput"] = obj(["closesAt"], {"closesAt": dt})
S["SignInput"] = obj(["cityId", "title"], {"cityId": s("integer"), "title": s(maxLength=200, description="The signer's title, as the list shows it.")})
S["ChainEntry"] = obj(["position", "action", "cityId", "city", "signer", "title", "at", "previousHash", "hash"], {
    "position": s("integer"), "action": s(enum=["sign", "withdraw"]), "cityId": s("integer"), "city": s(), "signer": s(), "title": s(),
    "at": s(), "previousHash": s(), "hash": s()})
S["StatementExport"] = obj(["statementId", "version", "title", "text", "textHash", "entries", "head"], {
    "statementId": s("integer"), "version": s("integer"), "title": s(), "text": s(), "textHash": s(), "entries": arr(ref("ChainEntry")), "head": s()})
S["Verification"] = obj(["intact"], {"intact": s("boolean"), "position": s("integer", description="Where the chain breaks (0 is the text)."),
    "reason": s(), "signatories": s("integer"), "head": s(), "matchesRecord": s("boolean"), "recordHead": s()})

sid = pid("id", "The statement's id.")
P["/api/v1/statements"] = {
    "get": get("listStatements", "Joint statements, newest first.", arr(ref("Statement"))),
    "post": write("createStatement", "Write a statement for your city or network (a draft).", "StatementInput", ref("Statement"))}
P["/api/v1/statements/verify"] = {"post": write("verifyStatement", "Check an exported signature chain, and compare it with Amity's record.",
    "StatementExport", ref("Verification"), code="200", auth=False)}
P["/api/v1/statements/{id}"] = {
    "get": get("statement", "A statement with the cities standing signed.", ref("Statement"), [sid]),
    "put": write("updateStatement", "New words for a draft (an opened text is frozen: 409).", "StatementInput", ref("Statement"), [sid], code="200", method="put")}
P["/api/v1/statements/{id}/open"] = {"post": write("openStatement", "Freeze the text and open the signing until closesAt.", "OpenStatementInput", ref("Statement"), [sid], code="200")}
P["/api/v1/statements/{id}/versions"] = {"post": write("newStatementVersion", "Start a new version of an opened text, signed anew.", "StatementInput", ref("Statement"), [sid])}
P["/api/v1/statements/{id}/signatures"] = {"post": write("signStatement", "Sign for your city, once, while the signing is open.", "SignInput", ref("Statement"), [sid])}
P["/api/v1/statements/{id}/signatures/{city}/withdraw"] = {"post": write("withdrawSignature", "Withdraw your city's signature (an entry of its own).", None,
    ref("Statement"), [sid, pid("city", "The city's id.")], code="200")}
P["/api/v1/statements/{id}/signatures.json"] = {"get": get("statementExport", "The text and the whole signature chain, to keep and check.", ref("StatementExport"), [sid])}
P["/api/v1/statements/{id}/signatures.csv"] = {"get": get("statementSignatoriesCSV", "The cities standing signed, with their chain entries, as CSV.", s(), [sid], media="text/csv")}
json.dump(doc, open(path, "w"), indent=2, ensure_ascii=False, separators=(",", ": "))
open(path, "a").write("\n")
