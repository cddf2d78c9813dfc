#!/usr/bin/env python3
"""Writes the HTML reader fixtures: news pages with realistic boilerplate.

Each article of html_fixture_articles.py (stories written for Vigie) is wrapped
in one of eight site templates modelled on the layouts of real news sites
(navigation, cookie banners, "most read" boxes, inline and trailing related
links, share buttons, newsletter boxes, comments, "(c) 2026" footers), and
written to crates/vigie-read/tests/fixtures/html/ as:

  NN-slug.html        the page
  NN-slug.body.txt    the hand-marked body: headline, standfirst, byline,
                      caption and paragraphs, one per paragraph, blank-line
                      separated (what a reader of the page calls "the article")
  manifest.tsv        name, lang, expected published date, expected title,
                      expected outlet

Run it again after editing an article or a template:
  python3 scripts/gen_html_fixtures.py
"""

import html
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from html_fixture_articles import ARTICLES  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "vigie-read", "tests", "fixtures", "html")

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


def paras(a, wrap="<p>{}</p>", inline=None, at=2):
    out = []
    for i, p in enumerate(a["paragraphs"]):
        if inline and i == at:
            out.append(inline)
        out.append(wrap.format(E(p)))
    return "\n".join(out)


def figure(a, cls="figure"):
    if not a["caption"]:
        return ""
    return (f'<figure class="{cls}"><img src="/img/{a["slug"]}.jpg" alt="" width="800" height="450">'
            f'<figcaption>{E(a["caption"])} <span class="credit">Photo : agence</span></figcaption></figure>')


def jsonld(a, outlet, url, graph=False):
    art = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "datePublished": a["date"] + "T07:30:00+01:00",
        "dateModified": a["date"] + "T11:02:00+01:00",
        "inLanguage": "fr-FR" if a["lang"] == "fr" else "en-GB",
        "author": [{"@type": "Person", "name": a["byline"].split(" ", 1)[1].split(",")[0]}],
        "publisher": {"@type": "Organization", "name": outlet,
                      "logo": {"@type": "ImageObject", "url": "https://example.org/logo.png"}},
        "mainEntityOfPage": url,
    }
    if graph:
        art.pop("@context")
        data = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": outlet, "url": "https://example.org/"},
            {"@type": "BreadcrumbList", "itemListElement": []},
            art,
        ]}
    else:
        data = art
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


COMMON_JS = """<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script>
<script src="/static/js/vendor.min.js" defer></script>"""


# --- A: French national daily, <article>, inline "Lire aussi", JSON-LD -----------------
def tpl_a(a, n):
    outlet = "Le Quotidien du Matin"
    url = f"https://www.quotidien-matin.example/societe/article/{a['date'].replace('-', '/')}/{a['slug']}_{6000 + n}.html"
    lire = ('<p class="article__related"><span class="lire-aussi">Lire aussi |</span> '
            '<a href="/economie/article/2026/01/05/inflation.html">L\u2019inflation ralentit en zone euro, mais les prix alimentaires restent élevés</a></p>')
    body = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{E(a['title'])}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{E(a['title'])}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:type" content="article">
<meta property="og:description" content="{E(a['standfirst'])}">
<link rel="canonical" href="{url}">
{jsonld(a, outlet, url)}
{COMMON_JS}
</head>
<body class="article-page">
<div id="cookie-banner" class="cmp-banner" role="dialog">
  <p>Nous et nos partenaires utilisons des cookies pour mesurer l'audience, personnaliser les contenus et vous proposer des publicités adaptées. Vous pouvez accepter ou refuser à tout moment.</p>
  <button class="cmp-accept">Accepter et fermer</button> <button class="cmp-refuse">Continuer sans accepter</button> <a href="/cookies">Paramétrer les cookies</a>
</div>
<header class="site-header">
  <a class="logo" href="/">{outlet}</a>
  <nav class="main-nav"><ul>
    <li><a href="/international/">International</a></li><li><a href="/politique/">Politique</a></li>
    <li><a href="/societe/">Société</a></li><li><a href="/economie/">Économie</a></li>
    <li><a href="/culture/">Culture</a></li><li><a href="/sport/">Sport</a></li>
    <li><a href="/abonnement/" class="cta">S'abonner</a></li><li><a href="/connexion/">Se connecter</a></li>
  </ul></nav>
