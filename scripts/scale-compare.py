#!/usr/bin/env python3
"""Compares what the workers stored in PostgreSQL with a single-process
ingest of the same documents, for scripts/scale-test.

Usage: scripts/scale-compare.py PG_ROWS.tsv STORE_DIR EXPECTED_DOCS

PG_ROWS.tsv: doc_id, duplicate_of, story of every stored document, in
commit order (what `psql -At -F $'\\t'` prints). STORE_DIR: an embedded
store built by `vigie ingest` from the same documents in that order.

Checks, printing one line each and exiting 1 when one fails:
  * every document is stored exactly once (0 lost, 0 duplicated);
  * each document is the duplicate of the same earlier document in both;
  * stories are the same partition of the documents in both (story ids
    are compared as groups: what matters is which documents share one).
"""
import collections
import sqlite3
import sys


def partition(rows):
    """Story groups as frozensets of doc ids, keyed by doc id."""
    groups = collections.defaultdict(set)
    for doc, _, story in rows:
        groups[story].add(doc)
    return {doc: frozenset(members) for members in groups.values() for doc in members}


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    pg_path, store_dir, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(pg_path, encoding="utf-8") as f:
        pg = [tuple(line.rstrip("\n").split("\t")) for line in f if line.strip()]
    pg = [(doc, dup or None, story) for doc, dup, story in pg]
    db = sqlite3.connect(f"file:{store_dir}/vigie.sqlite?mode=ro", uri=True)
    one = [(doc, dup, story) for doc, dup, story in
           db.execute("SELECT doc_id, duplicate_of, story FROM documents ORDER BY seq")]

    ids = [doc for doc, _, _ in pg]
    distinct = set(ids)
    lost = expected - len(distinct)
    duplicated = len(ids) - len(distinct)
    failed = False

    def report(ok, line):
        nonlocal failed
        failed |= not ok
        print(("ok    " if ok else "FAIL  ") + line)

    report(lost == 0 and duplicated == 0,
           f"stored: {len(distinct)} of {expected} documents, {lost} lost, {duplicated} duplicated")
    pg_dup = {doc: dup for doc, dup, _ in pg}
    one_dup = {doc: dup for doc, dup, _ in one}
    differ = [doc for doc in pg_dup if pg_dup[doc] != one_dup.get(doc)]
    relays = sum(1 for dup in pg_dup.values() if dup)
    groups = len({dup for dup in pg_dup.values() if dup})
    report(not differ and len(one_dup) == len(pg_dup),
           f"duplicates: {relays} relays in {groups} groups, {len(differ)} differ from one process")
    pg_stories, one_stories = partition(pg), partition(one)
    story_differ = {pg_stories[doc] for doc in pg_stories if pg_stories[doc] != one_stories.get(doc)}
    report(not story_differ,
           f"stories: {len(set(pg_stories.values()))} in PostgreSQL, "
           f"{len(set(one_stories.values()))} in one process, {len(story_differ)} groups differ")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
