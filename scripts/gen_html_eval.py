#!/usr/bin/env python3
"""Writes the HTML evaluation set: news pages built the way real sites build
them, each with the hand-marked article body it should yield.

The stories are Vigie's own (html_fixture_articles.py, html_eval_articles.py);
the twelve page shapes below are the ones that defeat boilerplate removers:
CSS-in-JS class names and no <article>, blogs with widgets and long comment
threads, galleries of other stories with captions, paywall teasers, AMP pages,
a body only in JSON-LD-friendly <br> soup, table layouts, "read also" and
newsletter boxes inside the body, infinite scroll bringing the next story,
regional pages with teasers, microdata, live blogs and multi-page articles.

Output, in crates/vigie-read/tests/html_eval/:

  NN-slug.html          the page
  NN-slug.expected.txt  the article body a reader would mark: paragraphs,
                        in-body subheadings, list items and quotes, one per
                        line; no headline, standfirst, byline or caption (the
                        published benchmark's articleBody)
  manifest.tsv          name, lang, published, title, author, outlet, shape

Run again after editing a story or a shape:
  python3 scripts/gen_html_eval.py
"""

import html
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from html_fixture_articles import ARTICLES  # noqa: E402
from html_eval_articles import SPECIAL  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "vigie-read", "tests", "html_eval")
E = html.escape

FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def human_date(a):
    y, m, d = (int(x) for x in a["date"].split("-"))
    if a["lang"] == "fr":
        return f"{d} {FR_MONTHS[m - 1]} {y}"
    return f"{d} {EN_MONTHS[m - 1]} {y}"


def author(a):
    """The person named by the byline ("By Tom Whitaker" -> "Tom Whitaker")."""
    b = a["byline"] or ""
    for lead in ("Propos recueillis par ", "By ", "Par "):
        if b.startswith(lead):
            b = b[len(lead):]
    b = b.split(",")[0]
    for tail in (" at the National Stadium", " envoyé spécial"):
        b = b.replace(tail, "")
    b = b.strip()
    # Desks, agencies and collectives are no person.
    return "" if b in ("Avec AFP", "Par la rédaction", "la rédaction", "Tribune collective") else b


def blocks(a):
    return a.get("blocks") or [("p", p) for p in a["paragraphs"]]


def render(a, p='<p>{}</p>', h2='<h2>{}</h2>', between=None):
    """Body HTML and the expected lines. `between` maps a block index to HTML
    inserted before it (boilerplate inside the body)."""
    out, gold = [], []
    for i, b in enumerate(blocks(a)):
        if between and i in between:
            out.append(between[i])
        kind = b[0]
        if kind == "p":
            out.append(p.format(E(b[1])))
            gold.append(b[1])
        elif kind == "h2":
            out.append(h2.format(E(b[1])))
            gold.append(b[1])
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{E(x)}</li>" for x in b[1]) + "</ul>")
            gold.extend(b[1])
        elif kind == "quote":
            out.append(f"<blockquote><p>{E(b[1])}</p></blockquote>")
            gold.append(b[1])
        elif kind == "qa":
            out.append(f"<p><strong>{E(b[1])}</strong></p>")
            out.append(p.format(E(b[2])))
            gold.extend([b[1], b[2]])
        elif kind == "entry":
            out.append(f'<div class="lb-post" id="post-{b[1].replace(":", "")}"><div class="lb-post__time"><time>{b[1]}</time></div>'
                       f'<div class="lb-post__body"><p>{E(b[2])}</p></div>'
                       f'<div class="lb-post__share"><a href="#">Share</a> <a href="#">Copy link</a></div></div>')
            gold.append(b[2])
    return "\n".join(out), gold


def ld(a, outlet, url, graph=False, body=None, free=True):
    art = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting" if a.get("kind") == "live" else "NewsArticle",
        "headline": a["title"],
        "datePublished": a["date"] + "T08:15:00+01:00",
        "dateModified": a["date"] + "T12:40:00+01:00",
        "inLanguage": "fr-FR" if a["lang"] == "fr" else "en-GB",
        "author": [{"@type": "Person", "name": author(a)}],
        "publisher": {"@type": "NewsMediaOrganization", "name": outlet},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if body is not None:
        art["articleBody"] = body
    if not free:
        art["isAccessibleForFree"] = False
        art["hasPart"] = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywalled"}
    data = art
    if graph:
        art.pop("@context")
        data = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": outlet, "url": "https://example.org/"},
            {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "name": "News"}]},
            art]}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


TRACKING = """<script>window.__APP_STATE__={"user":null,"ab":"b","flags":{"paywall":true}};</script>
<script async src="/static/analytics.js"></script>"""


