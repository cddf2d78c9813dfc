#!/usr/bin/env python3
"""Reads Vigie's GDELT and PLOVER exports back as a GDELT user would, and checks them against
the records they came from.

usage: scripts/exports/check.py RECORDS.jsonl DIR
  DIR holds events.tsv, mentions.tsv, gkg.tsv (vigie export --format gdelt-…, no header),
  plover.jsonl, events.csv and quotes.csv (--format csv-events, csv-quotes). Needs pandas and
  jsonschema (pip install pandas jsonschema).

The column names and types below are written from the GDELT 2.0 Event and GKG 2.1 codebooks,
independently of Vigie's Rust lists, so a column out of place fails here.
"""
import json
import os
import sys

import jsonschema
import pandas as pd

ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
         "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
EVENTS = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
          + ["Actor1" + c for c in ACTOR] + ["Actor2" + c for c in ACTOR]
          + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
             "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
          + ["Actor1Geo_" + c for c in GEO] + ["Actor2Geo_" + c for c in GEO]
          + ["ActionGeo_" + c for c in GEO] + ["DATEADDED", "SOURCEURL"])
MENTIONS = ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType",
            "MentionSourceName", "MentionIdentifier", "SentenceID", "Actor1CharOffset",
            "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen",
            "MentionDocTone", "MentionDocTranslationInfo", "Extras"]
GKG = ["GKGRECORDID", "DATE", "SourceCollectionIdentifier", "SourceCommonName",
       "DocumentIdentifier", "Counts", "V2Counts", "Themes", "V2Themes", "Locations",
       "V2Locations", "Persons", "V2Persons", "Organizations", "V2Organizations", "V2Tone",
       "Dates", "GCAM", "SharingImage", "RelatedImages", "SocialImageEmbeds",
       "SocialVideoEmbeds", "Quotations", "AllNames", "Amounts", "TranslationInfo", "Extras"]
# Codebook types: integers (nullable), floats, the rest text.
EVENT_TYPES = {c: "Int64" for c in ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent",
                                     "QuadClass", "NumMentions", "NumSources", "NumArticles",
                                     "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED"]}
EVENT_TYPES |= {c: "float64" for c in ["FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat",
                                        "Actor1Geo_Long", "Actor2Geo_Lat", "Actor2Geo_Long",
                                        "ActionGeo_Lat", "ActionGeo_Long"]}
MENTION_TYPES = {c: "Int64" for c in ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType",
                                       "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
                                       "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen"]}
MENTION_TYPES["MentionDocTone"] = "float64"


def read(path, names, types):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            cols = line.rstrip("\n").split("\t")
            assert len(cols) == len(names), f"{path}:{n}: {len(cols)} columns, want {len(names)}"
    return pd.read_csv(path, sep="\t", header=None, names=names, quoting=3, keep_default_na=False,
                       na_values=[""], dtype={c: t for c, t in types.items()} | {
                           c: "string" for c in names if c not in types})


def main():
    records = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    records = [r for r in records if "doc_id" in r]
    d = sys.argv[2]
    ev = read(os.path.join(d, "events.tsv"), EVENTS, EVENT_TYPES)
    n_events = sum(len(r.get("events", [])) for r in records)
    assert len(ev) == n_events, (len(ev), n_events)
    assert ev["GLOBALEVENTID"].is_unique
    assert ev["SQLDATE"].dropna().astype(str).str.fullmatch(r"(19|20)\d{6}").all()
    assert ev["DATEADDED"].dropna().astype(str).str.fullmatch(r"\d{8}000000").all()
    assert ev["QuadClass"].between(1, 4).all()
    assert ev["ActionGeo_Lat"].dropna().between(-90, 90).all()
    # Row by row against the records, in order.
    i = 0
    for r in records:
        for e in r.get("events", []):
            row = ev.iloc[i]
            assert row["EventRootCode"] == e["cameo"], (row["EventRootCode"], e["cameo"])
            assert row["Actor1Name"] == e["actor_name"].upper()
            assert abs(row["GoldsteinScale"] - e["goldstein"]) < 1e-9
            place = e.get("place")
            if place:
                assert abs(row["ActionGeo_Lat"] - place["geo"]["lat"]) < 1e-3
                assert row["ActionGeo_FullName"] == place["geo"]["full_name"]
            else:
                assert pd.isna(row["ActionGeo_Type"])
            i += 1
    me = read(os.path.join(d, "mentions.tsv"), MENTIONS, MENTION_TYPES)
    assert len(me) == n_events and (me["GLOBALEVENTID"].values == ev["GLOBALEVENTID"].values).all()
    assert (me["MentionType"] == 1).all()
    gkg = read(os.path.join(d, "gkg.tsv"), GKG, {"SourceCollectionIdentifier": "Int64", "DATE": "Int64"})
    assert len(gkg) == len(records), (len(gkg), len(records))
    for (_, row), r in zip(gkg.iterrows(), records):
        persons = {e["canonical"] for e in r["entities"] if e["type"] == "person"}
        got = set(row["Persons"].split(";")) if not pd.isna(row["Persons"]) else set()
        assert got == {p.replace(";", " ").replace(",", " ").replace("#", " ") for p in persons}, (got, persons)
        if not pd.isna(row["V2Tone"]):
            assert len(row["V2Tone"].split(",")) == 7
            assert abs(float(row["V2Tone"].split(",")[0]) - r["tone"]["score"]) < 1e-5
        if not pd.isna(row["V2Locations"]):
            for loc in row["V2Locations"].split(";"):
                assert len(loc.split("#")) == 9, loc
    schema = json.load(open(os.path.join(os.path.dirname(__file__), "plover.schema.json")))
    plover = [json.loads(l) for l in open(os.path.join(d, "plover.jsonl"), encoding="utf-8")]
    for p in plover:
        jsonschema.validate(p, schema)
    csv_events, csv_quotes = check_csv(records, d)
    print(f"{len(ev)} events, {len(me)} mentions, {len(gkg)} GKG rows, {len(plover)} PLOVER events, "
          f"{csv_events} CSV events, {csv_quotes} CSV quotes: columns, types, dates and rows match "
          "the records")