</header>
<main>
<nav class="breadcrumb"><a href="/">Accueil</a> › <a href="/societe/">Société</a></nav>
<article class="article article--content">
  <h1 class="article__title">{E(a['title'])}</h1>
  <p class="article__desc">{E(a['standfirst'])}</p>
  <div class="meta"><span class="author">{E(a['byline'])}</span>
  <span class="meta__date">Publié le <time datetime="{a['date']}T07:30:00+01:00">{human_date(a)} à 07h30</time></span>
  <span class="reading-time">Temps de lecture : 3 min.</span></div>
  <ul class="share"><li><a href="#">Partager sur Facebook</a></li><li><a href="#">Partager sur X</a></li><li><a href="#">Envoyer par e-mail</a></li><li><a href="#">Copier le lien</a></li></ul>
  {figure(a, 'article__media')}
  <section class="article__content">
{paras(a, '<p class="article__paragraph">{}</p>', lire, 2)}
  </section>
  <section class="article__reactions"><h2>Réactions</h2>
   <p class="reactions-info">Vous pouvez lire les 48 réactions à cet article. Connectez-vous pour réagir.</p>
   <div class="comment"><span class="comment__author">Bertrand75</span><p>Encore une fois on découvre tout ça par la presse, personne n'a été consulté. Lamentable.</p></div>
   <div class="comment"><span class="comment__author">Mireille D.</span><p>Merci pour cet article très complet, cela change des dépêches habituelles.</p></div>
  </section>
</article>
<aside class="most-read"><h2>Les plus lus</h2><ol>
  <li><a href="/a">Retraites : ce qui change au 1er avril pour les pensions</a></li>
  <li><a href="/b">Le prix de l'électricité va baisser pour les ménages en février</a></li>
  <li><a href="/c">Tempête : 40 000 foyers toujours privés de courant en Bretagne</a></li>
</ol></aside>
<aside class="services"><h2>Services</h2><ul><li>Mots croisés</li><li>Sudoku</li><li>Annonces immobilières</li></ul></aside>
</main>
<footer class="site-footer">
  <ul><li><a href="/mentions">Mentions légales</a></li><li><a href="/cgv">Conditions générales</a></li><li><a href="/contact">Nous contacter</a></li><li><a href="/charte">Charte de confidentialité</a></li></ul>
  <p>© {outlet} 2026 - Tous droits réservés. Reproduction interdite.</p>
