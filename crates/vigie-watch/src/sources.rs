//! The SOURCES file: one source a line, a URL then optionally the outlet's
//! name; `#` starts a comment, blank lines are ignored.
//!
//! ```text
//! # French national press
//! https://www.lemonde.fr/rss/une.xml        Le Monde
//! https://www.example.org/sitemap-news.xml  Example News
//! https://www.example.com/                  # a home page: its feeds are found
//! ```

use std::path::Path;

use crate::Error;

/// One line of the SOURCES file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    /// A feed, a (news) sitemap or sitemap index, or a home page.
    pub url: String,
    /// The outlet's name, as the user wrote it.
    pub outlet: Option<String>,
}

/// Reads and parses a SOURCES file.
pub fn read_sources(path: &Path) -> Result<Vec<SourceLine>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_sources(&text)
}

/// Parses the text of a SOURCES file. A line that is not an http(s) URL is
/// an error naming the line; a URL given twice is kept once.
pub fn parse_sources(text: &str) -> Result<Vec<SourceLine>, Error> {
    let mut out: Vec<SourceLine> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        // A `#` inside a URL is a fragment, not a comment, only when it is
        // glued to the URL; fragments never matter for fetching, so cutting
        // there is harmless.
        let mut words = line.split_whitespace();
        let Some(url) = words.next() else { continue };
        let parsed = url::Url::parse(url).map_err(|e| Error::Sources {
            line: i + 1,
            reason: format!("{url:?} is not a URL ({e})"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(Error::Sources {
                line: i + 1,
                reason: format!("{url:?} is not an http(s) URL"),
            });
        }
        let outlet = words.collect::<Vec<_>>().join(" ");
        if out.iter().any(|s| s.url == parsed.as_str()) {
            continue;
        }
        out.push(SourceLine {
            url: parsed.to_string(),
            outlet: (!outlet.is_empty()).then_some(outlet),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_outlets_comments_and_blank_lines() {
        let text = "# my sources\n\nhttps://a.example/feed.xml   La Gazette du Nord\n\
                    http://b.example/  # home page\n  https://a.example/feed.xml dup\n";
        let s = parse_sources(text).unwrap();
        assert_eq!(
            s,
            vec![
                SourceLine {
                    url: "https://a.example/feed.xml".into(),
                    outlet: Some("La Gazette du Nord".into())
                },
                SourceLine {
                    url: "http://b.example/".into(),
                    outlet: None
                },
            ]
        );
    }

    #[test]
    fn a_line_that_is_no_url_names_its_line() {
        let err = parse_sources("https://a.example/\nftp://x.example/f\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: \"ftp://x.example/f\" is not an http(s) URL"
        );
        assert!(parse_sources("not a url").is_err());
    }
}
