//! MinHash signatures over word shingles, and the LSH band keys that find
//! candidate pairs in O(1) per document.
//!
//! Every hash here is a fixed function of the bytes (FNV-1a, then a
//! SplitMix64 finaliser, then fixed multiply-add permutations): signatures
//! and band keys stored by one process or version are valid in the next, so
//! a store can grow incrementally for years.

/// Words per shingle: long enough that two articles on one topic rarely
/// share a shingle by chance ("le ministre russe des Affaires"), short
/// enough that an edit every dozen words leaves most shingles intact.
pub const SHINGLE: usize = 4;
/// Hash permutations per signature.
pub const PERMS: usize = 128;
/// Rows per LSH band. Two rows over 64 bands make a pair with Jaccard 0.3
/// (a relay truncated to half, lightly edited) a candidate with probability
/// 0.998, while unrelated pairs (Jaccard near 0) almost never collide.
pub const ROWS: usize = 2;
/// LSH bands.
pub const BANDS: usize = PERMS / ROWS;

/// Below this many distinct shingles a text is too short to call a duplicate.
const MIN_SHINGLES: u32 = 8;
/// Smallest estimated Jaccard for a duplicate: keeps the containment estimate
/// away from the noisy region where a tiny text meets a huge one.
const MIN_JACCARD: f64 = 0.15;
/// Share of the shorter text's shingles found in the longer one.
const MIN_CONTAINMENT: f64 = 0.7;

/// A MinHash signature and the number of distinct shingles it summarises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The minimum of each permutation over the shingle hashes.
    pub mins: Vec<u32>,
    /// Distinct shingles in the text.
    pub shingles: u32,
}

const fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Multiply-add permutation coefficients, derived from a fixed seed at
/// compile time so that they can never change between builds.
const COEFFS: [(u64, u64); PERMS] = {
    let mut out = [(0u64, 0u64); PERMS];
    let mut state = 0x5649_4749_4530_3031u64; // "VIGIE001"
    let mut i = 0;
    while i < PERMS {
        state = splitmix(state);
        let a = state | 1;
        state = splitmix(state);
        out[i] = (a, state);
        i += 1;
    }
    out
};

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The hashes of the folded words of `text` (lowercase, accents and quote
/// marks gone), so relays that differ only in typography hash alike.
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut folded = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        vigie_kb::fold_into(word, &mut folded);
        if !folded.is_empty() {
            out.push(splitmix(fnv1a(folded.as_bytes())));
        }
    }
    out
}

/// The signature of `text`, or `None` when it has no words.
pub fn signature(text: &str) -> Option<Signature> {
    let words = word_hashes(text);
    if words.is_empty() {
        return None;
    }
    let mut shingles: Vec<u64> = if words.len() < SHINGLE {
        vec![
            words
                .iter()
                .fold(0u64, |h, w| splitmix(h.rotate_left(7) ^ w)),
        ]
    } else {
        words
            .windows(SHINGLE)
            .map(|win| win.iter().fold(0u64, |h, w| splitmix(h.rotate_left(7) ^ w)))
            .collect()
    };
    shingles.sort_unstable();
    shingles.dedup();
    let mut mins = vec![u32::MAX; PERMS];
    for &s in &shingles {
        for (m, &(a, b)) in mins.iter_mut().zip(COEFFS.iter()) {
            let v = (a.wrapping_mul(s).wrapping_add(b) >> 32) as u32;
            if v < *m {
                *m = v;
            }
        }
    }
    Some(Signature {
        mins,
        shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
    })
}