def cookie(lang):
    if lang == "fr":
        return ('<div class="consent-overlay" role="dialog"><div class="consent-box"><h2>Votre vie privée nous importe</h2>'
                '<p>Avec votre accord, nous et nos 812 partenaires utilisons des cookies ou technologies similaires pour stocker, '
                'consulter et traiter des données personnelles telles que votre visite sur ce site, des identifiants uniques et '
                'des informations de navigation. Vous pouvez retirer votre consentement ou vous opposer aux traitements fondés '
                'sur l\'intérêt légitime à tout moment en cliquant sur « En savoir plus » ou dans notre politique de confidentialité.</p>'
                '<button>Tout accepter</button><button>Tout refuser</button><a href="#">En savoir plus</a></div></div>')
    return ('<div class="consent-overlay" role="dialog"><div class="consent-box"><h2>We value your privacy</h2>'
            '<p>We and our 812 partners store and access information on your device, such as cookies, and process personal '
            'data such as unique identifiers and browsing data, to deliver personalised advertising and content, measure '
            'audiences and develop our products. You can change your choices at any time by returning to this site and '
            'clicking the privacy settings link at the bottom of the page.</p>'
            '<button>Accept all</button><button>Reject all</button><a href="#">Manage options</a></div></div>')


def related_teasers(lang, cls="teaser"):
    if lang == "fr":
        items = [("Logement : les loyers ont encore augmenté de 4 % dans les grandes villes",
                  "Selon l'observatoire des loyers, la hausse touche surtout les petites surfaces louées aux étudiants."),
                 ("Inondations : la commune de Saint-Léger obtient la reconnaissance de catastrophe naturelle",
                  "Les sinistrés ont désormais dix jours pour déclarer leurs dommages à leur assureur."),
                 ("Transports : la ligne de tram T4 fermée tout l'été pour travaux",
                  "Des bus de substitution circuleront toutes les dix minutes entre la gare et l'hôpital.")]
    else:
        items = [("Rents rise again as landlords leave the market",
                  "Figures from the letting agents' association show the steepest annual increase since records began."),
                 ("Town centre regeneration plan wins backing from traders",
                  "The scheme would turn the old bus station into a covered market and a public square."),
                 ("Primary school places: what parents need to know before the deadline",
                  "Applications close at midnight on Friday and late forms will only be considered after the first round.")]
    return "\n".join(f'<div class="{cls}"><a href="/s/{i}"><h3>{E(t)}</h3></a><p class="{cls}__summary">{E(s)}</p></div>'
                     for i, (t, s) in enumerate(items))


def comments(lang, n=6, wrap="comment"):
    fr = ["Je ne comprends pas comment on a pu laisser la situation se dégrader à ce point alors que tout le monde connaissait le problème depuis des années.",
          "Article intéressant, mais il manque le point de vue des habitants directement concernés, qui sont les premiers à subir ces décisions prises loin d'eux.",
          "Toujours la même histoire : on annonce des millions, puis on découvre deux ans plus tard que rien n'a été fait sur le terrain.",
          "Merci pour ce reportage. J'habite à vingt kilomètres et je peux confirmer que personne n'en parlait avant cette semaine.",
          "Il faudrait surtout se demander qui a pris la décision et pourquoi aucun élu n'a voulu répondre aux questions du journaliste.",
          "Les chiffres cités ne correspondent pas à ceux publiés par la préfecture le mois dernier, une vérification serait la bienvenue."]
    en = ["I can't believe it took them this long to act when everyone in the area has been complaining about this for years.",
          "Interesting piece, but it would have been good to hear from the people actually affected rather than only officials.",
          "Same story every time: big announcements, a photo opportunity, and then nothing changes for the people on the ground.",
          "Thanks for covering this. I live nearby and nobody was talking about it until this week, so it is good to see it reported.",
          "The real question is who signed this off and why none of the councillors would answer the reporter's questions.",
          "The figures quoted here don't match the ones the council published last month, so someone has got their sums wrong."]
    texts = (fr if lang == "fr" else en)[:n]
    names = ["Bertrand75", "Mireille D.", "old_harbour", "J. Keane", "citoyen44", "Pat R."]
    return "\n".join(f'<div class="{wrap}"><div class="{wrap}__head"><span>{names[i]}</span> <span>il y a {i + 2} h</span></div>'
                     f'<div class="{wrap}__text"><p>{E(t)}</p></div><div class="{wrap}__actions"><a href="#">Répondre</a> <a href="#">Signaler</a></div></div>'
                     for i, t in enumerate(texts))