</footer>
</body>
</html>
"""
    return outlet, body


# --- B: English public broadcaster, div soup with data-component, no <article> -------------
def tpl_b(a, n):
    outlet = "Northern News Service"
    url = f"https://www.nns.example/news/uk-{63000000 + n}"
    blocks = "\n".join(
        f'<div data-component="text-block" class="ssrcss-11r1m41-RichTextComponentWrapper"><div class="ssrcss-7uxr49-RichTextContainer"><p class="ssrcss-1q0x1qg-Paragraph">{E(p)}</p></div></div>'
        for p in a["paragraphs"]
    )
    fig = ""
    if a["caption"]:
        fig = (f'<div data-component="image-block"><figure><div class="image"><img src="/i/{n}.jpg" alt="{E(a["caption"])}"></div>'
               f'<span class="credit">Getty Images</span><figcaption>{E(a["caption"])}</figcaption></figure></div>')
    body = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{E(a['title'])} - {outlet}</title>
<meta property="og:title" content="{E(a['title'])}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{a['date']}T06:12:44.000Z">
<meta property="article:section" content="UK">
<meta name="description" content="{E(a['standfirst'])}">
<link rel="canonical" href="{url}">
{COMMON_JS}
</head>
<body>
<div id="orb-banner"><a href="#main-content">Skip to content</a></div>
<div class="cookie-prompt"><h2>Let us know you agree to cookies</h2><p>We use cookies to give you the best online experience. Please let us know if you agree to all of these cookies.</p><button>Yes, I agree</button><a href="/cookies">No, take me to settings</a></div>
<header><nav aria-label="main"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li><li><a href="/iplayer">iPlayer</a></li><li><a href="/sounds">Sounds</a></li></ul></nav>
<nav aria-label="news"><ul><li>UK</li><li>World</li><li>Business</li><li>Politics</li><li>Tech</li><li>Science</li><li>Health</li></ul></nav></header>
<div id="main-content" class="ssrcss-main">
 <div class="ssrcss-header"><h1 id="main-heading" class="ssrcss-15xko80-StyledHeading">{E(a['title'])}</h1></div>
 <div data-component="byline-block"><div class="byline"><span class="name">{E(a['byline'])}</span></div>
 <div class="date"><time datetime="{a['date']}T06:12:44.000Z">{human_date(a)}</time></div></div>
 <div class="share-tools"><button>Share</button><button>Save</button></div>
 {fig}
 <div data-component="text-block"><p class="intro"><b>{E(a['standfirst'])}</b></p></div>
{blocks}
 <div data-component="tag-list"><h2>Related topics</h2><ul><li><a href="/t1">Local government</a></li><li><a href="/t2">England</a></li></ul></div>
 <section data-component="links-block"><h2>More on this story</h2><ul>
  <li><a href="/r1">What is happening to council budgets?</a></li><li><a href="/r2">Residents' anger at plans for town centre</a></li></ul></section>
</div>
<aside class="top-stories"><h2>Top stories</h2><ul><li><a href="/s1">Live: Prime minister faces questions in Commons</a></li><li><a href="/s2">Storm warning issued for west coast</a></li><li><a href="/s3">Inflation falls to lowest level in three years</a></li></ul>
<h2>Most read</h2><ol><li>Man arrested after police chase through city</li><li>The seaside town where house prices doubled</li><li>Football club fined over ticket sales</li></ol></aside>
<footer><p>Copyright © 2026 {outlet}. The NNS is not responsible for the content of external sites. <a href="/linking">Read about our approach to external linking.</a></p>
<ul><li>Terms of Use</li><li>About the NNS</li><li>Privacy Policy</li><li>Cookies</li><li>Accessibility Help</li><li>Contact the NNS</li></ul></footer>
</body>
</html>
"""
    return outlet, body


# --- C: English daily, JSON-LD @graph, inline "Read more" aside, newsletter, comments ------
def tpl_c(a, n):
    outlet = "The Evening Courier"
    url = f"https://www.eveningcourier.example/uk-news/{a['date'].replace('-', '/')}/{a['slug']}"
    readmore = ('<aside class="rich-link"><p>Read more</p><a href="/x">Why rail disputes have dragged on for two years</a></aside>')
    body = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{E(a['title'])} | UK news | {outlet}</title>
<meta property="og:title" content="{E(a['title'])}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:url" content="{url}">
<meta name="author" content="{E(a['byline'][3:])}">
{jsonld(a, outlet, url, graph=True)}
{COMMON_JS}
</head>
<body>
<a class="skip" href="#maincontent">Skip to main content</a>
<header><div class="support-banner">Support the Courier: available for everyone, funded by readers. <a href="/contribute">Support us</a></div>
<nav><ul><li>News</li><li>Opinion</li><li>Sport</li><li>Culture</li><li>Lifestyle</li></ul></nav>
<nav class="subnav"><ul><li>UK</li><li>World</li><li>Climate crisis</li><li>Newsletters</li><li>Business</li><li>Environment</li></ul></nav></header>
<main id="maincontent">
<article>
 <div class="headline"><h1>{E(a['title'])}</h1></div>
 <div class="standfirst"><p>{E(a['standfirst'])}</p></div>
 {figure(a, 'main-media')}
 <aside class="meta"><address><a rel="author" href="/profile/x">{E(a['byline'])}</a></address>
 <details><summary>{human_date(a)} 08.15 GMT</summary><p>Last modified on {human_date(a)} 11.02 GMT</p></details>
 <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a> <a href="#">Share via Email</a></div></aside>
 <div class="article-body-commercial-selector article-body">
{paras(a, '<p>{}</p>', readmore, 3)}
 </div>
 <div class="newsletter-signup"><p class="title">Sign up to First Edition</p><p>Our morning email breaks down the key stories of the day, telling you what's happening and why it matters.</p><p>Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties.</p><button>Sign up</button></div>
 <div class="submeta"><h2>Explore more on these topics</h2><ul><li>Transport</li><li>Trade unions</li><li>news</li></ul></div>
 <section id="comments"><h2>Comments (212)</h2><p>Sign in or create your account to join the discussion.</p>
  <div class="comment"><span class="user">railfan88</span><p>About time someone stood up for passenger safety. Full support.</p></div>
  <div class="comment"><span class="user">JohnnyD</span><p>Another week of working from home then. Great.</p></div>
  <div class="comment"><span class="user">Pip_in_York</span><p>The article doesn't mention that the operators have made a new offer. Or have I missed something?</p></div>
 </section>
