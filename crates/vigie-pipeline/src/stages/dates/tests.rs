//! Table-driven tests in French and English, and properties of resolution.

use std::sync::Arc;

use proptest::prelude::*;
use vigie_doc::{DateMention, Doc, Granularity};

use super::calendar::Day;
use super::scan::Which;
use super::{Reference, weekday_from};
use crate::{LangPacks, Pipeline, Resources};

pub(super) fn pipeline() -> Pipeline {
    let res = Resources {
        kb: Arc::default(),
        packs: Arc::new(LangPacks::builtin()),
    };
    ["clean", "lang", "segment", "published", "dates"]
        .iter()
        .try_fold(Pipeline::builder(res), |b, n| b.stage(n))
        .unwrap()
        .build()
        .unwrap()
}

/// Runs the pipeline on `text` in `lang`, published `published`.
fn dates(lang: &str, published: Option<&str>, text: &str) -> Vec<DateMention> {
    let mut doc = Doc {
        lang: Some(lang.to_owned()),
        published: published.map(str::to_owned),
        ..Doc::default()
    };
    doc.layout.raw = text.to_owned();
    pipeline().run(&mut doc).unwrap();
    for d in &doc.dates {
        assert_eq!(&doc.text()[d.start..d.end], d.text, "span of {d:?}");
    }
    doc.dates
}

/// Checks that `text` yields exactly `want`: (surface, value, granularity).
fn check(
    lang: &str,
    published: Option<&str>,
    text: &str,
    want: &[(&str, Option<&str>, Granularity)],
) {
    let got: Vec<(String, Option<String>, Granularity)> = dates(lang, published, text)
        .into_iter()
        .map(|d| (d.text, d.value, d.granularity))
        .collect();
    let want: Vec<(String, Option<String>, Granularity)> = want
        .iter()
        .map(|(t, v, g)| (t.to_string(), v.map(str::to_owned), *g))
        .collect();
    assert_eq!(got, want, "{text}");
}

use Granularity::{Day as D, Month as M, Range as R, Week as W, Year as Y};

#[test]
fn french_explicit_dates_and_ranges() {
    let p = Some("2022-01");
    check(
        "fr",
        p,
        "Les pourparlers se tiendront le 12 janvier à Genève.",
        &[("le 12 janvier", Some("2022-01-12"), D)],
    );
    check(
        "fr",
        p,
        "Le sommet du 7 décembre a déçu.",
        &[("du 7 décembre", Some("2021-12-07"), D)],
    );
    check(
        "fr",
        p,
        "Réunion ces 9 et 10 janvier, puis du 17 au 19 janvier.",
        &[
            ("ces 9 et 10 janvier", Some("2022-01-09/2022-01-10"), R),
            ("du 17 au 19 janvier", Some("2022-01-17/2022-01-19"), R),
        ],
    );
    check(
        "fr",
        p,
        "Le texte, daté du 9.2.2022, a été publié le 1er février 2022.",
        &[
            ("du 9.2.2022", Some("2022-02-09"), D),
            ("le 1er février 2022", Some("2022-02-01"), D),
        ],
    );
    check(
        "fr",
        p,
        "Fin 2021, la Russie a massé des troupes ; début 2022 et en janvier, rien.",
        &[
            ("Fin 2021", Some("2021"), Y),
            ("début 2022", Some("2022"), Y),
            ("janvier", Some("2022-01"), M),
        ],
    );
    check(
        "fr",
        None,
        "Le format existe depuis juin 2014, conclu en 2014 et 2015.",
        &[
            ("juin 2014", Some("2014-06"), M),
            ("2014", Some("2014"), Y),
            ("2015", Some("2015"), Y),
        ],
    );
}