def head(a, outlet, url, extra="", title=None, og=True, lang_attr=True, locale=True, ld_html=""):
    lang = a["lang"]
    t = title or a["title"]
    og_tags = ""
    if og:
        og_tags = (f'<meta property="og:title" content="{E(a["title"])}">\n'
                   f'<meta property="og:site_name" content="{E(outlet)}">\n'
                   f'<meta property="og:type" content="article">\n'
                   f'<meta property="og:url" content="{url}">\n')
        if locale:
            og_tags += f'<meta property="og:locale" content="{"fr_FR" if lang == "fr" else "en_GB"}">\n'
    la = f' lang="{"fr" if lang == "fr" else "en"}"' if lang_attr else ""
    return f"""<!DOCTYPE html>
<html{la}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(t)}</title>
{og_tags}<link rel="canonical" href="{url}">
{ld_html}
{extra}
{TRACKING}
</head>
"""


def nav(lang):
    if lang == "fr":
        items = ["À la une", "Politique", "International", "Économie", "Société", "Culture", "Sport", "Météo", "Podcasts", "S'abonner"]
    else:
        items = ["Home", "UK", "World", "Business", "Politics", "Culture", "Sport", "Weather", "Podcasts", "Subscribe"]
    return "<ul>" + "".join(f'<li><a href="/{i}">{E(x)}</a></li>' for i, x in enumerate(items)) + "</ul>"


def footer(lang, outlet):
    if lang == "fr":
        return (f'<div class="ft"><ul><li><a href="#">Mentions légales</a></li><li><a href="#">Gestion des cookies</a></li><li><a href="#">Contact</a></li>'
                f'<li><a href="#">Publicité</a></li><li><a href="#">Recrutement</a></li></ul><p>© 2026 {E(outlet)}. Tous droits réservés.</p></div>')
    return (f'<div class="ft"><ul><li><a href="#">Terms of use</a></li><li><a href="#">Privacy policy</a></li><li><a href="#">Cookies</a></li>'
            f'<li><a href="#">Contact us</a></li><li><a href="#">Advertise</a></li></ul><p>© 2026 {E(outlet)}. All rights reserved.</p></div>')


def fig(a, n):
    if not a.get("caption"):
        return ""
    return f'<figure><img src="/img/{n}.jpg" alt=""><figcaption>{E(a["caption"])}</figcaption></figure>'


# --- 1: CSS-in-JS, no semantic tags, teasers with summaries in the main column --------
def s_cssinjs(a, n):
    outlet = "The Daily Ledger" if a["lang"] == "en" else "Le Courrier national"
    url = f"https://www.ledger.example/news/{a['slug']}-{80000 + n}"
    body_html, gold = render(a, p='<p class="css-83cqas e1wiw3jv0">{}</p>', h2='<h2 class="css-1y2x3">{}</h2>')
    page = head(a, outlet, url, ld_html=ld(a, outlet, url, graph=True)) + f"""<body>
<div id="__next"><div class="css-1kd3i8n">{cookie(a['lang'])}
<div class="css-hd77s1"><a class="css-logo" href="/">{E(outlet)}</a><div class="css-nv01">{nav(a['lang'])}</div></div>
<div class="css-mn91"><div class="css-col-main">
<div class="css-hl22"><h1 class="css-1hl">{E(a['title'])}</h1><p class="css-std">{E(a['standfirst'] or '')}</p></div>
<div class="css-by"><span class="css-auth">{E(a['byline'])}</span> <span class="css-dt">{human_date(a)}</span></div>
{fig(a, n)}
<div class="css-bd0">
{body_html}
</div>
<div class="css-rel"><h2 class="css-relh">{'À lire aussi' if a['lang'] == 'fr' else 'More from The Ledger'}</h2>
{related_teasers(a['lang'], 'css-tz')}
</div></div>
<div class="css-col-side"><h2>{'Les plus lus' if a['lang'] == 'fr' else 'Most read'}</h2>{related_teasers(a['lang'], 'css-mr')}</div>
</div>{footer(a['lang'], outlet)}</div></div>
</body></html>
"""
    return outlet, url, page, gold


