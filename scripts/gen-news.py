#!/usr/bin/env python3
"""Writes N generated news documents as Vigie JSON Lines on stdout, for the
scale-out fault test and throughput benchmarks (scripts/scale-test,
scripts/scale-bench).

Why generated: the fault test needs tens of thousands of documents whose
duplicates and stories are known to exist, without shipping a corpus. The text
is assembled from sentence patterns written for Vigie about invented
meetings, so every document is analysed like news (entities, quotes, dates,
amounts, events) while staying short enough for a 2-core machine.

Shape of the output, deterministic for a given --seed:
  * stories: a few documents from different outlets report one invented
    event, each worded differently (near-duplicates are not guaranteed, story
    membership is what the clustering decides);
  * relays: about one document in six is another outlet's verbatim copy of a
    stored body (a duplicate the store links with `duplicate_of`);
  * every document has a unique `id`, an `outlet`, a `published` date and
    `lang` (French or English).

Usage: scripts/gen-news.py N [--seed S] > docs.jsonl
"""
import argparse
import json
import random
import sys

ACTORS_EN = [
    ("the foreign minister of Norway", "Norway"), ("Canada's prime minister", "Canada"),
    ("the Kenyan government", "Kenya"), ("Brazil", "Brazil"), ("the European Union", "EU"),
    ("the United Nations", "UN"), ("Japan", "Japan"), ("the Chilean president", "Chile"),
    ("Indonesia", "Indonesia"), ("the African Union", "AU"), ("Mexico", "Mexico"),
    ("the government of Vietnam", "Vietnam"), ("Poland", "Poland"), ("Egypt", "Egypt"),
]
ACTORS_FR = [
    ("le ministre norvégien des Affaires étrangères", "Norvège"), ("le Canada", "Canada"),
    ("le gouvernement kényan", "Kenya"), ("le Brésil", "Brésil"), ("l'Union européenne", "UE"),
    ("l'ONU", "ONU"), ("le Japon", "Japon"), ("le président chilien", "Chili"),
    ("l'Indonésie", "Indonésie"), ("l'Union africaine", "UA"), ("le Mexique", "Mexique"),
    ("le gouvernement vietnamien", "Vietnam"), ("la Pologne", "Pologne"), ("l'Egypte", "Egypte"),
]
CITIES = ["Geneva", "Nairobi", "Oslo", "Lima", "Hanoi", "Warsaw", "Cairo", "Ottawa", "Jakarta"]
VILLES = ["Genève", "Nairobi", "Oslo", "Lima", "Hanoï", "Varsovie", "Le Caire", "Ottawa", "Jakarta"]
TOPICS_EN = ["fishing quotas", "a new rail corridor", "drought relief", "vaccine supplies",
             "border trade", "a river treaty", "grain exports", "port security"]
TOPICS_FR = ["les quotas de pêche", "un nouveau corridor ferroviaire", "l'aide contre la sécheresse",
             "les livraisons de vaccins", "le commerce frontalier", "un traité fluvial",
             "les exportations de céréales", "la sécurité portuaire"]
SPEAKERS = ["Ilse Moravec", "Tomas Arendt", "Nadia Quiroga", "Kofi Mensah-Lind", "Aiko Teramura",
            "Jonas Feldkirch", "Marisol Etxeberria", "Pavel Ostrowicz"]
OUTLETS = [f"{name}.example" for name in (
    "northwire", "dailyledger", "lagazette", "courrier-du-lac", "the-observer-post",
    "agence-horizon", "metro-times", "le-quotidien", "harbour-news", "la-voix",
    "global-dispatch", "le-matin-libre")]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]


def body(rng, openings, middles, variant):
    """One opening (the variant's wording) and two to four other paragraphs
    in a random order, so the reports of one story differ."""
    rng.shuffle(middles)
    return "\n\n".join([openings[variant % len(openings)]] + middles[: 2 + variant % 3])