</article>
<aside class="onwards"><h2>Most viewed</h2><ol><li>Scientists discover new species of deep-sea octopus</li><li>House prices fall for fourth month in a row</li><li>Review: the best new novels of the season</li></ol></aside>
</main>
<footer><p>© 2026 {outlet} News &amp; Media Limited or its affiliated companies. All rights reserved.</p><ul><li>About us</li><li>Contact us</li><li>Complaints &amp; corrections</li><li>Work for us</li></ul></footer>
</body>
</html>
"""
    return outlet, body


# --- D: French regional paper, chapô, "À lire aussi" list, user comments --------------
def tpl_d(a, n):
    outlet = "L'Écho de l'Ouest"
    url = f"https://www.echo-ouest.example/{a['slug']}-{n}"
    y, m, d = a["date"].split("-")
    body = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{E(a['title'])} - {outlet}</title>
<meta itemprop="datePublished" content="{a['date']}T08:12:00+01:00">
<meta name="application-name" content="{outlet}">
<link rel="canonical" href="{url}">
{COMMON_JS}
</head>
<body>
<div id="bandeau-haut"><a href="/">{outlet}</a> <span class="meteo">Rennes 12°</span> <a href="/abonnement">Abonnez-vous</a> <a href="/edition-numerique">Le journal numérique</a></div>
<ul id="menu"><li><a href="/actu">Actu</a></li><li><a href="/bretagne">Bretagne</a></li><li><a href="/pays-de-la-loire">Pays de la Loire</a></li><li><a href="/normandie">Normandie</a></li><li><a href="/sport">Sport</a></li><li><a href="/faits-divers">Faits divers</a></li><li><a href="/necrologie">Avis de décès</a></li></ul>
<div id="contenu">
 <div class="fil-ariane">Accueil &gt; Actu &gt; Régions</div>
 <div class="article">
  <h1 class="titre">{E(a['title'])}</h1>
  <p class="auteur">{E(a['byline'])}</p>
  <p class="date">Publié le {d}/{m}/{y} à 08h12</p>
  <ul class="partage"><li>Facebook</li><li>Twitter</li><li>WhatsApp</li><li>Imprimer</li></ul>
  <p class="chapo"><strong>{E(a['standfirst'])}</strong></p>
  {figure(a, 'photo')}
  <div class="texte">
{paras(a)}
  </div>
  <div class="pub">Publicité</div>
  <div class="a-lire-aussi"><h3>À lire aussi</h3><ul>
   <li><a href="/1">Bretagne : les prix de l'immobilier continuent de grimper sur le littoral</a></li>
   <li><a href="/2">Rennes : un nouveau centre de santé ouvrira en juin</a></li>
   <li><a href="/3">Football : le Stade rennais s'impose à domicile</a></li></ul></div>
  <div id="commentaires"><h3>Vos commentaires (12)</h3>
   <div class="com"><b>Yvon29</b> <span>il y a 2 heures</span><p>Il serait temps que les pouvoirs publics se réveillent, on en parle depuis des années.</p></div>
   <div class="com"><b>Nolwenn</b> <span>il y a 3 heures</span><p>Bravo à tous ceux qui se mobilisent, on lâche rien !</p></div>
   <form><textarea placeholder="Votre commentaire"></textarea><button>Publier</button></form>
  </div>
 </div>
 <div id="colonne-droite"><h3>Les plus lus</h3><ol><li>Accident sur la RN 12 : la circulation coupée dans les deux sens</li><li>Marée : un coefficient de 118 attendu ce week-end</li><li>Le marché de Noël de retour place de la Mairie</li></ol>
 <h3>Petites annonces</h3><p>Vends maison 5 pièces, proche centre, 240 000 €.</p></div>
</div>
<div id="consentement"><p>Avec votre accord, nous et nos 312 partenaires utilisons des cookies ou technologies similaires pour stocker et accéder à des informations personnelles comme votre visite sur ce site.</p><button>J'accepte</button><button>Je refuse</button></div>
<div id="pied"><p>© 2026 {outlet} - Tous droits réservés</p><p><a href="/plan">Plan du site</a> | <a href="/cgu">CGU</a> | <a href="/pub">Publicité</a> | <a href="/recrutement">Recrutement</a></p></div>
</body>
</html>
"""
    return outlet, body