# --- 2: blog with widgets, author box and a long comment thread ----------------------
def s_blog(a, n):
    outlet = "Carnets de terrain" if a["lang"] == "fr" else "Field Notes"
    url = f"https://fieldnotes.example/{a['date'].replace('-', '/')}/{a['slug']}/"
    body_html, gold = render(a)
    extra = (f'<meta property="article:published_time" content="{a["date"]}T09:00:00+00:00">\n'
             f'<meta name="author" content="{E(author(a))}">')
    page = head(a, outlet, url, extra=extra, title=f"{a['title']} – {outlet}") + f"""<body class="post-template-default single single-post">
<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="/">{E(outlet)}</a></p>
<p class="site-description">{'Un blog de reportages au long cours' if a['lang'] == 'fr' else 'Long-form reporting from the regions'}</p>
<nav id="site-navigation" class="main-navigation">{nav(a['lang'])}</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{n}" class="post-{n} post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{E(a['title'])}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{a['date']}T09:00:00+00:00">{human_date(a)}</time></span>
<span class="byline"> <span class="author vcard">{E(author(a))}</span></span></div></header>
<div class="entry-content">
{fig(a, n)}
{body_html}
<div class="sharedaddy"><h3>{'Partager' if a['lang'] == 'fr' else 'Share this'}:</h3><ul><li>Facebook</li><li>X</li><li>LinkedIn</li><li>Email</li></ul></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="#">Reportage</a></span> <span class="tags-links">Tagged <a href="#">region</a>, <a href="#">politics</a></span></footer>
</article>
<div class="author-info"><h2 class="author-title">{'À propos de' if a['lang'] == 'fr' else 'About'} {E(author(a))}</h2>
<p class="author-bio">{'Journaliste indépendant, ancien correspondant régional, il écrit sur les territoires, l’agriculture et les services publics depuis quinze ans.' if a['lang'] == 'fr' else 'An independent journalist and former regional correspondent who has written about rural communities, farming and public services for fifteen years.'}</p></div>
<nav class="navigation post-navigation"><div class="nav-previous"><a href="#">Previous post</a></div><div class="nav-next"><a href="#">Next post</a></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">6 {'réponses' if a['lang'] == 'fr' else 'thoughts'}</h2>
<ol class="comment-list">{comments(a['lang'], 6, 'comment-body')}</ol>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form><textarea></textarea><input type="submit" value="Post Comment"></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_search"><form><input type="search" placeholder="Search"></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>{related_teasers(a['lang'], 'recent')}</section>
<section class="widget widget_tag_cloud"><h2>Tags</h2><div class="tagcloud"><a>agriculture</a> <a>climat</a> <a>élections</a> <a>école</a> <a>santé</a> <a>transport</a></div></section>
<section class="widget widget_archive"><h2>Archives</h2><ul><li>March 2026</li><li>February 2026</li><li>January 2026</li></ul></section></aside>
</div><footer id="colophon" class="site-footer">{footer(a['lang'], outlet)}</footer></div>
</body></html>
"""
    return outlet, url, page, gold


# --- 3: the article, then a gallery of other stories with long captions --------------
def s_gallery(a, n):
    outlet = "Morning Herald" if a["lang"] == "en" else "Le Réveil"
    url = f"https://herald.example/story/{a['slug']}"
    body_html, gold = render(a)
    if a["lang"] == "fr":
        caps = ["Des bénévoles nettoient la plage de Kerlouan après le passage de la tempête, dimanche matin.",
                "Le nouveau pont sur la Vilaine a été inauguré samedi en présence de trois cents habitants.",
                "Les élèves du lycée Jean-Moulin ont présenté leur robot lors du concours régional de Rennes."]
    else:
        caps = ["Volunteers clear seaweed from the beach at Carrow Bay after Sunday's storm surge.",
                "The new footbridge over the River Lune was opened on Saturday by the town's oldest resident.",
                "Pupils from Hillside Academy show off the robot that won the regional engineering prize."]
    gallery = "\n".join(f'<figure class="gallery-item"><a href="/pic/{i}"><img src="/g/{i}.jpg" alt=""></a><figcaption>{E(c)}</figcaption></figure>'
                        for i, c in enumerate(caps))
    extra = f'<meta name="author" content="{E(author(a))}">'
    page = head(a, outlet, url, extra=extra, title=f"{a['title']} | {outlet}") + f"""<body>
<header class="masthead"><div class="brand">{E(outlet)}</div><nav>{nav(a['lang'])}</nav></header>
<div class="wrap"><div class="story">
<h1>{E(a['title'])}</h1>
<div class="story-meta">{E(a['byline'])} · <time datetime="{a['date']}T10:20:00Z">{human_date(a)}</time></div>
{fig(a, n)}
<div class="story-body">
{body_html}
</div>
<div class="story-gallery"><h2>{'En images' if a['lang'] == 'fr' else 'In pictures this week'}</h2>
{gallery}
</div></div></div>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- 4: paywall: two paragraphs, then the subscription box ---------------------------
def s_paywall(a, n):
    outlet = "The Economic Observer" if a["lang"] == "en" else "L'Observateur économique"
    url = f"https://observer.example/{a['date'][:4]}/{a['date'][5:7]}/{a['date'][8:]}/{a['slug']}"
    bl = blocks(a)
    shown = dict(a, blocks=bl[:2], paragraphs=None)
    body_html, gold = render(shown)
    box = ('<div class="paywall"><h2>Cet article est réservé aux abonnés</h2><p>Il vous reste 78 % de cet article à lire. '
           'Abonnez-vous pour 1 € le premier mois, sans engagement, et accédez à tous nos contenus, à la newsletter du matin '
           'et aux archives depuis 1945.</p><a class="btn" href="/abo">Je m\'abonne</a> <a href="/login">Déjà abonné ? Se connecter</a></div>'
           if a["lang"] == "fr" else
           '<div class="paywall"><h2>Subscribe to continue reading</h2><p>You have read all your free articles this month. '
           'Subscribe today for unlimited access to our journalism, daily newsletters and the full archive, for just £1 a week '
           'for the first three months. Cancel at any time.</p><a class="btn" href="/subscribe">Subscribe now</a> <a href="/login">Already a subscriber? Sign in</a></div>')
    page = head(a, outlet, url, ld_html=ld(a, outlet, url, free=False)) + f"""<body>
