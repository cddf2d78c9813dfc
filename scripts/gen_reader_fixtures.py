#!/usr/bin/env python3
"""Writes the small reader fixtures whose bytes matter (legacy encodings,
double-decoded text, feeds, hostile files) under
crates/vigie-read/tests/fixtures/. Texts are written for Vigie.

  python3 scripts/gen_reader_fixtures.py
"""
import gzip
import json
import os

ROOT = os.path.join(os.path.dirname(__file__), "..", "crates", "vigie-read", "tests", "fixtures")


def write(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


FR = ("Le syndicat des éleveurs a réclamé mercredi une aide d'urgence après la sécheresse. "
      "« Nous avons perdu un tiers de nos récoltes », a déclaré sa présidente, Thérèse Caëtan, "
      "qui prévoit une manifestation à Périgueux le 12 août. Le coût est estimé à 4,5 millions d'euros.")
EN = ("The committee’s report, published on Monday, said the council had “failed to act” on "
      "warnings about the bridge — and recommended a €2.4m repair plan.")

# --- encodings -----------------------------------------------------------------
write("encoding/windows-1252.txt", (FR + "\n\n" + EN + "\n").encode("cp1252"))
write("encoding/iso-8859-15.html",
      ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
       "<title>Budget : l'œuvre du conseil</title></head><body><article><h1>Budget : l'œuvre du conseil</h1>"
       "<p>Le conseil a voté un budget de 12 millions d’euros, soit 3 € de plus par habitant et par an. "
       "L'œuvre de restauration de l'église Sainte-Cécile commencera en mai, a précisé le maire.</p>"
       "<p>Les élus de l'opposition ont dénoncé « un cœur de ville oublié » et voté contre le texte.</p>"
       "</article><footer>© 2026 Journal</footer></body></html>")
      .replace("’", "'").encode("iso-8859-15"))
write("encoding/meta-charset-1252.html",
      ('<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Grève à l’usine</title></head>'
       "<body><div class='article'><h1>Grève à l’usine</h1><p>Les salariés de l’usine de Châteaubriant "
       "ont cessé le travail jeudi pour réclamer une hausse de salaire de 5 %, a indiqué le délégué "
       "syndical, qui dénonce « des cadences intenables » depuis l’été dernier.</p>"
       "<p>La direction dit être « ouverte au dialogue » et propose une prime exceptionnelle.</p>"
       "</div></body></html>").encode("cp1252"))
double = (FR + "\n\n" + EN + "\n").encode("utf-8").decode("cp1252", errors="replace")
write("encoding/double-decoded.txt", double.encode("utf-8"))
write("encoding/utf16-bom.txt", ("\ufeff" + FR + "\n").encode("utf-16-le"))