# --- E: WordPress local news blog, sharedaddy, related posts, comment list, widgets --------
def tpl_e(a, n):
    fr = a["lang"] == "fr"
    outlet = "Le Petit Journal du Canton" if fr else "Dalesford Today"
    url = f"https://{'petitjournal' if fr else 'dalesfordtoday'}.example/{a['date'].replace('-', '/')}/{a['slug']}/"
    share = "Partager :" if fr else "Share this:"
    related = "Articles similaires" if fr else "Related"
    reply = "Laisser un commentaire" if fr else "Leave a Reply"
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": url, "url": url, "name": a["title"] + " – " + outlet},
        {"@type": "Article", "headline": a["title"], "datePublished": a["date"] + "T09:00:00+00:00",
         "author": {"name": a["byline"].split(" ", 1)[1].split(",")[0]},
         "publisher": {"@type": "Organization", "name": outlet}},
    ]}
    body = f"""<!DOCTYPE html>
<html lang="{'fr-FR' if fr else 'en-US'}">
<head>
<meta charset="UTF-8">
<title>{E(a['title'])} &#8211; {outlet}</title>
<meta property="og:locale" content="{'fr_FR' if fr else 'en_US'}">
<meta property="og:type" content="article">
<meta property="og:title" content="{E(a['title'])}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{a['date']}T09:00:00+00:00">
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph, ensure_ascii=False)}</script>
<link rel="stylesheet" id="wp-block-library-css" href="/wp-includes/css/dist/block-library/style.min.css" media="all">
{COMMON_JS}
</head>
<body class="post-template-default single single-post">
<div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">{outlet}</a></p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li><a href="/">{'Accueil' if fr else 'Home'}</a></li><li><a href="/news/">{'Actualités' if fr else 'News'}</a></li><li><a href="/sport/">Sport</a></li><li><a href="/events/">{'Agenda' if fr else "What's on"}</a></li><li><a href="/contact/">Contact</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{4000 + n}" class="post-{4000 + n} post type-post status-publish format-standard hentry category-news">
<header class="entry-header"><h1 class="entry-title">{E(a['title'])}</h1>
<div class="entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{a['date']}T09:00:00+00:00">{human_date(a)}</time></a></span> <span class="byline"><span class="author vcard">{E(a['byline'])}</span></span></div></header>
<div class="entry-content">
<p><em>{E(a['standfirst'])}</em></p>
{figure(a, 'wp-block-image')}
{paras(a)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">{share}</h3><ul><li><a class="share-facebook" href="#">Facebook</a></li><li><a class="share-twitter" href="#">X</a></li><li><a class="share-email" href="#">{'E-mail' if fr else 'Email'}</a></li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>{related}</em></h3>
<div class="jp-relatedposts-items"><p><a href="/r1">{'Le conseil municipal vote le budget 2026' if fr else 'Town hall to reopen after refurbishment'}</a></p><p><a href="/r2">{'Travaux : la rue de la Gare fermée en mars' if fr else 'Roadworks to close High Street in March'}</a></p></div></div>
</div>
<footer class="entry-footer"><span class="cat-links">{'Publié dans' if fr else 'Posted in'} <a href="/category/news/">News</a></span> <span class="tags-links">Tags: <a href="/tag/local/">local</a></span></footer>
</article>
<nav class="navigation post-navigation"><div class="nav-previous"><a href="/prev/">{'Article précédent' if fr else 'Previous post'}</a></div><div class="nav-next"><a href="/next/">{'Article suivant' if fr else 'Next post'}</a></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">{'3 réflexions sur' if fr else '3 thoughts on'} &ldquo;{E(a['title'])}&rdquo;</h2>
<ol class="comment-list">
<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{'Jean-Pierre' if fr else 'Sue H'}</b> <time>{human_date(a)}</time></footer><div class="comment-content"><p>{'Très bon article, merci de suivre ce dossier de près.' if fr else 'Thanks for covering this, the main papers never do.'}</p></div></article></li>
<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{'Martine' if fr else 'Dave from Eastgate'}</b></footer><div class="comment-content"><p>{'On attend de voir la suite, comme toujours.' if fr else 'We will see what actually happens. Not holding my breath.'}</p></div></article></li>
</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">{reply}</h3><form><p class="comment-notes">{'Votre adresse e-mail ne sera pas publiée.' if fr else 'Your email address will not be published.'}</p><textarea></textarea><input type="submit" value="{'Laisser un commentaire' if fr else 'Post Comment'}"></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">{'Articles récents' if fr else 'Recent Posts'}</h2><ul><li><a href="/a">{'Marché de printemps : les exposants attendus' if fr else 'Spring fair returns to the park'}</a></li><li><a href="/b">{'La piscine ferme pour vidange' if fr else 'Swimming pool closed for repairs'}</a></li></ul></section>
<section class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul><li>{'mars 2026' if fr else 'March 2026'}</li><li>{'février 2026' if fr else 'February 2026'}</li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">© 2026 {outlet} · {'Fièrement propulsé par WordPress' if fr else 'Proudly powered by WordPress'}</div></footer>
</div>
</body>
</html>
"""
    return outlet, body


