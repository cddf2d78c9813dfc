//! Polite HTTP: one request at a time per host with a delay between them,
//! robots.txt obeyed, conditional requests, `Retry-After` and exponential
//! backoff on 429/503, redirects followed one hop at a time (each hop goes
//! through the robots rules and the delay of its own host), timeouts and a
//! size limit on every body.
//!
//! The client is `ureq`: blocking (the watcher is one loop that already
//! waits between requests, so an async runtime would buy nothing), rustls
//! for TLS (no system OpenSSL), gzip and brotli bodies decoded, and the
//! size limit applies to the decoded bytes, so a compression bomb is cut.

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

use ureq::http::{StatusCode, header};
use url::Url;
use vigie_store::HttpCache;

use crate::FetchError;
use crate::robots::Robots;

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// `User-Agent` header, also the name matched in robots.txt groups.
    pub user_agent: String,
    /// Least time between the end of one request and the start of the next
    /// on the same host; a robots.txt `Crawl-delay` (up to a minute) can
    /// lengthen it.
    pub delay: Duration,
    /// Whole-request timeout, body included.
    pub timeout: Duration,
    /// Largest body, after decompression.
    pub max_bytes: u64,
    /// Redirects followed per request.
    pub max_redirects: u32,
    /// Longest backoff after repeated 429/503 answers.
    pub max_backoff: Duration,
    /// Longest wait for a host's turn; a host that asked for a longer pause
    /// is left for a later round ([`FetchError::Deferred`]).
    pub max_wait: Duration,
}

impl FetchConfig {
    /// The defaults: 1 s between requests per host, 30 s timeout, 10 MB.
    pub fn new(user_agent: String) -> FetchConfig {
        FetchConfig {
            user_agent,
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            max_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            max_backoff: Duration::from_secs(3600),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// The `User-Agent` of Vigie: its name and version, and how to reach the
/// person running it ("Vigie/0.1.0 (+mailto:desk@example.org)").
pub fn user_agent(contact: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match contact.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if c.contains('@') && !c.contains(':') => format!("Vigie/{version} (+mailto:{c})"),
        Some(c) => format!("Vigie/{version} (+{c})"),
        None => format!("Vigie/{version}"),
    }
}

/// A full answer.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL it came from, after redirects.
    pub url: Url,
    /// The body, decompressed.
    pub bytes: Vec<u8>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// Validators for the next conditional request.
    pub etag: Option<String>,
    /// Validators for the next conditional request.
    pub last_modified: Option<String>,
}

/// What a GET gave.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// A `2xx` answer with its body.
    Page(Page),
    /// `304 Not Modified`: what the validators name has not changed.
    NotModified,
}

/// Per host: when it may be asked next, its backoff and its robots rules.
#[derive(Default)]
struct Host {
    next: Option<Instant>,
    backoff: Duration,
    robots: Option<(Instant, Robots)>,
}

/// The longest Retry-After obeyed as given.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);
/// How long robots.txt rules are trusted before being fetched again.
const ROBOTS_TTL: Duration = Duration::from_secs(3600);
/// Largest robots.txt read (Google reads 500 KiB).
const ROBOTS_MAX_BYTES: u64 = 500 * 1024;
/// The longest `Crawl-delay` obeyed as given; longer ones are cut to this.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// Fetches URLs politely; one per program, so every host's delay holds
/// across all the sources that point at it.
pub struct Fetcher {
    agent: ureq::Agent,
    cfg: FetchConfig,
    hosts: HashMap<String, Host>,
}

