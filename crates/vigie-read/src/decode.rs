use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

use crate::{Error, Result};

/// Text decoded from bytes, with the encoding it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's WHATWG name ("UTF-8", "windows-1252").
    pub encoding: &'static str,
}

/// Decodes bytes of unknown encoding: UTF-8 (with or without BOM) when they
/// are valid UTF-8, otherwise the legacy encoding chardetng guesses
/// (typically windows-1252 for French and English news). Bytes that look
/// binary are refused with [`Error::Binary`] rather than decoded into noise.
/// Text that was plainly double-decoded ("Ã©tÃ©") is repaired.
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded> {
    decode_declared(bytes, None)
}

/// Decodes bytes with an optional declared charset (an HTTP `Content-Type`
/// parameter, a feed's or page's own declaration). The order follows what
/// browsers do, with one change: a byte-order mark wins, then the
/// declaration, then detection; but bytes that are valid UTF-8 with non-ASCII
/// content are read as UTF-8 even when a Latin charset is declared, since a
/// stale `iso-8859-1` label on UTF-8 bytes is the usual source of mojibake.
pub fn decode_declared(bytes: &[u8], declared: Option<&str>) -> Result<Decoded> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if encoding == UTF_8
            && let Some(reason) = binary_reason(&bytes[bom_len..])
        {
            return Err(Error::Binary(reason));
        }
        return Ok(finish(text.into_owned(), encoding));
    }
    if let Some(reason) = binary_reason(bytes) {
        return Err(Error::Binary(reason));
    }
    let declared = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    if let Ok(text) = std::str::from_utf8(bytes)
        && (declared.is_none_or(|e| e == UTF_8 || !e.is_single_byte() || !text.is_ascii()))
    {
        return Ok(finish(text.to_owned(), UTF_8));
    }
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, Utf8Detection::Allow)
    });
    // A UTF-16 label on bytes with no BOM and no NULs is a mislabel; WHATWG
    // decoders ignore it too.
    let encoding = encoding.output_encoding();
    let (text, _, _) = encoding.decode(bytes);
    Ok(finish(text.into_owned(), encoding))
}

fn finish(text: String, encoding: &'static Encoding) -> Decoded {
    let text = match repair_mojibake(&text) {
        Some(fixed) => fixed,
        None => text,
    };
    Decoded {
        text,
        encoding: encoding.name(),
    }
}

/// The charset a document declares about itself within its first 1024 bytes:
/// `<meta charset=...>`, `<meta http-equiv="Content-Type" content="...;
/// charset=...">` or an XML declaration's `encoding="..."`. A cheap byte
/// scan, not a parse, as the HTML standard's prescan is.
pub fn sniff_declared_charset(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset"[..], &b"encoding"[..]] {
        let mut from = 0;
        while let Some(pos) = find(&lower[from..], key) {
            let at = from + pos + key.len();
            from = at;
            let rest = &lower[at..];
            let rest = trim_start(rest);
            let Some(rest) = rest.strip_prefix(b"=") else {
                continue;
            };
            let rest = trim_start(rest);
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|b| {
                    matches!(b, b'"' | b'\'' | b';' | b'>' | b'/' | b'?') || b.is_ascii_whitespace()
                })
                .unwrap_or(rest.len());
            let label = std::str::from_utf8(&rest[..end]).ok()?;
            if Encoding::for_label(label.as_bytes()).is_some() {
                return Some(label.to_owned());
            }
        }
    }
    None
}

/// The `charset` parameter of a `Content-Type` header value.
pub fn charset_of_content_type(value: &str) -> Option<&str> {
    value.split(';').skip(1).find_map(|param| {
        let (name, v) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Repairs UTF-8 text that was decoded as windows-1252 or Latin-1 ("Ã©" for
/// "é", "â€™" for "’"), once or twice over. Returns `None` when the text is
/// not plainly double-decoded.
///
/// Each maximal run of non-ASCII characters is mapped back to the bytes a
/// windows-1252 decoder read; the run is mojibake when those bytes are valid
/// multi-byte UTF-8. Genuine French or English text almost never has such a
/// run (it would take, say, "Ã" followed by "©"), while double-decoded text
/// has one for every accented letter, so the text is repaired only when at
/// least half of its non-ASCII runs are repairable.
pub fn repair_mojibake(text: &str) -> Option<String> {
    let mut current: Option<String> = None;
    // Text double-decoded twice ("ÃƒÂ©") needs two passes; a third never helps.
    for _ in 0..2 {
        let input = current.as_deref().unwrap_or(text);
        match repair_once(input) {
            Some(fixed) => current = Some(fixed),
            None => break,
        }
    }
    current
}

fn repair_once(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let runs = non_ascii_runs(text);
    let repairable: Vec<Option<String>> = runs
        .iter()
        .map(|&(s, e)| unmangle(text.get(s..e).unwrap_or_default()))
        .collect();
    let fixed = repairable.iter().filter(|r| r.is_some()).count();
    if fixed == 0 || fixed * 2 < runs.len() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (&(s, e), repair) in runs.iter().zip(&repairable) {
        if let Some(r) = repair {
            out.push_str(text.get(last..s).unwrap_or_default());
            out.push_str(r);
            last = e;
        }
    }
    out.push_str(text.get(last..).unwrap_or_default());
    Some(out)
}

fn non_ascii_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, text.len()));
    }
    runs
}