#[test]
fn french_weekdays_and_relative_expressions() {
    // 26 January 2022 was a Wednesday.
    let p = Some("2022-01-26");
    check(
        "fr",
        p,
        "Il est arrivé mercredi soir, la veille il était à Kiev.",
        &[
            ("mercredi soir", Some("2022-01-26"), D),
            ("la veille", Some("2022-01-25"), D),
        ],
    );
    check(
        "fr",
        p,
        "Hier, il a parlé. Jeudi prochain il part, et mardi dernier il a appelé.",
        &[
            ("Hier", Some("2022-01-25"), D),
            ("Jeudi prochain", Some("2022-01-27"), D),
            ("mardi dernier", Some("2022-01-25"), D),
        ],
    );
    check(
        "fr",
        p,
        "Ce jeudi, puis la semaine prochaine et l'année prochaine, il y a deux semaines.",
        &[
            ("Ce jeudi", Some("2022-01-27"), D),
            ("la semaine prochaine", Some("2022-01-31"), W),
            ("l'année prochaine", Some("2023"), Y),
            ("il y a deux semaines", Some("2022-01-10"), W),
        ],
    );
    check(
        "fr",
        p,
        "Ce mois-ci et le mois dernier.",
        &[
            ("Ce mois-ci", Some("2022-01"), M),
            ("le mois dernier", Some("2021-12"), M),
        ],
    );
    check(
        "fr",
        p,
        "Le 17 janvier, il a écrit ; deux jours plus tôt, il avait appelé.",
        &[
            ("Le 17 janvier", Some("2022-01-17"), D),
            ("deux jours plus tôt", Some("2022-01-15"), D),
        ],
    );
}

#[test]
fn french_non_dates() {
    let p = Some("2022-01-26");
    check(
        "fr",
        p,
        "Les discussions ont duré deux heures, après huit ans de guerre et 24 heures de trêve.",
        &[],
    );
    check(
        "fr",
        p,
        "Ces dernières semaines et dans les prochains jours, dans la matinée, à 17:17.",
        &[],
    );
    check(
        "fr",
        p,
        "Il a présenté sa demande et vu le gazoduc Nord Stream 2 avec 5,1 % de hausse.",
        &[],
    );
    check(
        "fr",
        p,
        "Les César 2022 et l'exercice Allied Resolve-2022 ont eu lieu.",
        &[],
    );
}

#[test]
fn weekday_stays_open_without_a_publication_day() {
    check(
        "fr",
        Some("2021-12"),
        "Il a appelé mercredi.",
        &[("mercredi", None, D)],
    );
    check("en", None, "He called on Tuesday.", &[("Tuesday", None, D)]);
}

#[test]
fn an_explicit_date_fixes_its_weekday_and_an_apposition_the_day() {
    check(
        "fr",
        Some("2022-02"),
        "Il a annoncé jeudi 24 février une opération. Jeudi, les troupes sont entrées.",
        &[
            ("jeudi 24 février", Some("2022-02-24"), D),
            ("Jeudi", Some("2022-02-24"), D),
        ],
    );
    let text = "C'est la première rencontre depuis le 24 février, il y a tout juste deux semaines.\n\nIls sont arrivés la veille au soir.";
    check(
        "fr",
        Some("2022-03"),
        text,
        &[
            ("le 24 février", Some("2022-02-24"), D),
            ("il y a tout juste deux semaines", Some("2022-02-24"), D),
            ("la veille au soir", Some("2022-03-09"), D),
        ],
    );
}