<header><a href="/">{E(outlet)}</a><nav>{nav(a['lang'])}</nav></header>
<main><article>
<h1>{E(a['title'])}</h1><p class="standfirst">{E(a['standfirst'] or '')}</p>
<p class="byline">{E(a['byline'])}</p>
<div class="article-body paywalled">
{body_html}
</div>
{box}
</article>
<section class="related"><h2>Related</h2>{related_teasers(a['lang'])}</section></main>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- 5: AMP -------------------------------------------------------------------------
def s_amp(a, n):
    outlet = "Coastline News" if a["lang"] == "en" else "Info Littoral"
    url = f"https://coastline.example/{a['slug']}.html"
    body_html, gold = render(a)
    lang = "fr" if a["lang"] == "fr" else "en"
    cap = ""
    if a.get("caption"):
        cap = f'<figure><amp-img src="/i/{n}.jpg" width="800" height="450" layout="responsive"></amp-img><figcaption>{E(a["caption"])}</figcaption></figure>'
    page = f"""<!doctype html>
<html ⚡ lang="{lang}">
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>
<title>{E(a['title'])}</title>
<link rel="canonical" href="{url}">
<meta name="viewport" content="width=device-width">
<meta property="og:site_name" content="{E(outlet)}">
{ld(a, outlet, url)}
<style amp-custom>body{{font-family:serif}}.hdr{{display:flex}}</style>
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style>
</head>
<body>
<amp-sidebar id="sidebar" layout="nodisplay" side="left"><nav>{nav(a['lang'])}</nav></amp-sidebar>
<header class="hdr"><button on="tap:sidebar.toggle">☰</button><a href="/">{E(outlet)}</a></header>
<amp-consent id="consent" layout="nodisplay"><div class="consent-ui">{cookie(a['lang'])}</div></amp-consent>
<main><h1>{E(a['title'])}</h1>
<div class="meta">{E(a['byline'])} — {human_date(a)}</div>
{cap}
<amp-social-share type="facebook"></amp-social-share><amp-social-share type="twitter"></amp-social-share>
<div class="content">
{body_html}
<amp-ad width="300" height="250" type="doubleclick" data-slot="/1234/news"><div placeholder>Advertisement</div></amp-ad>
</div>
<div class="amp-related"><h2>{'Sur le même sujet' if a['lang'] == 'fr' else 'Related stories'}</h2>{related_teasers(a['lang'])}</div>
</main>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- 6: body as <br> soup in one div; JSON-LD carries articleBody --------------------
def s_brsoup(a, n):
    outlet = "Valley Gazette" if a["lang"] == "en" else "La Gazette de la vallée"
    url = f"https://valley.example/article.php?id={4400 + n}"
    lines = []
    gold = []
    for b in blocks(a):
        if b[0] == "p":
            lines.append(E(b[1]))
            gold.append(b[1])
    full = "\n\n".join(gold)
    page = head(a, outlet, url, ld_html=ld(a, outlet, url, body=full)) + f"""<body>
<div id="top">{E(outlet)} <div id="menu">{nav(a['lang'])}</div></div>
<div id="left"><div class="box"><b>{'Annonces' if a['lang'] == 'fr' else 'Classifieds'}</b><br>{'Vends tracteur, bon état, 4 500 €' if a['lang'] == 'fr' else 'For sale: garden shed, good condition, £150'}<br>{'Cherche maison à louer secteur nord' if a['lang'] == 'fr' else 'Wanted: allotment plot, north side'}</div>
<div class="box"><b>{'Agenda' if a['lang'] == 'fr' else 'What is on'}</b><br>{'Loto du club de foot samedi 20 h' if a['lang'] == 'fr' else 'Quiz night at the Red Lion, Thursday 8pm'}</div></div>
<div id="center"><span class="titre">{E(a['title'])}</span><br><span class="date">{human_date(a)} — {E(a['byline'])}</span><br><br>
<div class="texte">{'<br><br>'.join(lines)}</div>
<br><div class="partage">{'Partager cet article' if a['lang'] == 'fr' else 'Share this article'}: <a>Facebook</a> <a>Email</a></div></div>
<div id="bottom">{footer(a['lang'], outlet)}</div>
</body></html>
"""
    return outlet, url, page, gold


# --- 7: table layout, date only in the URL -------------------------------------------
def s_tables(a, n):
    outlet = "County Chronicle" if a["lang"] == "en" else "La Chronique du canton"
    url = f"https://chronicle.example/{a['date'].replace('-', '/')}/{a['slug']}.htm"
    body_html, gold = render(a, p='<p><font face="Verdana" size="2">{}</font></p>')
    page = head(a, outlet, url, title=f"{a['title']} - {outlet}", og=False) + f"""<body bgcolor="#ffffff">
