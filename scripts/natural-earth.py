#!/usr/bin/env python3
"""Derives Amity's world reference from public-domain sources, once; the results are committed.

- Data/reference/coastline.txt: Natural Earth's 1:110m coastlines, simplified (Douglas-Peucker,
  tolerance 0.25 degrees) for the server's SVG maps; one polyline a line, "lon,lat" pairs.
- Data/reference/countries.tsv: every country's ISO 3166-1 alpha-2 code, name, UN region
  (country_converter's UNregion) and World Bank income group as Natural Earth carries it
  (income_grp).

country_converter 1.3 needs pandas before 3, which reads Namibia's "NA" as a missing value.
Natural Earth comes from Debian's r-cran-rnaturalearthdata (an R lazy-load database, read here
without R). Usage: python3 -m venv v && v/bin/pip install rdata country_converter "pandas<3" &&
v/bin/python scripts/natural-earth.py
"""
import gzip, lzma, os, struct, subprocess, sys, tempfile, glob
import rdata
from rdata.parser import RObjectType
import country_converter as coco

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Data", "reference")


def unpack_deb():
    work = tempfile.mkdtemp()
    subprocess.run(["apt-get", "download", "r-cran-rnaturalearthdata"], cwd=work, check=True)
    deb = glob.glob(os.path.join(work, "*.deb"))[0]
    subprocess.run(["dpkg-deb", "-x", deb, work], check=True)
    return os.path.join(work, "usr/lib/R/site-library/rnaturalearthdata/data")


class LazyLoadDB:
    """R's lazy-load database: an index (gzip) of offsets into chunks compressed as raw LZMA2."""

    def __init__(self, folder):
        self.folder = folder
        index = rdata.parser.parse_data(gzip.decompress(open(os.path.join(folder, "Rdata.rdx"), "rb").read()))
        self.variables = rdata.conversion.convert(index)["variables"]

    def fetch(self, name):
        offset, length = (int(v) for v in self.variables[name])
        with open(os.path.join(self.folder, "Rdata.rdb"), "rb") as f:
            f.seek(offset)
            chunk = f.read(length)
        assert chunk[4:5] == b"Z", "expected an LZMA chunk"
        raw = lzma.LZMADecompressor(format=lzma.FORMAT_RAW,
                                    filters=[{"id": lzma.FILTER_LZMA2, "dict_size": 64 << 20}]).decompress(chunk[5:])
        return rdata.parser.parse_data(raw).object


def symbol(tag):
    while tag.info.type == RObjectType.REF:
        tag = tag.referenced_object
    return tag.value.value.decode()


def slots(obj):
    out, node = {}, obj.attributes
    while node is not None and node.info.type == RObjectType.LIST:
        out[symbol(node.tag)] = node.value[0]
        node = node.value[1]
    return out


def text(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # R marks some of Natural Earth's names latin-1
        return raw.decode("latin-1")


def strings(vector):
    return [None if c.value is None else text(c.value) for c in vector.value]


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    best, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm if norm else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
        if d > best:
            best, index = d, i
    if best <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def coastline(db):
    lines = []
    for feature in slots(db.fetch("coastline110"))["lines"].value:
        for line in slots(feature)["Lines"].value:
            coords = slots(line)["coords"].value
            n = len(coords) // 2
            points = [(float(coords[i]), float(coords[n + i])) for i in range(n)]
            kept = simplify(points, 0.25)
            if len(kept) >= 2 and not (len(kept) == 2 and kept[0] == kept[1]):
                lines.append(" ".join(f"{x:.2f},{y:.2f}" for x, y in kept))
    return lines


def countries(db):
    frame = slots(db.fetch("countries50"))["data"]
    names = strings(slots(frame)["names"])
    columns = {name: frame.value[i] for i, name in enumerate(names)}
    iso = strings(columns["iso_a2"])
    iso3 = strings(columns["iso_a3"])
    admin = strings(columns["admin"])
    income = strings(columns["income_grp"])
    rows = {}
    for code, code3, name, group in zip(iso, iso3, admin, income):
        if not code or code == "-99" or code in rows:
            continue
        # By ISO3: Natural Earth leaves some iso_a2 codes out where iso_a3 has them.
        region = coco.convert(code3, src="ISO3", to="UNregion", not_found="")
        rows[code] = (name, region if isinstance(region, str) else "", group or "")
    return rows


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else unpack_deb()
    db = LazyLoadDB(folder)
    os.makedirs(OUT, exist_ok=True)
    lines = coastline(db)
    with open(os.path.join(OUT, "coastline.txt"), "w") as f:
        f.write("# Natural Earth 1:110m coastline (public domain), simplified by scripts/natural-earth.py\n")
        f.write("\n".join(lines) + "\n")
    rows = countries(db)
    with open(os.path.join(OUT, "countries.tsv"), "w") as f:
        f.write("iso2\tname\tun_region\tincome_group\n")
        for code in sorted(rows):
            name, region, group = rows[code]
            f.write(f"{code}\t{name}\t{region}\t{group}\n")
    print(f"{len(lines)} coastline polylines, {sum(l.count(' ') + 1 for l in lines)} points; {len(rows)} countries")


if __name__ == "__main__":
    main()