impl Signature {
    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let n = self.mins.len().min(other.mins.len());
        if n == 0 {
            return 0.0;
        }
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / n as f64
    }

    /// Estimated share of the shorter text's shingles that the longer has,
    /// from the Jaccard estimate and the two set sizes.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let small = f64::from(self.shingles.min(other.shingles)).max(1.0);
        let total = f64::from(self.shingles) + f64::from(other.shingles);
        (j * total / ((1.0 + j) * small)).min(1.0)
    }

    /// True when one text is a relay of the other: same wire story, possibly
    /// edited, truncated or retypeset.
    pub fn is_duplicate(&self, other: &Signature) -> bool {
        self.shingles.min(other.shingles) >= MIN_SHINGLES
            && self.jaccard(other) >= MIN_JACCARD
            && self.containment(other) >= MIN_CONTAINMENT
    }

    /// One key per band; two signatures sharing a key are candidates.
    pub fn band_keys(&self) -> Vec<i64> {
        self.mins
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut h = splitmix(band as u64 ^ 0xB0DE);
                for &r in rows {
                    h = splitmix(h ^ u64::from(r));
                }
                h as i64
            })
            .collect()
    }

    /// The signature as little-endian bytes, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.mins.len() * 4);
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for m in &self.mins {
            out.extend_from_slice(&m.to_le_bytes());
        }
        out
    }

    /// Reads what [`Signature::to_bytes`] wrote; `None` on a malformed blob.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() < 4 || !bytes.len().is_multiple_of(4) {
            return None;
        }
        let mut words = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let shingles = words.next()?;
        Some(Signature {
            mins: words.collect(),
            shingles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Les chefs de la diplomatie russe et ukrainienne se sont retrouvés jeudi \
        à Antalya, dans le sud de la Turquie, pour une première rencontre depuis le début \
        du conflit. « Nous voulons un cessez-le-feu », a déclaré le ministre ukrainien à \
        l'issue de l'entretien, qui a duré environ une heure et demie. Son homologue russe \
        a répété que Moscou n'avait pas attaqué l'Ukraine et a accusé les Occidentaux \
        d'armer Kiev. Le ministre turc, qui accueillait la réunion, a salué un pas important \
        et appelé à poursuivre le dialogue la semaine prochaine.";

    #[test]
    fn signatures_are_fixed_across_builds() {
        // A stored signature must stay valid: pin a few values.
        let sig = signature("the quick brown fox jumps over the lazy dog").unwrap();
        assert_eq!(sig.shingles, 6);
        let again = signature("The  QUICK brown fox, jumps over the lazy dog!").unwrap();
        assert_eq!(sig, again);
        assert_eq!(Signature::from_bytes(&sig.to_bytes()), Some(sig.clone()));
        assert_eq!(sig.band_keys().len(), BANDS);
        assert_eq!(fnv1a(b"vigie"), 15_902_206_237_135_910_131);
        assert_eq!(sig.mins[0], 198_007_470);
        assert_eq!(sig.band_keys()[0], -2_961_239_760_383_470_726);
    }

    #[test]
    fn a_relay_with_other_quote_marks_and_an_edit_is_a_duplicate() {
        let relay = WIRE
            .replace("« ", "\"")
            .replace(" »", "\"")
            .replace("le ministre ukrainien", "M. Kouleba");
        let a = signature(WIRE).unwrap();
        let b = signature(&relay).unwrap();
        assert!(a.is_duplicate(&b), "jaccard {}", a.jaccard(&b));
    }

    #[test]
    fn a_truncated_relay_is_a_duplicate() {
        let half = WIRE
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i >= WIRE.len() / 2);
        let cut = WIRE
            .get(
                ..WIRE
                    .get(..half.unwrap())
                    .unwrap_or_default()
                    .rfind(' ')
                    .unwrap(),
            )
            .unwrap_or_default();
        let a = signature(WIRE).unwrap();
        let b = signature(cut).unwrap();
        assert!(a.is_duplicate(&b), "containment {}", a.containment(&b));
        let keys_a = a.band_keys();
        assert!(b.band_keys().iter().any(|k| keys_a.contains(k)));
    }

    #[test]
    fn another_article_on_the_same_topic_is_not_a_duplicate() {
        let other = "Le ministre ukrainien des Affaires étrangères a rencontré jeudi son \
            homologue russe en Turquie. Aucun progrès n'a été enregistré sur un cessez-le-feu, \
            ont indiqué les deux délégations, qui se sont quittées sans annoncer de nouvelle \
            date. Kiev réclame des couloirs humanitaires pour les villes assiégées.";
        let a = signature(WIRE).unwrap();
        let b = signature(other).unwrap();
        assert!(!a.is_duplicate(&b), "jaccard {}", a.jaccard(&b));
    }

    #[test]
    fn short_texts_are_never_duplicates() {
        let a = signature("Moscou dément").unwrap();
        assert!(!a.is_duplicate(&a.clone()));
        assert!(signature(" ,;: ").is_none());
    }
}