# --- F: AMP page, wire story, JSON-LD only, "most read" list ----------------------------
def tpl_f(a, n):
    fr = a["lang"] == "fr"
    outlet = "Dépêches Express" if fr else "Wire Express"
    url = f"https://{'depeches' if fr else 'wire'}.example/amp/{a['slug']}"
    body = f"""<!doctype html>
<html ⚡ lang="{a['lang']}">
<head>
<meta charset="utf-8">
<title>{E(a['title'])}</title>
<link rel="canonical" href="{url.replace('/amp/', '/')}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
{jsonld(a, outlet, url)}
<script async src="https://cdn.ampproject.example/v0.js"></script>
<style amp-custom>body{{font-family:sans-serif}} .ad{{height:250px}}</style>
</head>
<body>
<amp-consent id="consent" layout="nodisplay"><div class="consent-ui"><p>{'Ce site utilise des cookies. En poursuivant votre navigation, vous acceptez leur utilisation.' if fr else 'This site uses cookies. By continuing to browse, you agree to their use.'}</p><button on="tap:consent.accept">OK</button></div></amp-consent>
<header class="bar"><a href="/">{outlet}</a> <button on="tap:sidebar.toggle">Menu</button></header>
<amp-sidebar id="sidebar" layout="nodisplay"><ul><li>{'France' if fr else 'World'}</li><li>{'Monde' if fr else 'Business'}</li><li>{'Économie' if fr else 'Markets'}</li><li>Sport</li></ul></amp-sidebar>
<div class="page">
<h1>{E(a['title'])}</h1>
<div class="byline">{E(a['byline'])} — {human_date(a)}</div>
<h2 class="lead">{E(a['standfirst'])}</h2>
{('<figure><amp-img src="/p.jpg" width="800" height="450" layout="responsive"></amp-img><figcaption>' + E(a['caption']) + '</figcaption></figure>') if a['caption'] else ''}
{paras(a, '<p>{}</p>', '<div class="ad"><amp-ad type="doubleclick" width="300" height="250"></amp-ad><span>' + ('Publicité' if fr else 'Advertisement') + '</span></div>', 2)}
<div class="social"><amp-social-share type="twitter"></amp-social-share><amp-social-share type="facebook"></amp-social-share><amp-social-share type="email"></amp-social-share></div>
<section class="mostread"><h3>{'Les plus lues' if fr else 'Most read'}</h3><ul>
<li><a href="/1">{'Bourse : le CAC 40 termine en hausse' if fr else 'Oil prices climb after supply talks stall'}</a></li>
<li><a href="/2">{'Météo : des orages attendus dans le Sud-Est' if fr else 'Central bank holds rates for third month'}</a></li>
<li><a href="/3">{'Tennis : la Française qualifiée pour les quarts' if fr else 'Champions league: late goal sends holders through'}</a></li></ul></section>
</div>
<footer><p>{'© 2026 Dépêches Express. Tous droits de reproduction réservés.' if fr else '© 2026 Wire Express. All rights reserved.'}</p></footer>
</body>
</html>
"""
    return outlet, body


