//! Precision and recall of duplicate detection on a generated corpus:
//! articles built from shared templates (so distinct articles on one topic
//! overlap, as wire-based coverage does) and relays of some of them with
//! word edits, truncation, other quotation marks and added credit lines.
//! Run with `--nocapture` to see the figures.

use std::collections::HashSet;

use vigie_cluster::{MemIndex, Profile};
use vigie_doc::Doc;

/// Deterministic generator (SplitMix64): the same corpus on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PEOPLE: &[&str] = &[
    "Anna Keller",
    "Piotr Nowak",
    "Lucie Martin",
    "Omar Haddad",
    "Ingrid Berg",
    "Tomas Varga",
    "Elena Rossi",
    "Marc Dubois",
    "Sofia Lind",
    "Yusuf Demir",
];
const PLACES: &[&str] = &[
    "Genève",
    "Vienne",
    "Bruxelles",
    "Ankara",
    "Varsovie",
    "Oslo",
    "Rome",
    "Lisbonne",
];
const TOPICS: &[&str] = &[
    "la sécurité énergétique",
    "les négociations commerciales",
    "le cessez-le-feu",
    "les sanctions financières",
    "la crise migratoire",
    "le contrôle des armements",
];
const TEMPLATES: &[&str] = &[
    "{P} a rencontré {Q} mercredi à {L} pour discuter de {T}.",
    "« Nous ne céderons sur rien », a déclaré {P} à l'issue de la réunion de {L}.",
    "Selon un diplomate présent à {L}, les discussions sur {T} ont duré {N} heures.",
    "{Q} a estimé que {T} restait la priorité de son gouvernement pour les {N} prochains mois.",
    "Les deux délégations doivent se retrouver le {N} du mois prochain à {L}.",
    "{P} a accusé ses partenaires de bloquer tout accord sur {T} depuis {N} semaines.",
    "« Le dialogue est la seule voie », a insisté {Q}, cité par plusieurs médias.",
    "À {L}, {N} manifestants se sont rassemblés devant le lieu de la rencontre.",
    "{P} et {Q} ont promis de publier une déclaration commune sur {T}.",
    "Les marchés ont réagi avec prudence aux annonces faites à {L} sur {T}.",
    "Interrogé par la radio publique, {Q} n'a pas exclu un nouveau sommet d'ici {N} jours.",
    "L'opposition reproche à {P} d'avoir trop cédé lors des dernières discussions.",
    "Le porte-parole de {Q} a démenti toute rupture des contacts avec {L}.",
    "Une source proche du dossier évoque un compromis possible sur {T} avant l'été.",
    "{P} doit rendre compte de ces échanges devant le Parlement la semaine prochaine.",
    "Plus de {N} experts participaient aux groupes de travail techniques réunis en marge.",
    "La presse locale souligne la froideur de l'accueil réservé à {Q} à son arrivée.",
    "« Rien n'est réglé tant que tout n'est pas réglé », a résumé un négociateur.",
    "Les organisations humanitaires ont appelé à ne pas oublier les civils touchés.",
    "{Q} a quitté {L} dans la soirée sans faire de déclaration à la presse.",
    "Le calendrier des prochaines étapes sera fixé par les conseillers des deux camps.",
    "Des analystes jugent que {T} pèsera sur les élections prévues dans {N} mois.",
    "Le ministre des Finances a chiffré à {N} milliards le coût des mesures envisagées.",
    "Selon {P}, les propositions reçues restent « très insuffisantes » à ce stade.",
];