#[test]
fn english_forms() {
    // 10 February 2022 was a Thursday.
    let p = Some("2022-02-10");
    check(
        "en",
        p,
        "The drills began on Thursday and will end February 20; last Thursday was calm.",
        &[
            ("Thursday", Some("2022-02-10"), D),
            ("February 20", Some("2022-02-20"), D),
            ("last Thursday", Some("2022-02-03"), D),
        ],
    );
    check(
        "en",
        p,
        "Talks on Dec. 7 and January 9 and 10, then between 14 and 16 February.",
        &[
            ("Dec. 7", Some("2021-12-07"), D),
            ("January 9 and 10", Some("2022-01-09/2022-01-10"), R),
            (
                "between 14 and 16 February",
                Some("2022-02-14/2022-02-16"),
                R,
            ),
        ],
    );
    check(
        "en",
        p,
        "Yesterday, today and next month; last week and early 2022.",
        &[
            ("Yesterday", Some("2022-02-09"), D),
            ("today", Some("2022-02-10"), D),
            ("next month", Some("2022-03"), M),
            ("last week", Some("2022-01-31"), W),
            ("early 2022", Some("2022"), Y),
        ],
    );
    check(
        "en",
        p,
        "It was signed on 02/09/2022 and posted February 21, 2022.",
        &[
            ("02/09/2022", Some("2022-02-09"), D),
            ("February 21, 2022", Some("2022-02-21"), D),
        ],
    );
    check("en", p, "You may march in two hours, for eight years.", &[]);
}

#[test]
fn the_document_language_decides_numeric_order() {
    check(
        "fr",
        None,
        "Publié le 12/01/2022.",
        &[("le 12/01/2022", Some("2022-01-12"), D)],
    );
    check(
        "en",
        None,
        "Posted 12/01/2022.",
        &[("12/01/2022", Some("2022-12-01"), D)],
    );
}

#[test]
fn a_year_is_chosen_nearest_the_publication_date() {
    let r = Reference::parse(Some("2022-01-10"));
    assert_eq!(r.nearest_year(12, 23), Some(2021));
    assert_eq!(r.nearest_year(1, 20), Some(2022));
    assert_eq!(
        Reference::parse(Some("2021-12")).nearest_year(1, 5),
        Some(2022)
    );
    assert_eq!(Reference::parse(None).nearest_year(1, 5), None);
}

fn any_day() -> impl Strategy<Value = Day> {
    (-20_000i64..40_000).prop_map(Day::from_ordinal)
}

proptest! {
    #[test]
    fn a_weekday_never_moves_more_than_six_days(now in any_day(), wd in 1u8..=7) {
        for which in [Which::Plain, Which::This] {
            let day = weekday_from(now, wd, which);
            prop_assert_eq!(day.weekday(), wd);
            prop_assert!((day.ordinal() - now.ordinal()).abs() <= 6);
        }
        let plain = weekday_from(now, wd, Which::Plain);
        prop_assert!(plain <= now);
        prop_assert!(weekday_from(now, wd, Which::Last) < now);
        prop_assert!(weekday_from(now, wd, Which::Next) > now);
    }

    #[test]
    fn a_range_resolves_to_its_first_day(d1 in 1u8..=25, len in 1u8..=3, m in 1u8..=12) {
        const MONTHS: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
        let d2 = d1 + len;
        let text = format!("Réunion du {d1} au {d2} {} à Vienne.", MONTHS[usize::from(m) - 1]);
        let got = dates("fr", Some("2022-06-15"), &text);
        prop_assert_eq!(got.len(), 1);
        prop_assert_eq!(got[0].granularity, Granularity::Range);
        let value = got[0].value.clone().unwrap();
        let (y, mm, dd) = super::calendar::parse_iso(&value).unwrap();
        let first = Day::new(y, mm.unwrap(), dd.unwrap()).unwrap();
        for d in d1..=d2 {
            prop_assert!(Day::new(y, m, d).unwrap() >= first);
        }
        prop_assert_eq!(first.d, d1);
    }
}

#[test]
fn spans_up_to_now_and_lone_numbers_are_no_dates() {
    let p = Some("2022-03-09");
    check(
        "en",
        p,
        "The pound fell to its lowest level in 31 years; it was the first time in two months.",
        &[],
    );
    check(
        "fr",
        p,
        "Il a fini le 16 sur 20 coureurs, et vu la 1/2 finale.",
        &[],
    );
    check("en", p, "The 16th century church saw the 2000 people.", &[]);
}