# --- G: English wire agency, paragraph testids, date only in URL, "Read next" -----------
def tpl_g(a, n):
    outlet = "Meridian Wire"
    url = f"https://www.meridianwire.example/world/{a['date'].replace('-', '/')}/{a['slug']}/"
    ps = "\n".join(
        f'<div data-testid="paragraph-{i}" class="text__text__1FZLe article-body__paragraph__2-BtD">{E(p)}</div>'
        for i, p in enumerate(a["paragraphs"])
    )
    body = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{E(a['title'])} | {outlet}</title>
<meta name="description" content="{E(a['standfirst'])}">
<meta property="og:site_name" content="{outlet}">
<link rel="canonical" href="{url}">
{COMMON_JS}
</head>
<body>
<div id="fusion-app">
<header class="site-header"><nav><ul><li>World</li><li>Business</li><li>Markets</li><li>Sustainability</li><li>Legal</li><li>Breakingviews</li><li>Technology</li></ul></nav><button>Sign In</button> <button>Register</button></header>
<div class="consent-banner"><p>We use cookies and similar technologies to recognise your repeat visits and preferences, to measure the effectiveness of campaigns and analyse traffic.</p><a href="#">Manage cookies</a><button>Accept all</button></div>
<main>
<div class="article-header"><span class="section">World</span><h1 data-testid="Heading">{E(a['title'])}</h1>
<div class="info"><span data-testid="AuthorByline">{E(a['byline'])}</span> <span class="read-time">3 minute read</span></div>
<p class="summary"><span>Summary</span></p><ul class="summary-list"><li>{E(a['standfirst'])}</li></ul></div>
{('<figure><img src="/x.jpg" alt=""><figcaption>' + E(a['caption']) + ' Meridian/Staff photographer</figcaption></figure>') if a['caption'] else ''}
<div class="article-body__content__17Yit">
{ps}
<p class="sign-off">Reporting by {E(a['byline'][3:].split(',')[0])}; Editing by Mark Ellison</p>
</div>
<p class="trust">Our Standards: The Meridian Trust Principles.</p>
<div class="tags"><a>Acquire Licensing Rights</a>, opens new tab</div>
<section class="read-next"><h2>Read Next</h2><ul><li>Markets: stocks edge higher as investors await jobs data</li><li>Energy ministers meet to discuss gas storage</li><li>World: ceasefire talks to resume next week, mediators say</li></ul></section>
</main>
<footer><p>All quotes delayed a minimum of 15 minutes. © 2026 Meridian. All rights reserved.</p><ul><li>Apps</li><li>Newsletters</li><li>Advertise with Us</li><li>Careers</li></ul></footer>
</div>
</body>
</html>
"""
    return outlet, body


# --- H: French weekly magazine, premium paywall teaser, newsletter box, "Sur le même sujet" --
def tpl_h(a, n):
    outlet = "Regards Hebdo"
    url = f"https://www.regards-hebdo.example/{a['slug']}.html"
    mid = len(a["paragraphs"]) // 2
    newsletter = ('<div class="newsletter-box"><p>Recevez chaque matin notre sélection d\'articles.</p>'
                  '<input type="email" placeholder="Votre adresse e-mail"><button>Je m\'inscris</button></div>')
    body = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{E(a['title'])} | {outlet}</title>
<meta property="og:title" content="{E(a['title'])}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{a['date']}T06:00:00+02:00">
<meta property="og:locale" content="fr_FR">
{COMMON_JS}
</head>
<body>
<div class="didomi-popup"><div class="didomi-popup-container"><h1>Bienvenue sur {outlet}</h1><p>Le respect de votre vie privée est notre priorité. Nous utilisons des cookies pour vous proposer une expérience optimale.</p><button>Tout accepter</button><button>Tout refuser</button></div></div>
<div class="topbar"><a href="/">{outlet}</a><nav><a href="/politique">Politique</a> <a href="/monde">Monde</a> <a href="/societe">Société</a> <a href="/idees">Idées</a> <a href="/culture">Culture</a> <a href="/kiosque">Le magazine en kiosque</a></nav></div>
<div class="container">
<div class="content">
<span class="kicker">Société</span>
<h1 class="title">{E(a['title'])}</h1>
<div class="subtitle">{E(a['standfirst'])}</div>
<div class="signature"><span class="author">{E(a['byline'])}</span> · <span>Publié le {human_date(a)}</span></div>
<div class="social-bar"><a>Facebook</a><a>X</a><a>LinkedIn</a><a>Ajouter à mes favoris</a></div>
{figure(a, 'cover')}
<div class="text-body">
{''.join('<p>' + E(p) + '</p>' + (newsletter if i == mid - 1 else '') for i, p in enumerate(a['paragraphs']))}
</div>
<div class="same-topic"><h2>Sur le même sujet</h2>
<div class="card"><a href="/c1">Logement : pourquoi les loyers flambent dans les villes moyennes</a></div>
<div class="card"><a href="/c2">Entretien : « La confiance dans les institutions n'a jamais été aussi basse »</a></div>
<div class="card"><a href="/c3">Enquête : la France des déserts médicaux</a></div></div>
</div>
<div class="sidebar"><div class="mag-promo">Le numéro de cette semaine : spécial climat. <a>Découvrir</a></div><div class="trending"><h3>Tendances</h3><p>#Retraites #Climat #Municipales</p></div></div>
</div>
<footer><p>© 2026 {outlet} – Tous droits réservés – <a>Mentions légales</a> – <a>Gestion des cookies</a> – <a>Abonnement</a></p></footer>
</body>
</html>
"""
    return outlet, body