<table width="100%" border="0"><tr><td colspan="2" class="banner"><font size="5">{E(outlet)}</font></td></tr>
<tr><td width="160" valign="top" class="menu">{'<br>'.join(f'<a href="/{i}">{x}</a>' for i, x in enumerate(['Accueil', 'Actualités', 'Sports', 'Annonces', 'Nécrologie', 'Contact'] if a['lang'] == 'fr' else ['Home', 'News', 'Sport', 'Classifieds', 'Obituaries', 'Contact']))}</td>
<td valign="top"><table><tr><td><h1><font face="Georgia">{E(a['title'])}</font></h1></td></tr>
<tr><td><i>{E(a['byline'])}</i></td></tr>
<tr><td>{body_html}</td></tr>
<tr><td><hr><b>{'Autres articles' if a['lang'] == 'fr' else 'Other stories'}</b><br>{related_teasers(a['lang'], 'other')}</td></tr></table></td></tr>
<tr><td colspan="2">{footer(a['lang'], outlet)}</td></tr></table>
</body></html>
"""
    return outlet, url, page, gold


# --- 8: read-also links, newsletter box, ads and a "most popular" list inside the body --
def s_inline(a, n):
    outlet = "Metro Post" if a["lang"] == "en" else "Métropole Soir"
    url = f"https://metropost.example/local/{a['slug']}"
    fr = a["lang"] == "fr"
    between = {
        1: f'<div class="ad-slot"><span>{"Publicité" if fr else "Advertisement"}</span><div id="gpt-ad-1"></div></div>',
        2: (f'<aside class="inline-newsletter"><h3>{"Recevez notre newsletter" if fr else "Get our morning briefing"}</h3>'
            f'<p>{"Chaque matin à 7 heures, l’essentiel de l’actualité de votre région dans votre boîte mail, gratuitement." if fr else "Every weekday at 7am, the stories that matter in your area, straight to your inbox, for free."}</p>'
            f'<form><input type="email"><button>{"Je m’inscris" if fr else "Sign up"}</button></form></aside>'),
        3: (f'<p class="read-also"><strong>{"Lire aussi" if fr else "Read more"}:</strong> <a href="/x">'
            f'{"Budget : la métropole augmente la taxe sur les ordures ménagères" if fr else "Council to review bin collections after complaints"}</a></p>'),
    }
    body_html, gold = render(a, between=between)
    popular = ('<div class="most-popular"><h3>' + ("Les plus lus" if fr else "Most popular") + '</h3><ol>'
               + "".join(f'<li><a href="/p{i}">{E(t)}</a></li>' for i, t in enumerate(
                   ["Un incendie détruit un entrepôt en zone industrielle", "Le marché de Noël reviendra place Bellecour",
                    "Un nouveau directeur pour le CHU"] if fr else
                   ["Warehouse fire closes ring road for six hours", "Christmas market returns to the cathedral square",
                    "New chief executive named at the hospital trust"])) + '</ol></div>')
    extra = f'<meta property="article:published_time" content="{a["date"]}T05:00:00Z">\n<meta name="author" content="{E(author(a))}">'
    page = head(a, outlet, url, extra=extra) + f"""<body>
{cookie(a['lang'])}
<header><div class="logo">{E(outlet)}</div><nav class="primary">{nav(a['lang'])}</nav></header>
<div class="layout"><main class="article-main">
<h1 class="headline">{E(a['title'])}</h1>
<p class="dek">{E(a['standfirst'] or '')}</p>
<div class="byline-row">{E(a['byline'])}</div>
{fig(a, n)}
<div class="article-text">
{body_html}
</div>
{popular}
</main></div>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- 9: infinite scroll: the next story follows in full -------------------------------
def s_scroll(a, n, other):
    outlet = "National Wire" if a["lang"] == "en" else "Le Fil national"
    url = f"https://wire.example/{a['slug']}"
    body_html, gold = render(a)
    other_html, _ = render(other)
    page = head(a, outlet, url, ld_html=ld(a, outlet, url)) + f"""<body>
<header>{E(outlet)}<nav>{nav(a['lang'])}</nav></header>
<div id="stream">
<article class="story" data-url="{url}">
<h1>{E(a['title'])}</h1><div class="by">{E(a['byline'])}</div>
<div class="story__body">
{body_html}
</div></article>
<div class="next-label">{'Article suivant' if a['lang'] == 'fr' else 'Next article'}</div>
<article class="story story--next" data-url="https://wire.example/{other['slug']}">
<h2>{E(other['title'])}</h2><div class="by">{E(other['byline'])}</div>
<div class="story__body">
{other_html}
</div></article>
</div>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- 10: regional page with teaser boxes between paragraphs and reactions -------------
def s_regional(a, n):
    outlet = "Le Républicain du Centre" if a["lang"] == "fr" else "The Midland Echo"
    url = f"https://republicain.example/{a['slug']}_{120000 + n}"
    fr = a["lang"] == "fr"
    teaser = (f'<div class="encart-lire"><span class="encart-lire__label">{"À lire aussi" if fr else "Also read"}</span>'
              f'<a href="/t"><span class="encart-lire__titre">{"Les travaux de la rocade prendront fin en septembre, assure le département" if fr else "Bypass roadworks will finish in September, county says"}</span></a>'
              f'<p>{"Le chantier, commencé il y a deux ans, a pris du retard à cause des pluies du printemps." if fr else "The project, which began two years ago, fell behind schedule after a wet spring."}</p></div>')
    body_html, gold = render(a, between={2: teaser})
    page = head(a, outlet, url, extra=f'<meta name="author" content="{E(author(a))}">') + f"""<body>
