//! Reciprocal predicates: acts two parties do together (meeting, talks,
//! agreement). Their parties are the two sides of "entre X et Y", "between
//! X and Y" after a noun, or the coordinated subject of a verb ("A et B se
//! sont rencontrés", "A and B held talks"): the first side acts, the other
//! is its counterpart.

use super::role::*;
use super::{MRef, View};

/// How far after "entre"/"between" the second side may end, in tokens.
const BETWEEN_WINDOW: usize = 18;
/// How far after a noun its "entre"/"between" may stand, in tokens.
const BETWEEN_REACH: usize = 3;

/// The two sides of "entre X et Y" within a few words after token `from`,
/// up to a clause break or `end`. A side is the name heading it: the person
/// its role nouns stand before ("entre les ministres de Russie X et
/// d'Ukraine Y", "between the presidents of A, X, and of B, Y"), else its
/// first name not completing another ("entre la Russie et les États-Unis").
pub fn between(v: &View, from: usize, end: usize) -> Option<(MRef, MRef)> {
    let b = (from..(from + BETWEEN_REACH).min(end)).find(|&i| v.has(i, BETWEEN))?;
    let stop = (b + 1..(b + 1 + BETWEEN_WINDOW).min(end))
        .find(|&i| v.breaks_before(i))
        .unwrap_or((b + 1 + BETWEEN_WINDOW).min(end));
    let k = v.mentions.partition_point(|m| m.start <= b);
    let inside: Vec<MRef> = v.mentions[k..]
        .iter()
        .take_while(|m| m.end <= stop)
        .copied()
        .collect();
    let first = inside.first()?;
    // The sides split at the first "et"/"and" after the first name.
    let and = (first.end..stop).find(|&i| v.has(i, COORD) && !v.in_mention(i))?;
    let head = |side: &[MRef]| -> Option<MRef> {
        side.iter()
            .rev()
            .find(|m| v.persons[m.ent])
            .or_else(|| side.iter().find(|m| v.flags_before(**m, b) & GENITIVE == 0))
            .copied()
    };
    let left: Vec<MRef> = inside.iter().filter(|m| m.end <= and).copied().collect();
    // The second side ends at the next comma or "et" after its first name.
    let right: Vec<MRef> = inside
        .iter()
        .filter(|m| m.start > and)
        .take_while(|m| !(and + 1..m.start).any(|i| v.has(i, COORD)))
        .copied()
        .collect();
    let (a, z) = (head(&left)?, head(&right)?);
    (a.ent != z.ent).then_some((a, z))
}