FR_TEMPLATES = [tpl_a, tpl_d, tpl_h, tpl_e, tpl_f]
EN_TEMPLATES = [tpl_b, tpl_c, tpl_g, tpl_e, tpl_f]
# Pages whose only date is the one in their URL (template G) or visible text (D).
DATE_IN_URL_ONLY = {tpl_g}


def gold(a):
    parts = [a["title"], a["standfirst"], a["byline"]]
    if a["caption"]:
        parts.append(a["caption"])
    parts.extend(a["paragraphs"])
    return "\n\n".join(parts) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = ["# name\tlang\tpublished\ttitle\toutlet"]
    counts = {"fr": 0, "en": 0}
    for n, a in enumerate(ARTICLES, 1):
        templates = FR_TEMPLATES if a["lang"] == "fr" else EN_TEMPLATES
        tpl = templates[counts[a["lang"]] % len(templates)]
        counts[a["lang"]] += 1
        outlet, page = tpl(a, n)
        name = f"{n:02d}-{a['slug']}"
        with open(os.path.join(OUT, name + ".html"), "w", encoding="utf-8") as f:
            f.write(page)
        with open(os.path.join(OUT, name + ".body.txt"), "w", encoding="utf-8") as f:
            f.write(gold(a))
        manifest.append("\t".join([name, a["lang"], a["date"], a["title"], outlet]))
    with open(os.path.join(OUT, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")
    print(f"wrote {len(ARTICLES)} pages to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
