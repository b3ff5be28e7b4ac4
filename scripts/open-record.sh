#!/usr/bin/env bash
# The open record read by the tools researchers use, on a freshly seeded instance:
#   networkx reads the GraphML and finds the demo's partnerships;
#   libhxl parses every HXL table (the graph's nodes and edges, the ledger);
#   xmllint validates the IATI XML against the IATI 2.03 schema vendored in Tests/Fixtures/IATI-2.03;
#   geojson-validator accepts the GeoJSON, and every segment of every line stays within 180° of longitude;
#   the rationing feeds: Taiwan's CSV split on commas as 2020's apps did, the community GeoJSON through
#   geojson-validator, Korea's storesByGeo, and the demo's test outlet in none of them;
#   networkx's betweenness and degree on the graph equal Amity's centrality, libhxl reads every analysis
#   table, and every SVG picture on the analysis pages is well-formed XML (xmllint);
#   amity export writes the instance, amity import loads it into a new file, which exports the same again,
#   and amity export --public leaves out people.
#   scripts/open-record.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v xmllint >/dev/null; then
  echo "installing libxml2-utils (xmllint)."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null
fi
pip_install() { python3 -m pip install -q "$@" >/dev/null 2>&1 || python3 -m pip install -q --break-system-packages "$@" >/dev/null; }
python3 -c "import networkx, hxl, geojson_validator, six" 2>/dev/null || pip_install networkx==3.6.1 libhxl==5.2.2 six==1.17.0 geojson-validator==0.7.0
swift build --product amity >/dev/null 2>&1
BIN=$(swift build --show-bin-path)/amity
WORK=$(mktemp -d /tmp/amity-record.XXXXXX)
PORT=${AMITY_OPEN_RECORD_PORT:-18095}
cleanup() { if [ -n "${AMITY:-}" ]; then kill "$AMITY" 2>/dev/null || true; wait 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
AMITY_GAZETTEER=Tests/Fixtures/gazetteer-sample.tsv AMITY_SIGNING_KEY="$WORK/key" \
  "$BIN" serve --database "$WORK/amity.sqlite" --port "$PORT" >"$WORK/serve.log" 2>&1 &
AMITY=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
curl -fsS "$BASE/api/v1/graph.graphml" -o "$WORK/graph.graphml"
curl -fsS "$BASE/api/v1/graph.geojson" -o "$WORK/graph.geojson"
curl -fsS "$BASE/api/v1/graph/nodes.csv" -o "$WORK/nodes.csv"
curl -fsS "$BASE/api/v1/graph/edges.csv" -o "$WORK/edges.csv"
curl -fsS "$BASE/ledger.csv" -o "$WORK/ledger.csv"
curl -fsS "$BASE/api/v1/iati/activities.xml" -o "$WORK/iati.xml"
xmllint --noout --schema Tests/Fixtures/IATI-2.03/iati-activities-schema.xsd "$WORK/iati.xml"
curl -fsS "$BASE/api/v1/graph" -o "$WORK/graph.json"
curl -fsS "$BASE/api/v1/analysis/centrality" -o "$WORK/centrality.json"
for name in triangle inclusiveness centrality flows; do curl -fsS "$BASE/api/v1/analysis/$name.csv" -o "$WORK/analysis-$name.csv"; done
pictures=0
for page in analysis/triangle analysis/inclusiveness analysis/centrality analysis/flows analysis/graph ledger cities/12908892; do
  curl -fsS -H 'Accept: text/html' "$BASE/$page" | python3 -c "
import re, sys
for i, svg in enumerate(re.findall(r'<svg[\s\S]*?</svg>', sys.stdin.read())):
    open(sys.argv[1] + '-' + str(i) + '.svg', 'w').write(svg)" "$WORK/picture-${page//\//-}"
done
for svg in "$WORK"/picture-*.svg; do xmllint --noout "$svg"; pictures=$((pictures + 1)); done
[ "$pictures" -ge 9 ] || { echo "pictures: only $pictures SVG pictures on the analysis pages"; exit 1; }
echo "xmllint: $pictures SVG pictures well-formed"
# Rationing's open feeds, read as their consumers of 2020 read them (Taiwan's programme is 1, Korea's 2).
FEEDS="$BASE/api/v1/rationing/programmes"
curl -fsS "$FEEDS/1/feeds/maskdata.csv" -o "$WORK/maskdata.csv"
curl -fsS "$FEEDS/1/feeds/stock.geojson" -o "$WORK/stock.geojson"
curl -fsS "$FEEDS/2/feeds/corona19-masks/v1/storesByGeo/json?lat=37.5665&lng=126.978&m=5000" -o "$WORK/storesByGeo.json"
python3 - "$WORK" <<'PY'
import json, sys, geojson_validator
work = sys.argv[1]
raw = open(f"{work}/maskdata.csv", "rb").read()
assert raw.startswith("醫事機構代碼,醫事機構名稱,醫事機構地址,醫事機構電話,成人口罩剩餘數,兒童口罩剩餘數,來源資料時間\n".encode()), "maskdata.csv: header"
rows = raw.decode().strip("\n").split("\n")[1:]
for row in rows:
    fields = row.split(",")  # as the community apps of 2020 read it, by position
    assert len(fields) == 7 and int(fields[4]) >= 0 and int(fields[5]) >= 0, row
assert len({row.split(",")[6] for row in rows}) == 1, "maskdata.csv: one time for every row"
assert not any("虛擬" in row or row.startswith("0000000000,") for row in rows), "maskdata.csv: the test outlet"
points = json.load(open(f"{work}/stock.geojson"))
assert geojson_validator.validate_structure(points) == {}, "stock.geojson: structure"
assert geojson_validator.validate_geometries(points)["invalid"] == {}, "stock.geojson: geometries"
keys = {"id", "name", "phone", "address", "mask_adult", "mask_child", "updated", "available", "note", "custom_note", "website", "county", "town", "cunli", "service_periods"}
assert all(set(f["properties"]) == keys for f in points["features"]) and len(points["features"]) == len(rows), "stock.geojson: properties"
stores = json.load(open(f"{work}/storesByGeo.json"))
assert stores["count"] == len(stores["stores"]) > 0 and all(s["remain_stat"] in {"plenty", "some", "few", "empty", "break"} for s in stores["stores"])
print(f"rationing feeds: {len(rows)} outlets by position, GeoJSON valid, {stores['count']} stores near Seoul City Hall; no test outlet")
PY
python3 - "$WORK" <<'PY'
import json, sys, warnings
warnings.filterwarnings("ignore")
import logging; logging.disable(logging.CRITICAL)
import networkx as nx, hxl, hxl.input, geojson_validator
work = sys.argv[1]
graph = nx.read_graphml(f"{work}/graph.graphml")
ties = {frozenset((u, v)) for u, v, d in graph.edges(data=True) if d.get("kind") == "partnership"}
for pair in [("city-2145110", "city-1804651"), ("city-12908892", "city-4508722"), ("city-900000001", "city-1861416")]:
    assert frozenset(pair) in ties, f"networkx: no partnership {pair}"
assert graph.nodes["city-2145110"]["name"] == "Wagga Wagga" and isinstance(graph.nodes["city-2145110"]["latitude"], float)
print(f"networkx {nx.__version__}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {len(ties)} partnerships")
for name in ["nodes.csv", "edges.csv", "ledger.csv", "analysis-triangle.csv", "analysis-inclusiveness.csv", "analysis-centrality.csv", "analysis-flows.csv"]:
    data = hxl.data(hxl.input.make_input(open(f"{work}/{name}", "rb")))
    rows = list(data)
    assert rows and all(c.tag for c in data.columns), f"libhxl: {name} has an untagged column"
    print(f"libhxl: {name}: {len(rows)} rows, {' '.join(c.display_tag for c in data.columns)}")
# Amity's centrality against networkx's on the same graph, its ties undirected and counted once.
record = json.load(open(f"{work}/graph.json"))
simple = nx.Graph()
simple.add_edges_from((e["source"], e["target"]) for e in record["edges"] if e["source"] != e["target"])
expected = nx.betweenness_centrality(simple, normalized=True)
served = {n["id"]: n for n in json.load(open(f"{work}/centrality.json"))["nodes"]}
assert set(served) == set(simple.nodes), "centrality: the nodes differ from the graph's"
for node, value in expected.items():
    assert abs(served[node]["betweenness"] - value) < 1e-9, f"centrality: {node} {served[node]['betweenness']} != networkx {value}"
    assert served[node]["degree"] == simple.degree(node), f"centrality: degree of {node}"
top = max(expected, key=expected.get)
print(f"networkx: betweenness and degree of {len(expected)} nodes agree; most between: {top} ({expected[top]:.4f})")
features = json.load(open(f"{work}/graph.geojson"))
assert geojson_validator.validate_structure(features) == {}, "geojson: structure"
checked = geojson_validator.validate_geometries(features)
assert checked["invalid"] == {}, f"geojson: invalid {checked['invalid']}"
# The validator normalises +180 to -180, so it counts a part that ends on the antimeridian as
# crossing it; the real test is that no segment spans more than 180 degrees of longitude.
lines = 0
for feature in features["features"]:
    geometry = feature["geometry"]
    parts = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"] if geometry["type"] == "MultiLineString" else []
    for part in parts:
        lines += 1
        for (a, _), (b, _) in zip(part, part[1:]):
            assert abs(b - a) <= 180, f"geojson: {feature['id']} spans {a} to {b}"
print(f"geojson: {len(features['features'])} features, {lines} line parts, none across the antimeridian; {checked['count_geometry_types']}")
PY
kill "$AMITY"; wait "$AMITY" 2>/dev/null || true; AMITY=""
"$BIN" export "$WORK/backup" --database "$WORK/amity.sqlite" | tail -n 1
"$BIN" import "$WORK/backup" --database "$WORK/copy.sqlite" | tail -n 1
"$BIN" export "$WORK/again" --database "$WORK/copy.sqlite" >/dev/null
for file in "$WORK"/backup/*.jsonl; do cmp -s "$file" "$WORK/again/$(basename "$file")" || { echo "export/import: $(basename "$file") differs"; exit 1; }; done
if "$BIN" import "$WORK/backup" --database "$WORK/copy.sqlite" >/dev/null 2>"$WORK/refused"; then echo "import: a database that holds data took an archive"; exit 1; fi
grep -q "already holds data" "$WORK/refused"
"$BIN" export "$WORK/public" --public --database "$WORK/amity.sqlite" | tail -n 1
[ ! -e "$WORK/public/people.jsonl" ] && ! grep -q "@amity.example" "$WORK"/public/*.jsonl
echo "open record: OK"
