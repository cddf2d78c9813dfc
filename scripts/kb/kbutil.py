"""Shared helpers of the knowledge-base generators (python3 stdlib only)."""

import json
import os
import re
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KB_DIR = os.path.join(REPO, "kb")

KEY_ORDER = ["id", "type", "subtype", "names", "aliases", "demonyms", "roles",
             "code", "gender", "stands_for"]


def ascii_fold(text):
    """Lowercase ASCII of a name, accents removed (for slugs)."""
    text = text.replace("ß", "ss").replace("œ", "oe").replace("æ", "ae")
    text = text.replace("Œ", "Oe").replace("Æ", "Ae").replace("ø", "o").replace("Ø", "O")
    text = text.replace("ı", "i").replace("ł", "l").replace("Ł", "L").replace("đ", "d")
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


def slug(name):
    """The id slug of an English name: lowercase ASCII words joined by hyphens."""
    s = re.sub(r"[^a-z0-9]+", "-", ascii_fold(name).replace("'", "")).strip("-")
    if not s:
        raise ValueError(f"empty slug for {name!r}")
    return s


def fold_key(text):
    """Rough equivalent of vigie_kb::fold for de-duplication of Latin names."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_fold(text)).split())


def is_all_caps(text):
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def clean_aliases(names, aliases):
    """Drops empty aliases, repeats, and those that add nothing to the names.

    Two spellings that fold alike are both kept when one is all capitals and
    the other not, because the entity matcher treats all-capital aliases as
    case-sensitive ("US" is not "us").
    """
    seen = {(fold_key(n), is_all_caps(n)) for n in names.values()}
    seen_exact = set(names.values())
    out = []
    for a in aliases:
        a = a.strip()
        if not a or a in seen_exact:
            continue
        key = (fold_key(a), is_all_caps(a))
        # Non-Latin scripts fold to "" here; keep them, the Rust fold transliterates.
        if key[0] and key in seen:
            continue
        seen.add(key)
        seen_exact.add(a)
        out.append(a)
    return out


def actor(**fields):
    """An actor dict with keys in the documented order and empty fields left out."""
    out = {}
    for key in KEY_ORDER:
        value = fields.get(key)
        if value in (None, "", [], {}):
            continue
        out[key] = value
    unknown = set(fields) - set(KEY_ORDER)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    return out


def write_jsonl(filename, actors, header):
    """Writes kb/<filename>, one actor per line, after `# ` header lines."""
    ids = set()
    for a in actors:
        if a["id"] in ids:
            raise ValueError(f"duplicate id {a['id']}")
        ids.add(a["id"])
    path = os.path.join(KB_DIR, filename)
    with open(path, "w", encoding="utf-8") as f:
        for line in header.strip().splitlines():
            f.write(f"# {line}\n" if line else "#\n")
        for a in actors:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"{path}: {len(actors)} actors")
