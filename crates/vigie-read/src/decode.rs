use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};

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
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded> {
    if let Some(reason) = binary_reason(bytes) {
        return Err(Error::Binary(reason));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        });
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Allow);
    let (text, _, _) = encoding.decode(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
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

    proptest::proptest! {
        #[test]
        fn never_panics(bytes: Vec<u8>) {
            let _ = decode_bytes(&bytes);
        }

        #[test]
        fn utf8_text_round_trips(s in "[^\u{0}-\u{1f}\u{feff}]*") {
            proptest::prop_assert_eq!(decode_bytes(s.as_bytes()).unwrap().text, s);
        }
    }
}
