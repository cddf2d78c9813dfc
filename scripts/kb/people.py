#!/usr/bin/env python3
"""Generates kb/people.jsonl from people.txt (hand-kept).

Role templates (PRES:RUS, FM:FRA...) are expanded in English and French with the
country adjectives of kb/countries.jsonl, agreeing with the person's gender.
People with a Cyrillic alias also get the usual Latin transliterations of their
given name combined with every spelling of their surname.
Run after countries.py: python3 scripts/kb/people.py
"""

import json
import os
import re

from kbutil import KB_DIR, actor, clean_aliases, slug, write_jsonl

HERE = os.path.dirname(os.path.abspath(__file__))

# Usual romanisations of Slavic given names, French press spelling included.
GIVEN_VARIANTS = [
    ["Sergei", "Sergey", "Serguei", "Sergueï", "Sergej"],
    ["Serhiy", "Serhii", "Sergiy", "Serguiï", "Serhij"],
    ["Dmitry", "Dmitri", "Dmitriy", "Dmitrii"],
    ["Dmytro", "Dmitro"],
    ["Alexander", "Aleksandr", "Alexandre", "Alexandr"],
    ["Oleksandr", "Olexandr", "Oleksander"],
    ["Yuri", "Yury", "Iouri", "Youri", "Yuriy", "Yurii"],
    ["Mikhail", "Mikhaïl", "Michail"],
    ["Mykhailo", "Mykhaïlo", "Mykhaylo"],
    ["Nikolai", "Nikolaï", "Nikolay"],
    ["Andrei", "Andreï", "Andrey"],
    ["Andriy", "Andrii", "Andriï", "Andrij"],
    ["Alexei", "Alexeï", "Alexey", "Aleksei", "Aleksey"],
    ["Oleksiy", "Oleksii", "Oleksiï", "Oleksij"],
    ["Yevgeny", "Evgueni", "Evgeny", "Evgeni", "Ievgueni", "Yevgeniy"],
    ["Vyacheslav", "Viatcheslav", "Vyatcheslav"],
    ["Valery", "Valéri", "Valeri", "Valeriy", "Valerii"],
    ["Vitaly", "Vitali", "Vitaliy", "Vitalii"],
    ["Anatoly", "Anatoli", "Anatoliy", "Anatolii"],
    ["Vasily", "Vassili", "Vasili", "Vasiliy", "Vassily"],
    ["Vasyl", "Vassyl"],
    ["Yulia", "Ioulia", "Youlia", "Yuliya", "Yuliia"],
    ["Maria", "Mariya"],
    ["Maxim", "Maxime", "Maksim"],
    ["Denys", "Denis"],
    ["Ruslan", "Rouslan"],
    ["Rustem", "Roustem"],
    ["Ihor", "Igor"],
    ["Arseniy", "Arseni", "Arsenii", "Arseny"],
    ["Oleg", "Oleh"],
    ["Heorhii", "Heorhiy", "Heorhiï", "Georgiy"],
    ["Volodymyr", "Volodimir", "Wolodymyr"],
    ["Vladimir", "Wladimir"],
    ["Svetlana", "Sviatlana"],
    ["Nursultan", "Noursoultan"],
    ["Kassym-Jomart", "Kassym-Zhomart", "Qasym-Jomart"],
]

TEMPLATES = {
    # key: (English, French masculine, French feminine); {A}: English adjective,
    # {m}/{f}: French masculine/feminine adjective.
    "PRES": (["{A} president"], ["président {m}"], ["présidente {f}"]),
    "VP": (["{A} vice president"], ["vice-président {m}"], ["vice-présidente {f}"]),
    "PM": (["{A} prime minister"], ["Premier ministre {m}"], ["Première ministre {f}"]),
    "CHAN": (["{A} chancellor"], ["chancelier {m}"], ["chancelière {f}"]),
    "FM": (["{A} foreign minister"],
           ["ministre {m} des Affaires étrangères", "chef de la diplomatie {f}"],
           ["ministre {f} des Affaires étrangères", "cheffe de la diplomatie {f}"]),
    "DM": (["{A} defence minister"], ["ministre {m} de la Défense"], ["ministre {f} de la Défense"]),
    "FC": (["{A} federal councillor"], ["conseiller fédéral"], ["conseillère fédérale"]),
}
EXTRA = {
    ("PRES", "FRA"): (["French president"], ["président de la République"], ["présidente de la République"]),
    ("PRES", "RUS"): ([], ["chef du Kremlin"], []),
    ("FM", "GBR"): (["British Foreign Secretary"], [], []),
    ("FM", "USA"): (["US Secretary of State"], [], []),
}
EN_ADJECTIVE = {"USA": "US", "XKX": "Kosovo", "PSE": "Palestinian"}


