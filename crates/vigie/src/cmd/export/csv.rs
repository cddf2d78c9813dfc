//! Events and quotes as CSV for spreadsheets (RFC 4180: comma-separated,
//! double quotes around a cell holding a comma, quote or line break, quotes
//! doubled inside; CRLF line ends; a header line first).
//!
//! A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
//! is written with a leading `'`: spreadsheets would otherwise run it as a
//! formula (OWASP's advice against CSV injection). Numbers are written as they
//! are, so a negative Goldstein value stays a number.

use std::io::Write;

use anyhow::Result;
use vigie_doc::Doc;

/// Columns of `--format csv-events`, one row per event.
pub const EVENT_COLUMNS: &[&str] = &[
    "doc_id",
    "published",
    "outlet",
    "url",
    "event",
    "date",
    "actor",
    "actor_name",
    "actor_code",
    "action",
    "cameo",
    "cameo_code",
    "goldstein",
    "quad_class",
    "target",
    "target_name",
    "target_code",
    "place",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "evidence_start",
    "evidence_end",
    "evidence",
];

/// Columns of `--format csv-quotes`, one row per quote.
pub const QUOTE_COLUMNS: &[&str] = &[
    "doc_id",
    "published",
    "outlet",
    "url",
    "quote",
    "kind",
    "speaker",
    "speaker_name",
    "cue",
    "start",
    "end",
    "text",
];

/// A cell: text, which may need quoting and defusing, or a number.
enum Cell<'a> {
    Text(&'a str),
    Number(String),
}

fn text(s: Option<&str>) -> Cell<'_> {
    Cell::Text(s.unwrap_or(""))
}

fn number(n: impl ToString) -> Cell<'static> {
    Cell::Number(n.to_string())
}

fn write_row(out: &mut impl Write, cells: &[Cell]) -> Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        match cell {
            Cell::Number(n) => out.write_all(n.as_bytes())?,
            Cell::Text(t) => {
                let defuse = t.starts_with(['=', '+', '-', '@', '\t', '\r']);
                let quote = defuse || t.contains([',', '"', '\n', '\r']);
                if quote {
                    out.write_all(b"\"")?;
                }
                if defuse {
                    out.write_all(b"'")?;
                }
                out.write_all(t.replace('"', "\"\"").as_bytes())?;
                if quote {
                    out.write_all(b"\"")?;
                }
            }
        }
    }
    out.write_all(b"\r\n")?;
    Ok(())
}

/// The header line of a CSV table.
pub fn header(out: &mut impl Write, columns: &[&str]) -> Result<()> {
    let cells: Vec<Cell> = columns.iter().map(|c| Cell::Text(c)).collect();
    write_row(out, &cells)
}

/// One row per event of the record.
pub fn events(out: &mut impl Write, doc: &Doc) -> Result<()> {
    let url = doc.source.url.as_deref().or(doc.source.path.as_deref());
    for (i, ev) in doc.events.iter().enumerate() {
        let action = serde_json::to_value(ev.action)?;
        let place = ev.place.as_ref();
        let place_name = place.and_then(|p| {
            doc.entities
                .iter()
                .find(|e| e.id == p.entity)
                .map(|e| e.canonical.as_str())
        });
        let evidence = doc.text.as_deref().map(|t| ev.evidence.slice(t));
        write_row(
            out,
            &[
                Cell::Text(&doc.doc_id),
                text(doc.published.as_deref()),
                text(doc.source.outlet.as_deref()),
                text(url),
                number(i),
                text(ev.date.as_deref()),
                Cell::Text(&ev.actor),
                Cell::Text(&ev.actor_name),
                text(ev.actor_code.as_deref()),
                text(action.as_str()),
                Cell::Text(&ev.cameo),
                text(ev.cameo_code.as_deref()),
                number(ev.goldstein),
                number(ev.quad_class),
                text(ev.target.as_deref()),
                text(ev.target_name.as_deref()),
                text(ev.target_code.as_deref()),
                text(place.map(|p| p.entity.as_str())),
                text(place_name),
                text(place.map(|p| p.geo.country.as_str())),
                place.map_or(Cell::Text(""), |p| number(p.geo.lat)),
                place.map_or(Cell::Text(""), |p| number(p.geo.lon)),
                number(ev.evidence.start),
                number(ev.evidence.end),
                text(evidence),
            ],
        )?;
    }
    Ok(())
}

/// One row per quote of the record.
pub fn quotes(out: &mut impl Write, doc: &Doc) -> Result<()> {
    let url = doc.source.url.as_deref().or(doc.source.path.as_deref());
    for (i, q) in doc.quotes.iter().enumerate() {
        let kind = serde_json::to_value(q.kind)?;
        write_row(
            out,
            &[
                Cell::Text(&doc.doc_id),
                text(doc.published.as_deref()),
                text(doc.source.outlet.as_deref()),
                text(url),
                number(i),
                text(kind.as_str()),
                text(q.speaker.as_deref()),
                text(q.speaker_name.as_deref()),
                text(q.cue.as_deref()),
                number(q.start),
                number(q.end),
                Cell::Text(&q.text),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[Cell]) -> String {
        let mut out = Vec::new();
        write_row(&mut out, cells).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_are_quoted_only_when_needed_and_formulas_defused() {
        assert_eq!(
            row(&[
                Cell::Text("plain"),
                Cell::Text("a, b"),
                Cell::Text("say \"no\""),
                Cell::Text("two\nlines"),
                number(-5.0),
            ]),
            "plain,\"a, b\",\"say \"\"no\"\"\",\"two\nlines\",-5\r\n"
        );
        assert_eq!(
            row(&[
                Cell::Text("=HYPERLINK(\"x\")"),
                Cell::Text("-- dash"),
                Cell::Text("@a")
            ]),
            "\"'=HYPERLINK(\"\"x\"\")\",\"'-- dash\",\"'@a\"\r\n"
        );
    }
}
