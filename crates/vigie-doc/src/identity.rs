//! A document's identity: the publication, not the body.
//!
//! The same wire dispatch run by three outlets is three publications, three
//! records; what they share is their [`crate::body_digest`], and the
//! duplicate detector links them. Identity is taken, in this order, from
//! what names the publication best:
//!
//! 1. the caller's own `id` (a JSON Lines `id`), which the caller promises
//!    is unique;
//! 2. the article's URL, normalised ([`normalize_url`]) so that the same
//!    page shared with tracking parameters, a fragment, another scheme or
//!    host case is one publication;
//! 3. the source path with the record's position in it (`feed.jsonl:12`,
//!    `crawl.warc#3`, `article.txt`);
//! 4. the body digest, for input that names no place (stdin).
//!
//! Each key is hashed with its kind as a prefix, so an `id` that happens to
//! read like a URL never meets that URL, and every `doc_id` has the same
//! shape (32 hex digits) whatever its origin.

use sha2::{Digest, Sha256};

use crate::Source;

/// Query parameters that say how a reader reached a page, not which page it
/// is: analytics campaign tags and click identifiers. Compared in lowercase;
/// an entry ending in `_` is a prefix (`utm_source`, `utm_medium`, …).
const TRACKING: &[&str] = &[
    "utm_", "at_", "ns_", "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "xtor", "ocid", "cmpid", "wt.mc_id",
];

/// The stable identifier of the publication `source` names; `body_digest`
/// (see [`crate::body_digest`]) is the last resort when it names none.
pub fn doc_id(source: &Source, body_digest: &str) -> String {
    match publication_key(source) {
        Some(key) => hex16(key.as_bytes()),
        None => body_digest.to_owned(),
    }
}

/// What identifies the publication, with its kind as a prefix (`id:`,
/// `url:`, `path:`), or `None` when the source names nothing better than
/// its body.
pub fn publication_key(source: &Source) -> Option<String> {
    if let Some(id) = source
        .id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        return Some(format!("id:{id}"));
    }
    if let Some(url) = source.url.as_deref().and_then(normalize_url) {
        return Some(format!("url:{url}"));
    }
    source
        .path
        .as_deref()
        .filter(|p| names_a_place(p))
        .map(|p| format!("path:{p}"))
}

/// False for standard input (`-`, `-:3`, `-#2`): the same position there
/// holds whatever was piped in that day.
fn names_a_place(path: &str) -> bool {
    let rest = match path.strip_prefix('-') {
        Some(rest) => rest,
        None => return !path.is_empty(),
    };
    !(rest.is_empty()
        || rest
            .strip_prefix([':', '#'])
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())))
}

/// An absolute URL reduced to what names the page: no scheme (`http` and
/// `https` serve one article), no user info, host in lowercase without a
/// trailing dot, a leading `www.` or a default port, path kept as written
/// (`/` when empty), query without tracking parameters and its remaining
/// parameters sorted, no fragment. `None` when `url` is not an absolute
/// URL with a host.
pub fn normalize_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port) = match host_port.rsplit_once(':') {
        // An IPv6 literal's colons are inside brackets.
        Some((h, p)) if !p.contains(']') => (h, Some(p)),
        _ => (host_port, None),
    };
    let mut host = host.trim_end_matches('.').to_lowercase();
    if let Some(bare) = host.strip_prefix("www.") {
        host = bare.to_owned();
    }
    if host.is_empty() {
        return None;
    }
    let default_port = match scheme.as_str() {
        "http" => Some("80"),
        "https" => Some("443"),
        _ => None,
    };
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let mut out = String::with_capacity(url.len());
    if !matches!(scheme.as_str(), "http" | "https") {
        out.push_str(&scheme);
        out.push_str("://");
    }
    out.push_str(&host);
    if let Some(p) = port.filter(|p| !p.is_empty() && Some(*p) != default_port) {
        out.push(':');
        out.push_str(p);
    }
    out.push_str(if path.is_empty() { "/" } else { path });
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !is_tracking(p))
        .collect();
    if !params.is_empty() {
        // Stable: repeated keys keep their order, which may matter.
        params.sort_by_key(|p| p.split_once('=').map_or(*p, |(k, _)| k));
        out.push('?');
        out.push_str(&params.join("&"));
    }
    Some(out)
}

fn is_tracking(param: &str) -> bool {
    let key = param
        .split_once('=')
        .map_or(param, |(k, _)| k)
        .to_ascii_lowercase();
    TRACKING.iter().any(|t| {
        if t.ends_with('_') {
            key.starts_with(t)
        } else {
            key == *t
        }
    })
}

