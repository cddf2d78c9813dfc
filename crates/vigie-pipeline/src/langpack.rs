use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};

use crate::{Error, Result};

static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../lang");

/// The data files of one language: `lang/<code>/*.txt|tsv`.
///
/// A pack is a bag of files; each stage reads the files it knows and builds
/// its own structures from them. A missing file reads as empty, so a new
/// language can start with a few files and grow.
#[derive(Debug, Clone, Default)]
pub struct LangPack {
    code: String,
    files: BTreeMap<String, String>,
}

impl LangPack {
    /// The ISO 639-1 code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// True when the pack has this file.
    pub fn has(&self, file: &str) -> bool {
        self.files.contains_key(file)
    }

    /// The non-empty lines of a file, trimmed, without `#` comments.
    pub fn lines<'a>(&'a self, file: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.numbered_lines(file).map(|(_, l)| l)
    }

    /// Like [`LangPack::lines`], with 1-based line numbers for error messages.
    pub fn numbered_lines<'a>(&'a self, file: &str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        self.files
            .get(file)
            .map(String::as_str)
            .unwrap_or("")
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
    }

    /// The rows of a tab-separated file, each with at least `min_cols` columns.
    pub fn tsv<'a>(&'a self, file: &'a str, min_cols: usize) -> Result<Vec<Vec<&'a str>>> {
        self.numbered_lines(file)
            .map(|(n, l)| {
                let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
                if cols.len() < min_cols {
                    Err(self.error(
                        file,
                        n,
                        format!(
                            "expected {min_cols} tab-separated columns, found {}",
                            cols.len()
                        ),
                    ))
                } else {
                    Ok(cols)
                }
            })
            .collect()
    }

    /// An error pointing at a line of a file of this pack.
    pub fn error(&self, file: &str, line: usize, reason: impl Into<String>) -> Error {
        Error::Pack {
            lang: self.code.clone(),
            file: file.to_owned(),
            line,
            reason: reason.into(),
        }
    }

    /// A pack from in-memory files, for tests and for packs read at run time.
    pub fn from_files(code: &str, files: impl IntoIterator<Item = (String, String)>) -> Self {
        LangPack {
            code: code.to_owned(),
            files: files.into_iter().collect(),
        }
    }
}

/// All language packs, by code.
#[derive(Debug, Clone, Default)]
pub struct LangPacks {
    packs: BTreeMap<String, LangPack>,
}

impl LangPacks {
    /// The packs shipped in the binary (the repository's `lang/` folder).
    pub fn builtin() -> Self {
        let mut packs = BTreeMap::new();
        for dir in BUILTIN.dirs() {
            let Some(code) = dir.path().file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let files = dir.files().filter_map(|f| {
                let name = f.path().file_name()?.to_str()?.to_owned();
                Some((name, f.contents_utf8()?.to_owned()))
            });
            packs.insert(code.to_owned(), LangPack::from_files(code, files));
        }
        LangPacks { packs }
    }

    /// Adds or replaces a pack.
    pub fn insert(&mut self, pack: LangPack) {
        self.packs.insert(pack.code.clone(), pack);
    }

    /// The pack of a language.
    pub fn get(&self, code: &str) -> Option<&LangPack> {
        self.packs.get(code)
    }

    /// Every pack, by code.
    pub fn iter(&self) -> impl Iterator<Item = &LangPack> {
        self.packs.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_french_and_english() {
        let packs = LangPacks::builtin();
        assert!(packs.get("fr").is_some());
        assert!(packs.get("en").is_some());
    }

    #[test]
    fn comments_and_blanks_are_skipped_and_missing_files_are_empty() {
        let pack = LangPack::from_files(
            "xx",
            [(
                "a.txt".to_owned(),
                "# source: me\n\none\n  two \n".to_owned(),
            )],
        );
        assert_eq!(pack.lines("a.txt").collect::<Vec<_>>(), ["one", "two"]);
        assert_eq!(pack.lines("missing.txt").count(), 0);
    }

    #[test]
    fn tsv_errors_name_the_line() {
        let pack = LangPack::from_files("xx", [("t.tsv".to_owned(), "# h\na\tb\nc\n".to_owned())]);
        let err = pack.tsv("t.tsv", 2).unwrap_err().to_string();
        assert!(err.contains("xx/t.tsv:3"), "{err}");
    }
}
