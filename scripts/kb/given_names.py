#!/usr/bin/env python3
"""Generates kb/given_names.txt: given names for recognising unknown people.

Sources: the first-name lists of Faker's person providers (MIT licence; pass the
unpacked `faker` package directory, e.g. from `pip download faker` and unzip),
Latin-script locales as they are and Russian/Ukrainian/Bulgarian ones
transliterated, plus given_names_extra.txt (written for Vigie). Names that are
also frequent words (crates/vigie-kb/data/common_words.txt and a few more) are left
out. Run: python3 scripts/kb/given_names.py /path/to/faker
"""

import ast
import os
import sys
import unicodedata

from kbutil import KB_DIR, REPO

HERE = os.path.dirname(os.path.abspath(__file__))
LATIN_LOCALES = [
    "az_AZ", "cs_CZ", "da_DK", "de_AT", "de_CH", "de_DE", "en_GB", "en_IE", "en_IN", "en_KE",
    "en_NG", "en_NZ", "en_PK", "en_US", "es_AR", "es_CL", "es_CO", "es_ES", "es_MX", "et_EE",
    "fi_FI", "fr_BE", "fr_CA", "fr_CH", "fr_FR", "fr_QC", "ga_IE", "hr_HR", "hu_HU", "id_ID",
    "it_IT", "lt_LT", "lv_LV", "nl_BE", "nl_NL", "no_NO", "pl_PL", "pt_BR", "pt_PT", "ro_RO",
    "sk_SK", "sl_SI", "sv_SE", "sw", "tr_TR", "tw_GH", "vi_VN", "yo_NG", "zu_ZA", "ig_NG", "ha_NG",
]
CYRILLIC_LOCALES = ["ru_RU", "uk_UA", "bg_BG"]
# English-style romanisation, as in the wire services' English copy.
CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi",
     "ye", "g"]))
# Capitalised words of news text that are also given names somewhere.
EXTRA_STOP = {
    "will", "may", "mai", "june", "april", "august", "summer", "winter", "autumn", "king", "prince",
    "princess", "pope", "saint", "sainte", "don", "dom", "major", "general", "sterling", "page",
    "rose", "olive", "victoire", "france", "paris", "london", "china", "india",
    "israel", "jordan", "georgia", "chad", "lima", "florence", "charity", "faith", "hope", "joy",
    "justice", "liberty", "unity", "precious", "blessing", "gift", "favour", "patience", "peace",
    "mercy", "love", "happy", "lucky", "sunny", "rich", "young", "long", "bright", "white", "black",
    "brown", "green", "gray", "grey", "reed", "rock", "stone", "star", "river", "sky", "sea", "ocean",
    "dawn", "iris", "art", "drew", "chase", "grant", "pat", "rob", "sue", "lance", "earl", "gene",
    "job", "odd", "owe", "toy", "sad", "mad", "gun", "jet", "kin", "kit", "lot", "sol", "tan", "tea",
    "sep", "mac", "pol", "fem", "bog", "tit", "rem", "thi", "tri", "uno", "una", "eta", "sys", "ita",
    "ion", "dex", "puk", "ose", "angel", "summer", "honey", "crystal", "diamond", "amber", "ruby",
    "pearl", "holly", "daisy", "destiny", "heaven", "harmony", "trinity", "christian", "royal",
    "marshal", "bishop", "deacon", "judge", "sage", "chance", "ace", "cash", "reign", "messiah",
    "easter", "christmas", "rebel", "legend", "journey", "story", "forest", "storm", "rain", "snow",
    "spring", "berlin", "vienna", "sydney", "dallas", "austin", "houston", "jackson", "madison",
    "washington", "lincoln", "kennedy", "nixon", "carolina", "virginia", "dakota", "phoenix",
    "memory", "genesis", "serenity", "infinity", "lyric", "melody", "cherry", "candy", "ginger",
    "brandy", "misty", "sandy", "dusty", "rusty", "buddy", "colt", "hunter", "archer", "cooper",
    "mason", "carter", "taylor", "parker", "porter", "tucker", "baker", "fisher", "walker", "price",
    "banks", "case", "cross", "fox", "hall", "hill", "house", "lane", "park", "wood", "worth",
    "amen", "ami", "bonnie", "claire", "constance", "désiré", "aimé", "prudence", "modeste",
    "fortune", "clément", "félicité", "lois", "loi", "dieu", "juste", "ange", "aurore", "océane",
    "violette", "capucine", "mina", "nu", "van", "von", "de", "le", "la", "da", "del", "ben", "bin",
    "al", "el", "ibn", "abu", "mr", "mrs", "ms", "dr", "sir", "lady", "lord",
}


def plain(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).lower()


def names_in(path):
    """String constants of every `first_names*` assignment of a Faker provider."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if not any(t.startswith("first_names") for t in targets):
            continue
        for sub in ast.walk(node.value):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                out.append(sub.value)
    return out


def transliterate(name):
    out = []
    for c in name:
        low = c.lower()
        if low in CYRILLIC:
            t = CYRILLIC[low]
            out.append(t.capitalize() if c.isupper() else t)
        else:
            out.append(c)
    return "".join(out)


def read_stopwords():
    words = set()
    path = os.path.join(REPO, "crates", "vigie-kb", "data", "common_words.txt")
    for line in open(path, encoding="utf-8"):
        if not line.startswith("#"):
            words.update(plain(w) for w in line.split())
    return words | EXTRA_STOP


SHORT_KEEP = {"Bo", "Jo", "Li", "Xi", "Yu", "Vũ", "Hà"}


def kb_place_names():
    """Folded names of the knowledge base's places: "Milan", "Florence" are not given names here."""
    import json
    out = set()
    for fname in ("countries.jsonl", "cities.jsonl", "regions.jsonl"):
        for line in open(os.path.join(KB_DIR, fname), encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                a = json.loads(line)
                out.update(plain(n) for n in list(a["names"].values()) + a.get("aliases", []))
    return out


def acceptable(name, stop):
    if not name[:1].isupper() or (len(name) <= 2 and name not in SHORT_KEEP):
        return False
    if not all(c.isalpha() or c in "-'" for c in name):
        return False
    return plain(name) not in stop


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    person = os.path.join(sys.argv[1], "providers", "person")
    candidates = []
    for loc in LATIN_LOCALES:
        candidates += names_in(os.path.join(person, loc, "__init__.py"))
    for loc in CYRILLIC_LOCALES:
        candidates += [transliterate(n) for n in names_in(os.path.join(person, loc, "__init__.py"))]
    for line in open(os.path.join(HERE, "given_names_extra.txt"), encoding="utf-8"):
        if not line.startswith("#"):
            candidates += line.split()
    stop = read_stopwords() | kb_place_names()
    names = sorted({n.strip() for n in candidates if acceptable(n.strip(), stop)},
                   key=lambda n: (plain(n), n))
    path = os.path.join(KB_DIR, "given_names.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Given names, one per line, used to recognise people absent from the knowledge base.\n")
        f.write("# Generated by scripts/kb/given_names.py from the first-name lists of Faker\n")
        f.write("# (https://github.com/joke2k/faker, MIT licence, Copyright (c) 2012 Daniele Faraglia),\n")
        f.write("# Russian/Ukrainian/Bulgarian lists transliterated, plus scripts/kb/given_names_extra.txt\n")
        f.write("# (written for Vigie). Words frequent in news text are left out. Do not edit by hand.\n")
        for n in names:
            f.write(n + "\n")
    print(f"{path}: {len(names)} names")


if __name__ == "__main__":
    main()
