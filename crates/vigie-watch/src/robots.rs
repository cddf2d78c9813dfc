//! robots.txt rules, parsed by `texting_robots` (a maintained parser tested
//! against Google's reference suite). Only the product token of the
//! User-Agent ("Vigie") is matched against the file's groups.

use std::time::Duration;

/// What a host's robots.txt says about Vigie.
pub(crate) enum Robots {
    /// No robots.txt (4xx): everything is allowed.
    AllowAll,
    /// The server failed to give it (5xx): nothing is, until it does.
    DisallowAll,
    /// Its rules.
    Rules(Box<texting_robots::Robot>),
}

impl Robots {
    /// Parses a robots.txt for the agent named by `user_agent`'s product
    /// token; a file the parser refuses is treated as absent.
    pub(crate) fn parse(user_agent: &str, txt: &[u8]) -> Robots {
        let token = user_agent.split(['/', ' ']).next().unwrap_or(user_agent);
        match texting_robots::Robot::new(token, txt) {
            Ok(r) => Robots::Rules(Box::new(r)),
            Err(_) => Robots::AllowAll,
        }
    }

    pub(crate) fn allowed(&self, url: &str) -> bool {
        match self {
            Robots::AllowAll => true,
            Robots::DisallowAll => false,
            Robots::Rules(r) => r.allowed(url),
        }
    }

    /// The `Crawl-delay` for Vigie, if the file sets one.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Robots::Rules(r) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(3600.0))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_matched_on_the_product_token() {
        let txt = b"User-agent: *\nDisallow: /private/\n\nUser-agent: vigie\nDisallow: /nobots/\nCrawl-delay: 2\n";
        let r = Robots::parse("Vigie/0.1.0 (+mailto:a@b.example)", txt);
        assert!(!r.allowed("http://h.example/nobots/a"));
        assert!(
            r.allowed("http://h.example/private/a"),
            "Vigie's own group applies"
        );
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(2)));
        let other = Robots::parse("Other/1.0", txt);
        assert!(!other.allowed("http://h.example/private/a"));
        assert!(!Robots::DisallowAll.allowed("http://h.example/"));
    }
}