/// Article `k`: its cast, place and topic are a combination no other article
/// has, so two originals are never near-duplicates of each other by chance,
/// while they still share every template sentence.
fn article(k: usize, rng: &mut Rng) -> String {
    let c = (k * 7919) % (PEOPLE.len() * PEOPLE.len() * PLACES.len() * TOPICS.len());
    let p = PEOPLE[c % PEOPLE.len()];
    let q = PEOPLE[(c / PEOPLE.len() + c + 1) % PEOPLE.len()];
    let l = PLACES[(c / PEOPLE.len() / PEOPLE.len()) % PLACES.len()];
    let t = TOPICS[c / PEOPLE.len() / PEOPLE.len() / PLACES.len()];
    let sentences = 6 + rng.below(6);
    let mut pool: Vec<&str> = TEMPLATES.to_vec();
    let mut out = Vec::new();
    for _ in 0..sentences {
        let n = (2 + rng.below(97)).to_string();
        let template = pool.swap_remove(rng.below(pool.len()));
        out.push(
            template
                .replace("{P}", p)
                .replace("{Q}", q)
                .replace("{L}", l)
                .replace("{T}", t)
                .replace("{N}", &n),
        );
    }
    out.join(" ")
}

/// A relay of `text`: one to three of the edits wire relays make.
fn relay(text: &str, rng: &mut Rng) -> String {
    let mut out = text.to_owned();
    if rng.below(2) == 0 {
        out = out.replace("« ", "\"").replace(" »", "\"");
    }
    if rng.below(2) == 0 {
        // Word edits: about one word in twenty replaced or dropped.
        let words: Vec<&str> = out.split(' ').collect();
        let mut kept = Vec::new();
        for w in words {
            match rng.below(40) {
                0 => {}
                1 => kept.push("notamment"),
                _ => kept.push(w),
            }
        }
        out = kept.join(" ");
    }
    if rng.below(2) == 0 {
        // Truncation to 45-90 % of the text, cut at a space.
        let keep = out.len() * (45 + rng.below(46)) / 100;
        let keep = (0..=keep)
            .rev()
            .find(|&i| out.is_char_boundary(i))
            .unwrap_or(0);
        let cut = out[..keep].rfind(' ').unwrap_or(keep);
        out.truncate(cut);
    }
    if rng.below(3) == 0 {
        out = format!("(AFP) {out} Lire aussi notre dossier.");
    }
    out
}

#[test]
fn duplicate_detection_precision_and_recall() {
    let mut rng = Rng(20_220_310);
    let mut docs: Vec<(String, String)> = Vec::new();
    let mut truth: HashSet<(usize, usize)> = HashSet::new();
    let originals = 400;
    for i in 0..originals {
        docs.push((format!("orig-{i}"), article(i, &mut rng)));
    }
    for r in 0..300 {
        let of = rng.below(originals);
        let text = relay(&docs[of].1, &mut rng);
        truth.insert((docs.len(), of));
        docs.push((format!("relay-{r}"), text));
    }
    let mut index = MemIndex::default();
    let mut found: HashSet<(usize, usize)> = HashSet::new();
    for (i, (id, text)) in docs.iter().enumerate() {
        let doc = Doc {
            doc_id: id.clone(),
            text: Some(text.clone()),
            ..Doc::default()
        };
        if let Some(orig) = index.add(Profile::of(&doc)).duplicate_of {
            let j = docs.iter().position(|(d, _)| *d == orig).unwrap();
            found.insert((i, j));
        }
    }
    // A relay marked as a duplicate of another relay of the same original,
    // or of its original, is right either way: compare by original.
    let root = |i: usize| truth.iter().find(|(r, _)| *r == i).map_or(i, |(_, o)| *o);
    let correct = found.iter().filter(|(i, j)| root(*i) == root(*j)).count();
    let precision = correct as f64 / found.len().max(1) as f64;
    let recalled = truth
        .iter()
        .filter(|(i, _)| found.iter().any(|(f, _)| f == i))
        .count();
    let recall = recalled as f64 / truth.len() as f64;
    println!(
        "synthetic duplicates: {} documents, {} relays, {} flagged, precision {precision:.3}, recall {recall:.3}",
        docs.len(),
        truth.len(),
        found.len()
    );
    assert!(precision >= 0.97, "precision {precision}");
    assert!(recall >= 0.95, "recall {recall}");
}