/// First 16 bytes of the SHA-256 of `bytes`, in hex.
pub(crate) fn hex16(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(url: &str) -> String {
        normalize_url(url).unwrap_or_else(|| format!("none: {url}"))
    }

    #[test]
    fn tracking_parameters_go_and_the_rest_stays_sorted() {
        assert_eq!(
            norm("https://news.example/a/1.html?utm_source=rss&utm_medium=feed&page=2&fbclid=Ab9"),
            "news.example/a/1.html?page=2"
        );
        assert_eq!(
            norm("https://news.example/a?gclid=x&xtor=RSS-3&UTM_Campaign=y"),
            "news.example/a"
        );
        assert_eq!(
            norm("https://news.example/a?b=2&a=1"),
            norm("https://news.example/a?a=1&b=2")
        );
        // A parameter that only starts like a tracking one is kept.
        assert_eq!(norm("https://x.example/?atlas=1"), "x.example/?atlas=1");
        assert_eq!(
            norm("https://x.example/?_gallery=1"),
            "x.example/?_gallery=1"
        );
    }

    #[test]
    fn fragment_scheme_host_case_and_default_port_go() {
        let want = "lemonde.example/international/article/2022/02/10/x.html";
        for url in [
            "https://lemonde.example/international/article/2022/02/10/x.html",
            "http://lemonde.example/international/article/2022/02/10/x.html#comments",
            "HTTPS://WWW.LeMonde.Example/international/article/2022/02/10/x.html",
            "https://lemonde.example:443/international/article/2022/02/10/x.html",
            "http://lemonde.example:80/international/article/2022/02/10/x.html?utm_source=tw",
            "https://user@lemonde.example./international/article/2022/02/10/x.html",
        ] {
            assert_eq!(norm(url), want, "{url}");
        }
        // Path case is the server's business: kept.
        assert_ne!(
            norm("https://a.example/Story"),
            norm("https://a.example/story")
        );
        // Another port is another server.
        assert_eq!(norm("https://a.example:8443/s"), "a.example:8443/s");
        assert_eq!(norm("https://a.example"), "a.example/");
        assert_eq!(norm("https://a.example?id=3"), "a.example/?id=3");
    }

    #[test]
    fn what_is_not_an_absolute_url_has_no_normal_form() {
        for url in [
            "",
            "  ",
            "/relative/path",
            "example.com/a",
            "https://",
            "a b://c",
        ] {
            assert_eq!(normalize_url(url), None, "{url}");
        }
    }

    fn source(id: Option<&str>, url: Option<&str>, path: Option<&str>) -> Source {
        Source {
            id: id.map(str::to_owned),
            url: url.map(str::to_owned),
            path: path.map(str::to_owned),
            ..Source::default()
        }
    }

    #[test]
    fn identity_follows_id_then_url_then_path_then_body() {
        let body = crate::body_digest("Le texte de la dépêche.");
        let by_id = doc_id(
            &source(Some("afp-1"), Some("https://a.example/1"), None),
            &body,
        );
        assert_eq!(
            by_id,
            doc_id(&source(Some("afp-1"), None, Some("x.jsonl:9")), &body)
        );
        let by_url = doc_id(
            &source(None, Some("https://a.example/1?utm_source=x"), None),
            &body,
        );
        assert_eq!(
            by_url,
            doc_id(
                &source(None, Some("http://A.example/1#top"), Some("f:2")),
                &body
            )
        );
        assert_ne!(by_id, by_url);
        let by_path = doc_id(&source(None, None, Some("feed.jsonl:3")), &body);
        assert_ne!(
            by_path,
            doc_id(&source(None, None, Some("feed.jsonl:4")), &body)
        );
        // A URL that is not one falls through to the path.
        assert_eq!(
            by_path,
            doc_id(&source(None, Some("n/a"), Some("feed.jsonl:3")), &body)
        );
        // Standard input names no place: the body is the identity.
        for stdin in ["-", "-:3", "-#2"] {
            assert_eq!(doc_id(&source(None, None, Some(stdin)), &body), body);
        }
        assert_eq!(doc_id(&source(None, None, None), &body), body);
        // Kinds never meet: an id spelled like a path is another key.
        assert_ne!(
            doc_id(&source(Some("feed.jsonl:3"), None, None), &body),
            by_path
        );
    }

    #[test]
    fn identity_is_fixed_across_versions() {
        // Frozen: stores key on these; changing them makes every stored
        // publication look new.
        let body = crate::body_digest("x");
        assert_eq!(
            doc_id(&source(Some("afp-1"), None, None), &body),
            "18aa363bd0064748bb2c13faba47157d"
        );
        assert_eq!(
            doc_id(
                &source(None, Some("https://A.example/p?utm_medium=x#f"), None),
                &body
            ),
            "d93230456e9b3beb8bb2797b1683b097"
        );
        assert_eq!(
            doc_id(&source(None, None, Some("corpus/raw/003.txt")), &body),
            "5be22ddc3fcc870be02d89c3ac59266d"
        );
    }
}