<div class="bandeau-abonnement">{'Offre spéciale : 1 € le premier mois' if fr else 'Special offer: £1 for your first month'}</div>
<header><div class="titre-site">{E(outlet)}</div><nav>{nav(a['lang'])}</nav>
<div class="villes"><a>Bourges</a> <a>Vierzon</a> <a>Châteauroux</a> <a>Nevers</a></div></header>
<div class="page"><div class="article">
<div class="surtitre">{'Faits divers' if fr else 'News'}</div>
<h1>{E(a['title'])}</h1>
<div class="chapo">{E(a['standfirst'] or '')}</div>
<div class="signature">{E(a['byline'])} — <time datetime="{a['date']}">{human_date(a)}</time></div>
{fig(a, n)}
<div class="corps">
{body_html}
</div>
<div class="reactions"><h2>{'Vos réactions' if fr else 'Your views'}</h2>{comments(a['lang'], 4, 'reaction')}</div>
</div>
<div class="colonne"><div class="bloc-meteo">{'Météo : 14° nuageux' if fr else 'Weather: 14° cloudy'}</div>{related_teasers(a['lang'], 'bloc')}</div></div>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- 11: short article, long discussion thread without "comment" in its classes -------
def s_thread(a, n):
    outlet = "Open Forum News" if a["lang"] == "en" else "Forum Citoyen"
    url = f"https://forum-news.example/p/{a['slug']}"
    body_html, gold = render(a)
    thread = comments(a["lang"], 6, "thread-item") + comments(a["lang"], 6, "thread-reply")
    page = head(a, outlet, url, ld_html=ld(a, outlet, url, graph=True)) + f"""<body>
<div class="top-bar">{E(outlet)} <nav>{nav(a['lang'])}</nav></div>
<div class="post">
<h1>{E(a['title'])}</h1>
<div class="post-meta">{E(a['byline'])}</div>
<div class="post-content">
{body_html}
</div>
<div class="discussion"><h2>{'Discussion' if a['lang'] == 'en' else 'Débat'} (12)</h2>
{thread}
</div></div>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- 12: microdata, related stories with captions at the end of the article -----------
def s_microdata(a, n):
    outlet = "Weekly Review" if a["lang"] == "en" else "L'Hebdo du Sud"
    url = f"https://weekly.example/articles/{a['slug']}"
    body_html, gold = render(a)
    fr = a["lang"] == "fr"
    rel = "".join(f'<li><figure><img src="/r{i}.jpg" alt=""><figcaption>{E(c)}</figcaption></figure></li>' for i, c in enumerate(
        ["La maire de Sète lors de l'inauguration du nouveau port de plaisance, vendredi.",
         "Les pompiers de l'Hérault ont été mobilisés toute la nuit sur le massif de la Gardiole."] if fr else
        ["The mayor at the opening of the new marina on Friday afternoon.",
         "Firefighters worked through the night on the moorland blaze above the reservoir."]))
    page = head(a, outlet, url) + f"""<body>
