//! The state of each followed source as a table for `vigie watch --status`.

use std::fmt::Write;

use vigie_store::SourceState;

/// A Unix time as "2026-03-03 08:00:00Z", or "-".
pub fn time(t: Option<i64>) -> String {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map_or_else(
            || "-".to_owned(),
            |d| d.format("%Y-%m-%d %H:%M:%SZ").to_string(),
        )
}

/// One block per source: URL and outlet, kind, last poll and success, next
/// poll, articles (last poll, total), failed articles and the last error.
pub fn render(states: &[SourceState]) -> String {
    let mut out = String::new();
    if states.is_empty() {
        out.push_str("no source polled yet in this store\n");
        return out;
    }
    for s in states {
        let _ = writeln!(
            out,
            "{}{}",
            s.url,
            s.outlet
                .as_deref()
                .map_or_else(String::new, |o| format!("  ({o})"))
        );
        let _ = writeln!(
            out,
            "  kind {}  polls {}  last poll {}  last success {}  next poll {}",
            s.kind.as_deref().unwrap_or("?"),
            s.polls,
            time(s.last_poll),
            time(s.last_success),
            time(s.next_poll)
        );
        let _ = writeln!(
            out,
            "  new articles {} (last poll), {} in all; {} failed; unchanged polls in a row {}",
            s.new_last, s.articles, s.failures, s.unchanged
        );
        if let Some(e) = &s.last_error {
            let _ = writeln!(out, "  last error ({} in a row): {e}", s.errors);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_source_shows_its_error() {
        let s = SourceState {
            url: "http://a.example/feed".into(),
            outlet: Some("A".into()),
            last_poll: Some(0),
            errors: 2,
            last_error: Some("HTTP 500".into()),
            ..SourceState::default()
        };
        let text = render(&[s]);
        assert!(text.starts_with("http://a.example/feed  (A)\n"), "{text}");
        assert!(text.contains("last poll 1970-01-01 00:00:00Z"), "{text}");
        assert!(text.contains("last error (2 in a row): HTTP 500"), "{text}");
        assert_eq!(render(&[]), "no source polled yet in this store\n");
    }
}