# The spreadsheet tables: a header line, then one row per event or quote, numbers as numbers.
CSV_EVENTS = {"doc_id": "string", "published": "string", "outlet": "string", "url": "string",
              "event": "Int64", "date": "string", "actor": "string", "actor_name": "string",
              "actor_code": "string", "action": "string", "cameo": "string", "cameo_code": "string",
              "goldstein": "float64", "quad_class": "Int64", "target": "string",
              "target_name": "string", "target_code": "string", "place": "string",
              "place_name": "string", "place_country": "string", "lat": "float64", "lon": "float64",
              "evidence_start": "Int64", "evidence_end": "Int64", "evidence": "string"}
CSV_QUOTES = {"doc_id": "string", "published": "string", "outlet": "string", "url": "string",
              "quote": "Int64", "kind": "string", "speaker": "string", "speaker_name": "string",
              "cue": "string", "start": "Int64", "end": "Int64", "text": "string"}


def read_csv(path, types):
    table = pd.read_csv(path, dtype=types, keep_default_na=False, na_values=[""])
    assert list(table.columns) == list(types), (path, list(table.columns))
    return table


def cell(value):
    """A text cell as Vigie wrote it, without the quote that keeps a spreadsheet from running it."""
    if pd.isna(value):
        return ""
    return value[1:] if value[:2] in {"'" + c for c in "=+-@"} else value


def check_csv(records, d):
    ev = read_csv(os.path.join(d, "events.csv"), CSV_EVENTS)
    rows = [(r, i, e) for r in records for i, e in enumerate(r.get("events", []))]
    assert len(ev) == len(rows), (len(ev), len(rows))
    for (_, row), (r, i, e) in zip(ev.iterrows(), rows):
        assert (row["doc_id"], row["event"], row["actor"]) == (r["doc_id"], i, e["actor"])
        assert row["action"] == e["action"] and row["cameo"] == e["cameo"]
        assert abs(row["goldstein"] - e["goldstein"]) < 1e-9 and row["quad_class"] == e["quad_class"]
        assert (row["evidence_start"], row["evidence_end"]) == (e["evidence"]["start"], e["evidence"]["end"])
        if "text" in r:
            span = r["text"].encode()[e["evidence"]["start"]:e["evidence"]["end"]].decode()
            assert cell(row["evidence"]) == span, (row["evidence"], span)
        place = e.get("place")
        assert pd.isna(row["lat"]) if not place else abs(row["lat"] - place["geo"]["lat"]) < 1e-9
    qu = read_csv(os.path.join(d, "quotes.csv"), CSV_QUOTES)
    rows = [(r, i, q) for r in records for i, q in enumerate(r.get("quotes", []))]
    assert len(qu) == len(rows), (len(qu), len(rows))
    for (_, row), (r, i, q) in zip(qu.iterrows(), rows):
        assert (row["doc_id"], row["quote"], row["kind"]) == (r["doc_id"], i, q["kind"])
        assert cell(row["text"]) == q["text"], (row["text"], q["text"])
        assert cell(row["speaker"]) == (q.get("speaker") or "")
    return len(ev), len(qu)


if __name__ == "__main__":
    main()