def country_adjectives():
    out = {}
    with open(os.path.join(KB_DIR, "countries.jsonl"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            c = json.loads(line)
            dem = c.get("demonyms", {})
            if not dem.get("en") or not dem.get("fr"):
                continue
            fr = dem["fr"]
            masc = fr[0]
            fem = next((w for w in fr[1:] if w.islower() and not w.endswith("s")), masc)
            out[c["code"]] = (EN_ADJECTIVE.get(c["code"], dem["en"][0]), masc, fem)
    return out


def expand_roles(items, gender, adjectives, where):
    en, fr = [], []
    for item in items:
        if item.startswith("en:"):
            en.append(item[3:])
        elif item.startswith("fr:"):
            fr.append(item[3:])
        else:
            key, _, country = item.partition(":")
            if key not in TEMPLATES or country not in adjectives:
                raise SystemExit(f"{where}: unknown role {item!r}")
            adj_en, adj_m, adj_f = adjectives[country]
            t_en, t_m, t_f = TEMPLATES[key]
            x_en, x_m, x_f = EXTRA.get((key, country), ([], [], []))
            en += [t.format(A=adj_en) for t in t_en] + x_en
            fr_templates = (t_f + x_f) if gender == "f" else (t_m + x_m)
            fr += [t.format(m=adj_m, f=adj_f) for t in fr_templates]
    dedup = lambda xs: list(dict.fromkeys(xs))  # noqa: E731
    return {"en": dedup(en), "fr": dedup(fr)}


def has_cyrillic(text):
    return re.search("[\u0400-\u04ff]", text) is not None


def transliterations(names, surname_variants):
    """Given-name spellings crossed with surname spellings, for Slavic names."""
    givens, surnames = [], list(surname_variants)
    for name in names:
        parts = name.split(" ", 1)
        if len(parts) != 2:
            return []
        givens.append(parts[0])
        surnames.append(parts[1])
    for group in GIVEN_VARIANTS:
        if any(g in group for g in givens):
            givens += group
    givens = list(dict.fromkeys(givens))
    surnames = list(dict.fromkeys(surnames))
    return [f"{g} {s}" for g in givens for s in surnames]


def main():
    adjectives = country_adjectives()
    actors = []
    with open(os.path.join(HERE, "people.txt"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.split("|")]
            if len(cols) != 6:
                raise SystemExit(f"people.txt:{n}: expected 6 columns, got {len(cols)}")
            en, fr, gender, code, roles, aliases = cols
            if gender not in ("m", "f"):
                raise SystemExit(f"people.txt:{n}: gender must be m or f")
            names = {"en": en, "fr": fr or en}
            alias_list = [a for a in aliases.split(";") if a]
            surname_variants = [a[1:] for a in alias_list if a.startswith("~")]
            alias_list = [a for a in alias_list if not a.startswith("~")]
            if any(has_cyrillic(a) for a in alias_list):
                alias_list += transliterations(list(dict.fromkeys(names.values())), surname_variants)
            actors.append(actor(
                id=f"person:{slug(en)}", type="person", names=names,
                aliases=clean_aliases(names, alias_list),
                roles=expand_roles([r for r in roles.split(";") if r], gender, adjectives,
                                   f"people.txt:{n}"),
                code=code or None, gender=gender))
    actors.sort(key=lambda a: a["id"])
    write_jsonl("people.jsonl", actors, """
People in office (heads of state and government, ministers, spokespeople, heads of
international organisations, envoys...) at some time from 2014 to 2026.
Generated by scripts/kb/people.py from scripts/kb/people.txt (written for Vigie). Do not edit by hand.
""")


if __name__ == "__main__":
    main()
