//! The language-independent CAMEO table: action → root code, Goldstein
//! value, quad class (`data/cameo.tsv`, embedded).

use rustc_hash::FxHashMap as HashMap;

use vigie_doc::Action;

use crate::{Error, Result};

const TABLE: &str = include_str!("../../../data/cameo.tsv");

/// How one action is coded.
#[derive(Debug, Clone, PartialEq)]
pub struct Coding {
    /// CAMEO root code, "01"–"20".
    pub root: String,
    /// GDELT's Goldstein value of the root.
    pub goldstein: f64,
    /// GDELT quad class, 1–4.
    pub quad_class: u8,
    /// Two parties do it together (meet, consult, agree).
    pub symmetric: bool,
}

/// The action's name in CONTRACT.md (`military_posture`).
pub fn parse_action(name: &str) -> Option<Action> {
    Some(match name {
        "statement" => Action::Statement,
        "consult" => Action::Consult,
        "meet" => Action::Meet,
        "visit" => Action::Visit,
        "appeal" => Action::Appeal,
        "propose" => Action::Propose,
        "agree" => Action::Agree,
        "demand" => Action::Demand,
        "reject" => Action::Reject,
        "deny" => Action::Deny,
        "accuse" => Action::Accuse,
        "threaten" => Action::Threaten,
        "sanction" => Action::Sanction,
        "military_posture" => Action::MilitaryPosture,
        _ => return None,
    })
}

fn table_error(line: usize, reason: impl Into<String>) -> Error {
    Error::Pack {
        lang: "*".to_owned(),
        file: "data/cameo.tsv".to_owned(),
        line,
        reason: reason.into(),
    }
}

/// Reads the embedded table; every action of CONTRACT.md must have a row.
pub fn table() -> Result<HashMap<Action, Coding>> {
    parse(TABLE)
}

fn parse(text: &str) -> Result<HashMap<Action, Coding>> {
    let mut out = HashMap::default();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [action, root, goldstein, quad, symmetric] = cols[..] else {
            return Err(table_error(n, "expected 5 tab-separated columns"));
        };
        let action = parse_action(action)
            .ok_or_else(|| table_error(n, format!("unknown action {action:?}")))?;
        let goldstein: f64 = goldstein
            .parse()
            .map_err(|_| table_error(n, format!("bad Goldstein value {goldstein:?}")))?;
        let quad_class: u8 = quad
            .parse()
            .ok()
            .filter(|q| (1..=4).contains(q))
            .ok_or_else(|| table_error(n, format!("bad quad class {quad:?}")))?;
        let root_ok = root.len() == 2 && root.parse::<u8>().is_ok_and(|r| (1..=20).contains(&r));
        if !root_ok || !(-10.0..=10.0).contains(&goldstein) {
            return Err(table_error(
                n,
                "root must be 01-20, Goldstein within -10..10",
            ));
        }
        out.insert(
            action,
            Coding {
                root: root.to_owned(),
                goldstein,
                quad_class,
                symmetric: symmetric == "yes",
            },
        );
    }
    if out.len() < 14 {
        return Err(table_error(0, "every action of CONTRACT.md needs a row"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_codes_every_action() {
        let t = table().unwrap();
        assert_eq!(t[&Action::Demand].root, "10");
        assert_eq!(t[&Action::Demand].goldstein, -5.0);
        assert_eq!(t[&Action::Demand].quad_class, 3);
        assert_eq!(t[&Action::MilitaryPosture].root, "15");
        assert_eq!(t[&Action::MilitaryPosture].quad_class, 4);
        assert!(t[&Action::Meet].symmetric);
        assert!(!t[&Action::Demand].symmetric);
    }

    #[test]
    fn bad_rows_name_the_line() {
        let err = parse("# h\ndemand\t10\t-5.0\t7\tno\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cameo.tsv:2"), "{err}");
        assert!(parse("fly\t10\t-5.0\t3\tno\n").is_err());
    }
}