# --- feeds -----------------------------------------------------------------------
write("feeds/rss2.xml", """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>L'Écho de l'Ouest - Bretagne</title>
<link>https://www.echo-ouest.example/bretagne</link>
<description>Toute l'actualité de la Bretagne</description>
<language>fr</language>
<item>
<title>Brest : le port de commerce accueille un nouveau terminal</title>
<link>https://www.echo-ouest.example/brest-terminal-1</link>
<pubDate>Mon, 09 Mar 2026 07:15:00 +0100</pubDate>
<dc:creator>Anne Le Goff</dc:creator>
<description>Le terminal, inauguré lundi, doit doubler la capacité du port.</description>
<content:encoded><![CDATA[<p>Le nouveau terminal du port de commerce de Brest a été inauguré lundi en présence du président de la région.</p>
<p>Il doit permettre de doubler la capacité d'accueil des navires d'ici 2028. <a href="/autre">Lire aussi</a></p>]]></content:encoded>
</item>
<item>
<title>Quimper : la médiathèque rouvre après travaux</title>
<link>https://www.echo-ouest.example/quimper-mediatheque-2</link>
<pubDate>Sun, 08 Mar 2026 18:40:00 +0100</pubDate>
<description>&lt;p&gt;Après dix-huit mois de travaux, la médiathèque des Ursulines rouvre ses portes samedi avec des horaires élargis.&lt;/p&gt;</description>
</item>
</channel>
</rss>
""")
write("feeds/rss1.rdf", """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example/rss">
<title>Harrowby Gazette</title>
<link>https://news.example/</link>
<description>Local news</description>
<items><rdf:Seq><rdf:li rdf:resource="https://news.example/1"/></rdf:Seq></items>
</channel>
<item rdf:about="https://news.example/1">
<title>Library hours cut in budget vote</title>
<link>https://news.example/1</link>
<description>Nine of the fourteen libraries will open for fewer hours from April, after the council approved its budget on Monday.</description>
<dc:date>2026-02-09T20:30:00Z</dc:date>
</item>
</rdf:RDF>
""")
write("feeds/atom.xml", """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>Meridian Wire - World</title>
<id>urn:meridian:world</id>
<updated>2026-03-05T22:00:00Z</updated>
<link href="https://www.meridianwire.example/world/"/>
<entry>
<title>Flights suspended at Westhaven after drone sightings</title>
<id>urn:meridian:1</id>
<link rel="alternate" href="https://www.meridianwire.example/world/2026/03/05/drones/"/>
<published>2026-03-05T21:10:00Z</published>
<updated>2026-03-05T21:40:00Z</updated>
<author><name>Nikhil Sharma</name></author>
<summary>Runway closed for almost three hours.</summary>
<content type="html">&lt;p&gt;Westhaven airport suspended all flights for almost three hours on Wednesday evening after two drones were seen near the runway.&lt;/p&gt;&lt;p&gt;Police searched nearby fields but did not find the operators.&lt;/p&gt;</content>
</entry>
<entry>
<title type="html">Beavers return to &lt;em&gt;Kellsdale&lt;/em&gt;</title>
<id>urn:meridian:2</id>
<link href="https://www.meridianwire.example/world/2026/04/18/beavers/"/>
<updated>2026-04-18T09:00:00Z</updated>
<summary type="text">Two beaver families were released into an enclosure on the upper river on Friday.</summary>
</entry>
</feed>
""")
write("feeds/feed.json", json.dumps({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Le Petit Journal du Canton",
    "home_page_url": "https://petitjournal.example/",
    "items": [
        {"id": "1", "url": "https://petitjournal.example/2025/12/05/musee/",
         "title": "Vol au musée : deux tableaux dérobés",
         "content_html": "<p>Deux toiles flamandes ont été volées dans la nuit de mercredi à jeudi.</p><p>L'enquête a été confiée à un office spécialisé.</p>",
         "date_published": "2025-12-05T09:00:00+01:00"},
        {"id": "2", "url": "https://petitjournal.example/2025/12/06/marche/",
         "title": "Le marché de Noël ouvre samedi",
         "content_text": "Une cinquantaine d'exposants sont attendus place de la Mairie jusqu'au 24 décembre.",
         "date_published": "2025-12-06T08:00:00+01:00"},
    ],
}, ensure_ascii=False, indent=1))
with open(os.path.join(ROOT, "feeds/rss2.xml"), "rb") as f:
    write("feeds/rss2-gzipped.rss.gz", gzip.compress(f.read(), mtime=0))

# --- hostile ---------------------------------------------------------------------
lol = ['<?xml version="1.0"?>', "<!DOCTYPE rss [", '<!ENTITY lol "lol">']
for i in range(1, 10):
    prev = "lol" if i == 1 else f"lol{i-1}"
    lol.append(f'<!ENTITY lol{i} "{("&" + prev + ";") * 10}">')
lol.append("]>")
lol.append('<rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title>'
           "<description>&lol9;</description></item></channel></rss>")
write("hostile/billion-laughs.xml", "\n".join(lol) + "\n")
write("hostile/all-script.html",
      "<!DOCTYPE html><html><head><script>" + "var cfg={a:1,b:'x'};" * 300 + "</script></head><body>"
      + "<script>document.write('<p>' + cfg.b + '</p>');</script>" * 50 + "<noscript>Activez JavaScript.</noscript></body></html>")
write("hostile/unclosed.html",
      "<html><head><title>Unclosed</title><body><div><div><p>Le conseil a voté le budget lundi soir, après un long débat"
      "<p>L'opposition a voté contre<table><tr><td>cellule<div><span><b><i>" * 20)
write("hostile/binary.html", bytes(range(256)) * 64)
page = "<html><body>" + "".join(f"<p>Paragraphe {i} de l'article, numéro {i * 7919 % 10007}.</p>" for i in range(2000)) + "</body></html>"
packed = gzip.compress(page.encode(), mtime=0)
write("hostile/truncated.html.gz", packed[: len(packed) // 2])
print("fixtures written under", os.path.normpath(ROOT))