def english(rng, story, variant):
    a, b = story["actors"]
    city = CITIES[story["city"]]
    topic = TOPICS_EN[story["topic"]]
    day = WEEKDAYS_EN[story["day"]]
    amount = story["amount"]
    speaker = SPEAKERS[story["speaker"]]
    openings = [
        f"{ACTORS_EN[a][0].capitalize()} met {ACTORS_EN[b][0]} in {city} on {day} to discuss {topic}.",
        f"Talks on {topic} opened in {city} on {day} between {ACTORS_EN[a][0]} and {ACTORS_EN[b][0]}.",
        f"On {day}, {ACTORS_EN[a][0]} and {ACTORS_EN[b][0]} held talks in {city} about {topic}.",
    ]
    middles = [
        f"{ACTORS_EN[a][1]} offered {amount} million dollars in support, officials said.",
        f"{ACTORS_EN[b][1]} demanded guarantees before any agreement on {topic}.",
        f"\"We are not far from a deal,\" said {speaker}, an adviser to the delegation.",
        f"{speaker} said the two sides had agreed to meet again within two weeks.",
        f"About {amount * 100} people protested outside the venue, according to the police.",
    ]
    title = f"{ACTORS_EN[a][1]} and {ACTORS_EN[b][1]} talk {topic} in {city}"
    return title, body(rng, openings, middles, variant)


def french(rng, story, variant):
    a, b = story["actors"]
    ville = VILLES[story["city"]]
    sujet = TOPICS_FR[story["topic"]]
    jour = WEEKDAYS_FR[story["day"]]
    amount = story["amount"]
    speaker = SPEAKERS[story["speaker"]]
    first = ACTORS_FR[a][0]
    openings = [
        f"{first[0].upper()}{first[1:]} a rencontré {ACTORS_FR[b][0]} {jour} à {ville} pour négocier sur {sujet}.",
        f"Des pourparlers sur {sujet} se sont ouverts {jour} à {ville} entre {first} et {ACTORS_FR[b][0]}.",
        f"{jour.capitalize()}, {first} et {ACTORS_FR[b][0]} ont négocié à {ville} sur {sujet}.",
    ]
    middles = [
        f"{ACTORS_FR[a][1]} a proposé une aide de {amount} millions d'euros, selon des responsables.",
        f"{ACTORS_FR[b][1]} a exigé des garanties avant tout accord.",
        f"« Nous ne sommes pas loin d'un accord », a déclaré {speaker}, conseiller de la délégation.",
        f"{speaker} a affirmé que les deux parties se reverraient d'ici deux semaines.",
        f"Environ {amount * 100} personnes ont manifesté devant le bâtiment, selon la police.",
    ]
    title = f"{ACTORS_FR[a][1]} et {ACTORS_FR[b][1]} discutent à {ville}"
    return title, body(rng, openings, middles, variant)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    written = 0
    bodies = []
    story_no = 0
    while written < args.n:
        story_no += 1
        lang = "fr" if rng.random() < 0.5 else "en"
        actors = rng.sample(range(len(ACTORS_EN)), 2)
        story = {
            "actors": actors, "city": rng.randrange(len(CITIES)),
            "topic": rng.randrange(len(TOPICS_EN)), "day": rng.randrange(5),
            "amount": rng.randrange(2, 900), "speaker": rng.randrange(len(SPEAKERS)),
        }
        date = f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        for variant in range(rng.randrange(1, 5)):
            if written >= args.n:
                break
            if bodies and rng.random() < 1 / 6:
                title, text, copied_lang, copied_date = rng.choice(bodies)
                doc_lang, doc_date = copied_lang, copied_date
            else:
                write = french if lang == "fr" else english
                title, text = write(rng, story, variant)
                doc_lang, doc_date = lang, date
                bodies.append((title, text, doc_lang, doc_date))
                if len(bodies) > 2000:
                    bodies.pop(0)
            written += 1
            record = {
                "id": f"gen-{args.seed}-{written:07d}",
                "outlet": rng.choice(OUTLETS),
                "published": doc_date,
                "lang": doc_lang,
                "title": title,
                "text": text,
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