<header>{E(outlet)}<nav>{nav(a['lang'])}</nav></header>
<div itemscope itemtype="https://schema.org/NewsArticle" class="main">
<h1 itemprop="headline">{E(a['title'])}</h1>
<div class="info">{'Par' if fr else 'By'} <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">{E(author(a))}</span></span>
<meta itemprop="datePublished" content="{a['date']}T07:00:00+01:00"> {human_date(a)}</div>
<div itemprop="articleBody">
{body_html}
</div>
<div class="related-photos"><h2>{'Dans l’actualité' if fr else 'Also in the news'}</h2><ul>{rel}</ul></div>
</div>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- live blog --------------------------------------------------------------------------
def s_live(a, n):
    outlet = "Northern Daily" if a["lang"] == "en" else "Direct Matin"
    url = f"https://live.example/live/{a['date'].replace('-', '/')}/{a['slug']}"
    body_html, gold = render(a)
    fr = a["lang"] == "fr"
    keys = "".join(f'<li><a href="#post-{b[1].replace(":", "")}">{b[1]} {E(b[2][:60])}…</a></li>' for b in blocks(a)[:3])
    page = head(a, outlet, url, ld_html=ld(a, outlet, url)) + f"""<body>
<header>{E(outlet)}<nav>{nav(a['lang'])}</nav></header>
<main class="liveblog"><h1>{E(a['title'])}</h1><p class="standfirst">{E(a['standfirst'])}</p>
<div class="live-meta">{E(a['byline'])} · <span class="live-badge">{'En direct' if fr else 'Live'}</span> · {'Mis à jour' if fr else 'Updated'} <time datetime="{a['date']}T16:05:00Z">16:05</time></div>
<div class="key-events"><h2>{'Les moments clés' if fr else 'Key events'}</h2><ul>{keys}</ul></div>
<div class="lb-feed">
{body_html}
</div>
<button class="lb-more">{'Charger plus de publications' if fr else 'Load more posts'}</button>
</main>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


# --- multi-page article: page 1 of 3 -----------------------------------------------------
def s_multipage(a, n):
    outlet = "Long Read Magazine" if a["lang"] == "en" else "Le Grand Format"
    url = f"https://longread.example/{a['date'][:4]}/{a['date'][5:7]}/{a['date'][8:]}/{a['slug']}/"
    body_html, gold = render(a)
    fr = a["lang"] == "fr"
    pager = (f'<nav class="pagination"><span class="current">1</span> <a href="?page=2">2</a> <a href="?page=3">3</a> '
             f'<a class="next" href="?page=2">{E(a["next_page"])}</a></nav>')
    page = head(a, outlet, url, ld_html=ld(a, outlet, url)) + f"""<body>
<header>{E(outlet)}<nav>{nav(a['lang'])}</nav></header>
<article class="feature">
<header class="feature-head"><h1>{E(a['title'])}</h1><p class="feature-dek">{E(a['standfirst'])}</p>
<p class="feature-by">{E(a['byline'])} · {human_date(a)} · {'Lecture : 12 min' if fr else '12 min read'}</p></header>
{fig(a, n)}
<div class="feature-body">
{body_html}
</div>
{pager}
<div class="feature-series"><h2>{'Dans la même série' if fr else 'In this series'}</h2>{related_teasers(a['lang'], 'series')}</div>
</article>
<footer>{footer(a['lang'], outlet)}</footer>
</body></html>
"""
    return outlet, url, page, gold


SHAPES = [s_cssinjs, s_blog, s_gallery, s_paywall, s_amp, s_brsoup, s_tables, s_inline,
          "scroll", s_regional, s_thread, s_microdata]


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".html", ".expected.txt")) or f == "manifest.tsv":
            os.remove(os.path.join(OUT, f))
    pages = []
    stories = list(ARTICLES) + [s for s in SPECIAL if s["kind"] in ("article", "interview", "explainer", "brief")]
    for i, a in enumerate(stories):
        shape = SHAPES[i % len(SHAPES)]
        if shape == "scroll":
            other = stories[(i + 1) % len(stories)]
            outlet, url, page, gold = s_scroll(a, i, other)
            name = "scroll"
        else:
            outlet, url, page, gold = shape(a, i)
            name = shape.__name__[2:]
        pages.append((a, name, outlet, url, page, gold))
    for i, a in enumerate(s for s in SPECIAL if s["kind"] in ("live", "multipage")):
        shape = s_live if a["kind"] == "live" else s_multipage
        outlet, url, page, gold = shape(a, 100 + i)
        pages.append((a, a["kind"], outlet, url, page, gold))
    rows = ["# name\tlang\tpublished\ttitle\tauthor\toutlet\tshape"]
    for k, (a, shape, outlet, url, page, gold) in enumerate(pages, 1):
        stem = f"{k:02d}-{a['slug']}"
        with open(os.path.join(OUT, stem + ".html"), "w", encoding="utf-8") as f:
            f.write(page)
        with open(os.path.join(OUT, stem + ".expected.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(gold) + "\n")
        # The table shape declares neither outlet nor author in its markup.
        declared_outlet = "-" if shape == "tables" else outlet
        declared_author = "-" if shape == "tables" or not author(a) else author(a)
        rows.append("\t".join([stem, a["lang"], a["date"], a["title"], declared_author, declared_outlet, shape]))
    with open(os.path.join(OUT, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{len(pages)} pages written to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