impl Fetcher {
    /// A fetcher with this configuration.
    pub fn new(cfg: FetchConfig) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .user_agent(cfg.user_agent.as_str())
            .timeout_global(Some(cfg.timeout))
            // Redirects are followed here, hop by hop, so that each hop
            // obeys its host's robots.txt and delay.
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .new_agent();
        Fetcher {
            agent,
            cfg,
            hosts: HashMap::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// When the host of `url` may be asked next (now if it may already).
    pub fn ready_at(&self, url: &str) -> Instant {
        let now = Instant::now();
        Url::parse(url)
            .ok()
            .and_then(|u| self.hosts.get(&host_key(&u)))
            .and_then(|h| h.next)
            .map_or(now, |t| t.max(now))
    }

    /// GETs `url`, conditionally when `cache` holds validators for it.
    pub fn get(&mut self, url: &str, cache: Option<&HttpCache>) -> Result<Fetched, FetchError> {
        let mut current = parse_http(url)?;
        for hop in 0..=self.cfg.max_redirects {
            if !self.robots_allow(&current)? {
                return Err(FetchError::Robots);
            }
            // Validators belong to the URL asked for, not to where it moved.
            let validators = if hop == 0 { cache } else { None };
            let mut resp = self.request(&current, validators)?;
            let status = resp.status();
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Fetched::NotModified);
            }
            if status.is_redirection() {
                let target = header_str(&resp, header::LOCATION)
                    .ok_or_else(|| FetchError::Redirect(format!("{status} without Location")))?;
                let next = current
                    .join(&target)
                    .map_err(|_| FetchError::Redirect(format!("bad Location {target:?}")))?;
                current = parse_http(next.as_str())?;
                continue;
            }
            if status.is_success() {
                return self.body(current, &mut resp).map(Fetched::Page);
            }
            let retry_after = header_str(&resp, header::RETRY_AFTER)
                .as_deref()
                .and_then(parse_retry_after);
            if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
            {
                self.back_off(&current, retry_after);
            }
            return Err(FetchError::Status {
                status: status.as_u16(),
                retry_after,
            });
        }
        Err(FetchError::Redirect(format!(
            "more than {} (a loop?)",
            self.cfg.max_redirects
        )))
    }

    /// One request, after waiting for its host's turn.
    fn request(
        &mut self,
        url: &Url,
        cache: Option<&HttpCache>,
    ) -> Result<ureq::http::Response<ureq::Body>, FetchError> {
        let key = host_key(url);
        if let Some(next) = self.hosts.get(&key).and_then(|h| h.next) {
            let now = Instant::now();
            if next > now {
                let wait = next - now;
                if wait > self.cfg.max_wait {
                    return Err(FetchError::Deferred(wait));
                }
                std::thread::sleep(wait);
            }
        }
        let mut req = self.agent.get(url.as_str());
        if let Some(c) = cache {
            if let Some(etag) = &c.etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &c.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let result = req.call();
        let delay = self.delay_for(&key);
        let host = self.hosts.entry(key).or_default();
        host.next = Some(Instant::now() + delay);
        let resp = result.map_err(net_error)?;
        if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED {
            host.backoff = Duration::ZERO;
        }
        Ok(resp)
    }

    /// The configured delay, or the host's robots.txt `Crawl-delay` when
    /// longer.
    fn delay_for(&self, key: &str) -> Duration {
        let crawl = self
            .hosts
            .get(key)
            .and_then(|h| h.robots.as_ref())
            .and_then(|(_, r)| r.crawl_delay())
            .map_or(Duration::ZERO, |d| d.min(MAX_CRAWL_DELAY));
        self.cfg.delay.max(crawl)
    }

    /// After a 429/503: the host waits for `Retry-After`, or for a backoff
    /// that doubles with each refusal in a row.
    fn back_off(&mut self, url: &Url, retry_after: Option<Duration>) {
        let base = self.cfg.delay.max(Duration::from_secs(1));
        let max = self.cfg.max_backoff;
        let host = self.hosts.entry(host_key(url)).or_default();
        host.backoff = if host.backoff.is_zero() {
            base
        } else {
            (host.backoff * 2).min(max)
        };
        // The server's own word is kept (up to a day); the backoff is ours.
        let wait = retry_after.map_or(host.backoff, |r| r.min(MAX_RETRY_AFTER));
        host.next = Some(Instant::now() + wait);
    }

    fn body(
        &self,
        url: Url,
        resp: &mut ureq::http::Response<ureq::Body>,
    ) -> Result<Page, FetchError> {
        let max = self.cfg.max_bytes;
        if let Some(len) = header_str(resp, header::CONTENT_LENGTH)
            .and_then(|l| l.trim().parse::<u64>().ok())
            // The length is of the encoded body; a compressed one is
            // checked while decoding.
            .filter(|_| header_str(resp, header::CONTENT_ENCODING).is_none())
            && len > max
        {
            return Err(FetchError::TooLarge(max));
        }
        let content_type = header_str(resp, header::CONTENT_TYPE);
        let etag = header_str(resp, header::ETAG);
        let last_modified = header_str(resp, header::LAST_MODIFIED);
        let mut bytes = Vec::new();
        resp.body_mut()
            .as_reader()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::TimedOut => FetchError::Timeout,
                _ => FetchError::Network(e.to_string()),
            })?;
        if bytes.len() as u64 > max {
            return Err(FetchError::TooLarge(max));
        }
        Ok(Page {
            url,
            bytes,
            content_type,
            etag,
            last_modified,
        })
    }

    /// Whether robots.txt lets Vigie fetch `url`, fetching the rules first
    /// when they are not known or are stale. Per RFC 9309: a missing
    /// robots.txt (4xx) allows everything, a server error disallows
    /// everything for now; a network failure fails this request only.
    fn robots_allow(&mut self, url: &Url) -> Result<bool, FetchError> {
        let key = host_key(url);
        let fresh = self
            .hosts
            .get(&key)
            .and_then(|h| h.robots.as_ref())
            .filter(|(at, _)| at.elapsed() < ROBOTS_TTL)
            .map(|(_, r)| r.allowed(url.as_str()));
        if let Some(allowed) = fresh {
            return Ok(allowed);
        }
        let robots_url = url
            .join("/robots.txt")
            .map_err(|_| FetchError::BadUrl(url.to_string()))?;
        let robots = match self.request(&robots_url, None) {
            Ok(mut resp) if resp.status().is_success() => {
                let mut txt = Vec::new();
                resp.body_mut()
                    .as_reader()
                    .take(ROBOTS_MAX_BYTES)
                    .read_to_end(&mut txt)
                    .map_err(|e| FetchError::Network(e.to_string()))?;
                Robots::parse(&self.cfg.user_agent, &txt)
            }
            Ok(resp) if resp.status().is_server_error() => Robots::DisallowAll,
            // 4xx (and a redirect we do not chase for robots.txt): no rules.
            Ok(_) => Robots::AllowAll,
            Err(e) => return Err(e),
        };
        let allowed = robots.allowed(url.as_str());
        self.hosts.entry(key).or_default().robots = Some((Instant::now(), robots));
        Ok(allowed)
    }
}

/// The politeness unit: scheme, host and port.
fn host_key(url: &Url) -> String {
    url.origin().ascii_serialization()
}

fn parse_http(url: &str) -> Result<Url, FetchError> {
    match Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u),
        _ => Err(FetchError::BadUrl(url.to_owned())),
    }
}

fn header_str<B>(resp: &ureq::http::Response<B>, name: header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn net_error(e: ureq::Error) -> FetchError {
    match e {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::BodyExceedsLimit(n) => FetchError::TooLarge(n),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout,
        other => FetchError::Network(other.to_string()),
    }
}

/// `Retry-After`: delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn the_user_agent_names_vigie_and_the_contact() {
        let v = env!("CARGO_PKG_VERSION");
        assert_eq!(
            user_agent(Some("desk@example.org")),
            format!("Vigie/{v} (+mailto:desk@example.org)")
        );
        assert_eq!(
            user_agent(Some("https://example.org/bot")),
            format!("Vigie/{v} (+https://example.org/bot)")
        );
        assert_eq!(user_agent(None), format!("Vigie/{v}"));
    }
}