/// The run's windows-1252 bytes decoded as UTF-8, when they are multi-byte UTF-8.
fn unmangle(run: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(run.len());
    for c in run.chars() {
        bytes.push(cp1252_byte(c)?);
    }
    if bytes.len() < 2 {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    // Genuine Latin text can spell valid UTF-8 by chance ("æ’œ" is the
    // bytes of "撜"); a repair must land in the scripts of European news.
    text.chars().all(european).then_some(text)
}

/// Latin (with its supplements and extensions), Greek, Cyrillic, and the
/// punctuation, currency and letter-like signs news text uses.
fn european(c: char) -> bool {
    matches!(c as u32, 0x00A0..=0x024F | 0x0370..=0x04FF | 0x1E00..=0x1EFF | 0x2000..=0x214F)
}

/// The byte windows-1252 (or Latin-1, for the C1 controls) decodes to `c`.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if (0xA0..=0xFF).contains(&code) || (0x80..=0x9F).contains(&code) {
        return u8::try_from(code).ok();
    }
    let byte = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

/// Text never holds NUL bytes and holds few C0 control characters; a file
/// that does is an image, an archive or an executable given by mistake.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return Some("NUL bytes".into());
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if !sample.is_empty() && controls * 100 > sample.len() {
        return Some(format!(
            "{controls} control bytes in the first {} bytes",
            sample.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom() {
        let d = decode_bytes("\u{feff}Genève".as_bytes()).unwrap();
        assert_eq!(d.text, "Genève");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn windows_1252_french() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Le ministre a déclaré à Genève qu'il était prêt à négocier « sans délai ».");
        let d = decode_bytes(&bytes).unwrap();
        assert!(d.text.contains("déclaré à Genève"), "{}", d.text);
        assert_ne!(d.encoding, "UTF-8");
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(Error::Binary(_))
        ));
    }

    #[test]
    fn mojibake_is_repaired_once_or_twice() {
        let fixed =
            repair_mojibake("Le prÃ©sident a dÃ©clarÃ© Ã\u{a0} GenÃ¨ve : Â« câ€™est fini Â»");
        assert_eq!(
            fixed.as_deref(),
            Some("Le président a déclaré à Genève : « c’est fini »")
        );
        assert_eq!(repair_mojibake("dÃƒÂ©clarÃƒÂ©").as_deref(), Some("déclaré"));
    }

    #[test]
    fn genuine_text_is_left_alone() {
        for s in [
            "Le président a déclaré à Genève « c’est fini ».",
            "Âge légal, « Ça suffit »",
            "Ã la carte, a lone mark",
            "Москва",
            "plain ascii",
        ] {
            assert_eq!(repair_mojibake(s), None, "{s}");
        }
    }

    #[test]
    fn mostly_genuine_text_is_left_alone() {
        // One accidental pair among many genuine accents is not mojibake.
        let s = "Éléonore, Hélène, Chloé, Zoé, Noël, Anaïs et Ã© ont déjeuné à Évian.";
        assert_eq!(repair_mojibake(s), None);
    }

    #[test]
    fn declared_charsets() {
        let (latin9, _, _) = encoding_rs::ISO_8859_15.encode("Prix : 3 € l'œuf");
        let d = decode_declared(&latin9, Some("iso-8859-15")).unwrap();
        assert_eq!(d.text, "Prix : 3 € l'œuf");
        // A stale Latin-1 label on UTF-8 bytes: the bytes win.
        let d = decode_declared("Genève".as_bytes(), Some("iso-8859-1")).unwrap();
        assert_eq!(d.text, "Genève");
        assert_eq!(
            sniff_declared_charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            sniff_declared_charset(
                b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-15'>"
            )
            .as_deref(),
            Some("iso-8859-15")
        );
        assert_eq!(
            sniff_declared_charset(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>")
                .as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(sniff_declared_charset(b"<p>charset is a word</p>"), None);
        assert_eq!(
            charset_of_content_type("text/html; Charset=\"UTF-8\""),
            Some("UTF-8")
        );
    }

    proptest::proptest! {
        #[test]
        fn mojibake_round_trip(s in "[a-zàâçéèêëîïôûùüÿœæ’«» ]{1,80}") {
            // UTF-8 bytes read as windows-1252: the mojibake of the wild.
            let mangled = encoding_rs::WINDOWS_1252.decode(s.as_bytes()).0.into_owned();
            if !s.is_ascii() {
                proptest::prop_assert_eq!(repair_mojibake(&mangled), Some(s));
            }
        }

        #[test]
        fn never_panics(bytes: Vec<u8>) {
            let _ = decode_bytes(&bytes);
        }

        #[test]
        fn utf8_text_round_trips(s in "[^\u{0}-\u{1f}\u{80}-\u{ff}\u{feff}]*") {
            proptest::prop_assert_eq!(decode_bytes(s.as_bytes()).unwrap().text, s);
        }
    }
}
