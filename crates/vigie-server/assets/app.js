// Vigie UI: a hash router over the JSON API. Every piece of article data is
// inserted as text (textContent / text nodes), never as HTML.
"use strict";

const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
// CONTRACT.md's actions, in the order charts stack and colour them.
const ACTIONS = ["statement", "consult", "meet", "visit", "appeal", "propose", "agree",
  "demand", "reject", "deny", "accuse", "threaten", "sanction", "military_posture"];

// The reader's language: chosen in the header, else the browser's. The words
// for actions and roles come from the server's language packs (/api/labels).
let labels = { lang: "en", languages: ["en"], actions: {} };
function uiLang() {
  const chosen = localStorage.getItem("vigie.lang") || (navigator.language || "en").slice(0, 2);
  return chosen.toLowerCase();
}
async function loadLabels() {
  labels = await api(`/api/labels?lang=${encodeURIComponent(uiLang())}`);
  const select = document.getElementById("lang-select");
  select.replaceChildren(...labels.languages.map((l) => h("option", { value: l, selected: l === labels.lang }, l.toUpperCase())));
}
// An action as words: alone, or before its target ("met with").
function actionWords(action, withTarget) {
  const l = labels.actions[action];
  return l ? (withTarget ? l.with_target : l.alone) : action.replace(/_/g, " ");
}
const eventText = (e) => `${e.actor_name} ${actionWords(e.action, !!e.target_name)}${e.target_name ? " " + e.target_name : ""}`;

// h("a", {href: "#/x"}, "text", child, [children]) builds an element; strings become text nodes.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  append(el, kids);
  return el;
}
function append(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
const enc = encodeURIComponent;
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const view = () => document.getElementById("view");
function show(...kids) { const v = view(); v.replaceChildren(); append(v, kids); window.scrollTo(0, 0); }

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  if (res.status === 404) return null;
  if (!res.ok) {
    let msg = res.statusText;
    try { msg = (await res.json()).error || msg; } catch (_) { /* not JSON */ }
    throw new Error(msg);
  }
  return res.json();
}

// Offsets from the API are UTF-8 byte offsets; JS strings index UTF-16 units.
function byteToUtf16(text) {
  let b = 0;
  const map = new Uint32Array(new TextEncoder().encode(text).length + 1);
  let u = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = u;
    b += n;
    u += ch.length;
  }
  map[b] = u;
  return (off) => map[Math.max(0, Math.min(off | 0, b))];
}

// Text with [start, end) byte ranges wrapped in <mark>; `focus` is the index of the emphasised range.
function marked(text, ranges, focus) {
  const at = byteToUtf16(text);
  const spans = ranges.map(([s, e], i) => [at(s), at(e), i]).filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0]);
  const out = [];
  let pos = 0;
  for (const [s, e, i] of spans) {
    if (s < pos) continue;
    out.push(text.slice(pos, s));
    out.push(h("mark", { class: i === focus ? "focus" : null, id: i === focus ? "focus" : null }, text.slice(s, e)));
    pos = e;
  }
  out.push(text.slice(pos));
  return out;
}

const docLink = (d, label) => h("a", { href: `#/doc/${enc(d.doc_id)}` }, label || d.title || d.doc_id);
const spanLink = (docId, start, end, label) => h("a", { href: `#/doc/${enc(docId)}?start=${start}&end=${end}` }, label);
const entityLink = (id, name) => h("a", { href: `#/entity/${enc(id)}` }, name || id);
const storyLink = (id, label) => h("a", { href: `#/story/${enc(id)}` }, label || id);
const meta = (d) => h("span", { class: "muted" }, [d.outlet || "unknown outlet", d.published || "undated", d.lang || "?"].join(" · "),
  d.duplicate_of ? h("span", { class: "badge", title: "relay of an earlier article" }, "duplicate") : null);

function table(head, rows) {
  return h("table", {}, h("thead", {}, h("tr", {}, head.map((t) => h("th", {}, t)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))));
}

function eventRows(events) {
  return table(["day", "actor", "action", "target", "quad", "source"], events.map((e) => [
    e.day || "",
    e.actor ? entityLink(e.actor, e.actor_name) : "",
    h("span", { class: "action", title: e.action }, actionWords(e.action, !!(e.target || e.target_name))),
    e.target ? entityLink(e.target, e.target_name || e.target) : (e.target_name || ""),
    h("span", { class: "quad", title: QUADS[e.quad_class] }, h("i", { class: `q${e.quad_class}` }), String(e.quad_class)),
    spanLink(e.doc.doc_id, e.start, e.end, e.doc.outlet || e.doc.title || "article"),
  ]));
}

function quoteList(quotes, withSpeaker) {
  return quotes.map((q) => h("div", { class: "card" },
    h("blockquote", {}, "« ", q.text, " »"),
    h("div", { class: "muted" },
      withSpeaker ? [q.speaker ? entityLink(q.speaker, q.speaker_name) : (q.speaker_name || "unattributed"), " · "] : null,
      q.kind, q.cue ? ` (${q.cue})` : "", " · ",
      spanLink(q.doc.doc_id, q.start, q.end, `${q.doc.outlet || "article"}, ${q.doc.published || "undated"}`))));
}

const SVG_NS = "http://www.w3.org/2000/svg";
// svg("rect", {x: 1}, child or text…) builds an SVG element; strings become text nodes.
function svg(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  return append(el, kids);
}
const tip = (text) => svg("title", {}, text);
function chartFrame(label, W, H) {
  return svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": label });
}

// Stacked bars of events per day and action, for what an actor did.
function actionChart(rows) {
  if (!rows.length) return h("p", { class: "muted" }, "No dated events.");
  const days = [...new Set(rows.map((r) => r.day))].sort();
  const actions = ACTIONS.filter((a) => rows.some((r) => r.action === a))
    .concat([...new Set(rows.map((r) => r.action))].filter((a) => !ACTIONS.includes(a)));
  const byDay = new Map(days.map((d) => [d, new Map()]));
  for (const r of rows) byDay.get(r.day).set(r.action, r.count);
  const total = (d) => [...byDay.get(d).values()].reduce((a, b) => a + b, 0);
  const max = Math.max(...days.map(total));
  const W = 900, H = 200, pad = 30, step = (W - 2 * pad) / days.length, bw = Math.max(2, Math.min(40, step - 2));
  const chart = chartFrame("events per day by action", W, H + 40);
  chart.classList.add("actions-chart");
  days.forEach((d, i) => {
    let y = H;
    for (const a of actions) {
      const n = byDay.get(d).get(a);
      if (!n) continue;
      const bh = (n / max) * (H - pad);
      y -= bh;
      chart.appendChild(svg("rect", { x: pad + i * step, y, width: bw, height: bh, class: `act a${ACTIONS.indexOf(a)}` },
        tip(`${d}: ${n} × ${actionWords(a, false)}`)));
    }
  });
  append(chart, [svg("line", { x1: pad, y1: H, x2: W - pad, y2: H, stroke: "#999" }),
    svg("text", { x: pad, y: H + 18, "font-size": 12 }, days[0]),
    svg("text", { x: W - pad, y: H + 18, "font-size": 12, "text-anchor": "end" }, days[days.length - 1]),
    svg("text", { x: 4, y: pad, "font-size": 12 }, String(max))]);
  const legend = h("div", { class: "legend", id: "action-legend" },
    actions.map((a) => h("span", {}, h("i", { class: `act a${ACTIONS.indexOf(a)}` }), actionWords(a, false))));
  return h("div", {}, chart, legend);
}

// Mean tone of the articles per day, as a line around zero.
function toneChart(rows) {
  if (!rows.length) return h("p", { class: "muted" }, "No dated article.");
  const W = 900, H = 180, pad = 34;
  const lo = Math.min(0, ...rows.map((r) => r.tone)), hi = Math.max(0, ...rows.map((r) => r.tone));
  const span = hi - lo || 1;
  const x = (i) => (rows.length === 1 ? W / 2 : pad + (i * (W - 2 * pad)) / (rows.length - 1));
  const y = (v) => pad / 2 + ((hi - v) / span) * (H - pad);
  const chart = chartFrame("mean tone of the articles per day", W, H + 24);
  chart.classList.add("tone-chart");
  append(chart, [
    svg("line", { x1: pad, y1: y(0), x2: W - pad, y2: y(0), class: "zero" }),
    svg("text", { x: 2, y: y(0) + 4, "font-size": 11 }, "0"),
    hi > 0 ? svg("text", { x: 2, y: y(hi) + 4, "font-size": 11 }, hi.toFixed(1)) : null,
    lo < 0 ? svg("text", { x: 2, y: y(lo) + 4, "font-size": 11 }, lo.toFixed(1)) : null,
    svg("polyline", { points: rows.map((r, i) => `${x(i)},${y(r.tone)}`).join(" "), class: "tone-line" }),
    rows.map((r, i) => svg("circle", { cx: x(i), cy: y(r.tone), r: 4, class: r.tone < 0 ? "neg" : "pos" },
      tip(`${r.day}: tone ${r.tone.toFixed(2)} over ${r.docs} article${r.docs === 1 ? "" : "s"}`))),
    svg("text", { x: pad, y: H + 18, "font-size": 12 }, rows[0].day),
    svg("text", { x: W - pad, y: H + 18, "font-size": 12, "text-anchor": "end" }, rows[rows.length - 1].day),
  ]);
  return h("div", {}, chart, h("p", { class: "muted" }, "Tone: positive minus negative words per hundred (GDELT's scale); below the line, more negative words."));
}

// Horizontal bars: how many articles each outlet ran in a story.
function outletChart(outlets) {
  const rows = outlets.map((o) => [o.outlet, o.articles.length]).sort((a, b) => b[1] - a[1]);
  const W = 900, bar = 16, left = 220, max = Math.max(1, ...rows.map((r) => r[1]));
  const chart = chartFrame("articles per outlet", W, rows.length * (bar + 6) + 8);
  chart.classList.add("outlet-chart");
  rows.forEach(([name, n], i) => {
    const y = 4 + i * (bar + 6), w = ((W - left - 40) * n) / max;
    append(chart, [svg("text", { x: left - 8, y: y + bar * 0.7, "text-anchor": "end", "font-size": 13 }, name),
      svg("rect", { x: left, y, width: w, height: bar, class: "bar" }, tip(`${name}: ${n} article${n === 1 ? "" : "s"}`)),
      svg("text", { x: left + w + 6, y: y + bar * 0.7, "font-size": 13 }, String(n))]);
  });
  return chart;
}

// The world (Natural Earth, embedded) projected equirectangularly, fetched once.
const MAP = { W: 960, top: 84, bottom: -58 };
MAP.k = MAP.W / 360;
MAP.H = (MAP.top - MAP.bottom) * MAP.k;
const project = ([lon, lat]) => [((lon + 180) * MAP.k).toFixed(1), ((MAP.top - lat) * MAP.k).toFixed(1)];
// A ring crossing the antimeridian (Chukotka, Fiji) is unwrapped into
// continuous longitudes and drawn again one world-width over, so no edge
// spans the whole map; the viewBox clips what lies outside.
function ringPath(ring) {
  const pts = [];
  let shift = 0;
  for (const [lon, lat] of ring) {
    const prev = pts.length ? pts[pts.length - 1][0] : null;
    if (prev !== null && lon + shift - prev > 180) shift -= 360;
    else if (prev !== null && lon + shift - prev < -180) shift += 360;
    pts.push([lon + shift, lat]);
  }
  const lons = pts.map((p) => p[0]);
  const draw = (off) => "M" + pts.map(([lon, lat]) => project([lon + off, lat])).join("L") + "Z";
  return draw(0) + (Math.max(...lons) > 180 ? draw(-360) : "") + (Math.min(...lons) < -180 ? draw(360) : "");
}
let worldPaths = null;
async function world() {
  if (!worldPaths) {
    const topo = await api("/assets/vendor/countries-110m.json");
    // Antarctica lies below the map's southern edge.
    worldPaths = topojson.feature(topo, topo.objects.countries).features.filter((f) => f.geometry && f.id !== "010").map((f) => {
      const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      return [f.properties.name, polys.flat().map(ringPath).join("")];
    });
  }
  return worldPaths;
}

// The places of a scope ("q=…", "entity=…", "story=…" or "") on the world
// map, circles sized by the articles naming them; a click lists them.
function placeMap(scope) {
  const box = h("section", { class: "map-box" }, h("p", { class: "muted" }, "Loading the map…"));
  const detail = h("div", { id: "place-detail", class: "place-detail" });
  (async () => {
    const [paths, data] = await Promise.all([world(), api(`/api/places${scope ? "?" + scope : ""}`)]);
    const places = data.places;
    const max = Math.max(1, ...places.map((p) => p.docs));
    const open = async (p) => {
      for (const c of box.querySelectorAll("circle.place")) c.classList.toggle("active", c.dataset.feature === p.feature_id);
      const page = await api(`/api/places/${enc(p.feature_id)}${scope ? "?" + scope : ""}`);
      if (!page) return detail.replaceChildren(h("p", { class: "muted" }, `${p.name}: nothing here.`));
      detail.replaceChildren(
        h("h3", {}, entityLink(page.place.entity, page.place.name),
          page.place.full_name !== page.place.name ? h("span", { class: "muted" }, ` ${page.place.full_name}`) : null),
        h("div", { class: "muted" }, [plural(page.place.docs, "article"), plural(page.place.mentions, "mention"), plural(page.place.events, "event") + " here"].join(" · ")),
        h("div", { class: "two" },
          h("div", { id: "place-articles" }, page.documents.map((d) => h("div", { class: "card" }, docLink(d), h("br"), meta(d)))),
          h("div", { id: "place-events" }, page.events.length ? page.events.map((e) => h("div", { class: "card" },
            spanLink(e.doc.doc_id, e.start, e.end, eventText(e)), h("div", { class: "muted" }, [e.day, e.doc.outlet].filter(Boolean).join(" · ")))) : h("p", { class: "muted" }, "No event placed here."))));
    };
    const map = svg("svg", { viewBox: `0 0 ${MAP.W} ${MAP.H.toFixed(0)}`, class: "chart world", id: "world-map", role: "img",
      "aria-label": `map of ${places.length} places` },
      svg("rect", { x: 0, y: 0, width: MAP.W, height: MAP.H, class: "sea" }),
      paths.map(([name, d]) => svg("path", { d, class: "land" }, tip(name))),
      // Largest first, so a small place is never hidden under a big one.
      places.map((p) => {
        const [cx, cy] = project([p.lon, p.lat]);
        return svg("circle", { cx, cy, r: (3 + 13 * Math.sqrt(p.docs / max)).toFixed(1), class: `place ${p.kind}`,
          "data-feature": p.feature_id, tabindex: 0, onclick: () => open(p), onkeydown: (ev) => ev.key === "Enter" && open(p) },
        tip(`${p.name}: ${plural(p.docs, "article")}, ${plural(p.events, "event")}`));
      }));
    box.replaceChildren(map,
      places.length ? h("div", { class: "place-list" }, h("span", { class: "muted" }, `${plural(places.length, "place")} in ${plural(data.documents, "article")}: `),
        places.slice(0, 15).map((p) => h("button", { type: "button", class: "chip location", onclick: () => open(p) }, `${p.name} ${p.docs}`)))
        : h("p", { class: "muted" }, "No place of these articles is on the map."),
      detail);
  })().catch((err) => box.replaceChildren(h("p", { class: "error" }, `Map: ${err.message || err}`)));
  return box;
}

// Stacked bars of events per day and quad class, as inline SVG.
function timelineChart(rows) {
  if (!rows.length) return h("p", { class: "muted" }, "No dated events.");
  const days = [...new Set(rows.map((r) => r.day))].sort();
  const byDay = new Map(days.map((d) => [d, [0, 0, 0, 0]]));
  for (const r of rows) byDay.get(r.day)[r.quad_class - 1] += r.count;
  const max = Math.max(...[...byDay.values()].map((v) => v.reduce((a, b) => a + b, 0)));
  const W = 900, H = 220, pad = 30, bw = Math.max(2, Math.min(40, (W - 2 * pad) / days.length - 2));
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H + 40}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "events per day by quad class");
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.appendChild(el);
    return el;
  };
  days.forEach((d, i) => {
    const x = pad + i * ((W - 2 * pad) / days.length);
    let y = H;
    byDay.get(d).forEach((n, q) => {
      if (!n) return;
      const bh = (n / max) * (H - pad);
      y -= bh;
      const rect = add("rect", { x, y, width: bw, height: bh, class: `q${q + 1}` });
      const t = document.createElementNS(NS, "title");
      t.textContent = `${d}: ${n} ${QUADS[q + 1]}`;
      rect.appendChild(t);
    });
  });
  add("line", { x1: pad, y1: H, x2: W - pad, y2: H, stroke: "#999" });
  add("text", { x: pad, y: H + 18, "font-size": 12 }, days[0]);
  add("text", { x: W - pad, y: H + 18, "font-size": 12, "text-anchor": "end" }, days[days.length - 1]);
  add("text", { x: 4, y: pad, "font-size": 12 }, String(max));
  const legend = h("div", { class: "legend" }, [1, 2, 3, 4].map((q) => h("span", {}, h("i", { class: `q${q}` }), QUADS[q])));
  return h("div", {}, svg, legend);
}

async function home() {
  const [stats, stories, people, tl] = await Promise.all([
    api("/api/stats"), api("/api/stories?min_docs=2&limit=12"), api("/api/entities?type=person&limit=16"), api("/api/timeline"),
  ]);
  show(
    h("h1", {}, "Overview"),
    h("div", { class: "stats" }, ["documents", "stories", "entities", "quotes", "events", "duplicates"].map((k) => h("div", {}, h("b", {}, String(stats[k])), k))),
    h("h2", {}, "Events over time"), timelineChart(tl),
    h("h2", {}, "Places of the latest articles"), placeMap(""),
    h("div", { class: "two" },
      h("section", {}, h("h2", {}, "Stories told by several articles"),
        stories.length ? stories.map(storyCard) : h("p", { class: "muted" }, "No multi-article story yet.")),
      h("section", {}, h("h2", {}, "Most covered people"),
        people.map((e) => h("div", {}, entityLink(e.id, e.canonical), h("span", { class: "muted" }, ` ${e.docs} articles, ${e.quote_count} quotes`))))));
}

const storyCard = (s) => h("div", { class: "card" }, storyLink(s.id, s.title || s.id),
  h("div", { class: "muted" }, `${s.docs} articles · ${s.first_day || "?"} → ${s.last_day || "?"}`));

async function search(params) {
  const q = params.get("q") || "";
  document.getElementById("search-input").value = q;
  if (!q.trim()) return show(h("p", { class: "muted" }, "Type a query."));
  const [page, actors, tone] = await Promise.all([
    api(`/api/search?q=${enc(q)}&limit=30`), api(`/api/entities?q=${enc(q)}&limit=10`), api(`/api/tone?q=${enc(q)}`),
  ]);
  show(
    h("h1", {}, "Search: ", q),
    actors.length ? h("section", { id: "actors" }, h("h2", {}, "Actors"),
      actors.map((e) => h("span", { class: `chip ${e.type}` }, entityLink(e.id, e.canonical), ` ${e.docs}`))) : null,
    h("h2", {}, `${page.total} article${page.total === 1 ? "" : "s"}`),
    h("section", { id: "results" }, page.hits.map((hit) => h("div", { class: "card" },
      docLink(hit), " ", meta(hit),
      h("div", { class: "snippet" }, "…", marked(hit.snippet.text, hit.snippet.highlights, -1), "…"),
      h("div", { class: "muted" }, "story: ", storyLink(hit.story))))),
    page.total ? [h("h2", {}, "Where these articles take place"), placeMap(`q=${enc(q)}`),
      h("h2", {}, "Tone of these articles"), toneChart(tone)] : null);
}

async function entity(id) {
  const e = await api(`/api/entities/${enc(id)}?lang=${enc(labels.lang)}`);
  if (!e) return show(h("h1", {}, "Unknown entity"), h("p", {}, id));
  const [byAction, tone] = await Promise.all([api(`/api/timeline/actions?actor=${enc(id)}`), api(`/api/tone?entity=${enc(id)}`)]);
  show(
    h("h1", { id: "entity-name" }, e.canonical), h("div", { class: "muted" }, `${e.type} · ${e.id} · ${e.docs} articles · ${e.quote_count} quotes · ${e.event_count} events as actor`),
    e.names.length > 1 ? h("p", {}, "Also named: ", e.names.slice(1).map(([n, c]) => h("span", { class: "chip" }, `${n} (${c})`))) : null,
    h("div", { class: "two" },
      h("section", {},
        h("h2", {}, "Roles over time"),
        e.role_groups.length ? h("div", { id: "role-groups" }, table(["role", "as written", "first", "last", "uses"], e.role_groups.map((g) => [
          h("b", {}, g.label), g.phrases.map((p) => h("span", { class: "chip" }, p)), g.first || "", g.last || "", String(g.uses)]))) : h("p", { class: "muted" }, "No role phrase found."),
        h("h2", {}, "Quotes"), e.quotes.length ? quoteList(e.quotes, false) : h("p", { class: "muted" }, "No quote attributed."),
        h("div", { id: "entity-charts" },
          h("h2", {}, "What it did, day by day"), actionChart(byAction),
          h("h2", {}, "Tone of the articles naming it"), toneChart(tone)),
        h("h2", {}, "Events"), e.events.length ? eventRows(e.events) : h("p", { class: "muted" }, "No event.")),
      h("section", {},
        h("h2", {}, "Named with"), h("div", { id: "co-occurring" }, e.co_occurring.map((c) => h("div", {}, h("span", { class: `chip ${c.type}` }, entityLink(c.id, c.canonical)), h("span", { class: "muted" }, ` ${c.shared}`)))),
        h("h2", {}, "Articles"), e.documents.map((d) => h("div", { class: "card" }, docLink(d), h("br"), meta(d), h("br"), h("span", { class: "muted" }, "story: "), storyLink(d.story))))),
    h("h2", {}, "Places in the articles naming it"), placeMap(`entity=${enc(id)}`));
}

async function story(id) {
  const s = await api(`/api/stories/${enc(id)}`);
  if (!s) return show(h("h1", {}, "Unknown story"), h("p", {}, id));
  const [tl, tone] = await Promise.all([api(`/api/timeline?story=${enc(id)}`), api(`/api/tone?story=${enc(id)}`)]);
  show(
    h("h1", { id: "story-title" }, s.title || s.id),
    h("div", { class: "muted" }, `${s.docs} articles from ${s.outlets.length} outlet${s.outlets.length === 1 ? "" : "s"} · ${s.first_day || "?"} → ${s.last_day || "?"}`),
    h("div", { id: "story-charts" }, h("h2", {}, "Articles per outlet"), outletChart(s.outlets)),
    h("h2", {}, "Side by side"),
    h("div", { class: "outlets", id: "outlets" }, s.outlets.map((col) => h("div", { class: "outlet" },
      h("h3", {}, col.outlet),
      col.articles.map((a) => h("div", { class: "card" },
        docLink(a.doc), h("br"), meta(a.doc),
        h("div", {}, a.entities.map(([eid, name]) => h("span", { class: "chip" }, entityLink(eid, name)))),
        a.events.length ? h("div", {}, h("b", {}, "Reported: "), a.events.map((e) => h("div", {},
          spanLink(a.doc.doc_id, e.start, e.end, eventText(e))))) : null,
        a.quotes.length ? h("div", {}, h("b", {}, "Quoted: "), a.quotes.map((q) => h("blockquote", {},
          q.speaker_name ? h("b", {}, q.speaker_name, ": ") : null, spanLink(a.doc.doc_id, q.start, q.end, `« ${q.text} »`)))) : null))))),
    h("h2", {}, "Events of this story"), timelineChart(tl),
    h("h2", {}, "Tone over time"), toneChart(tone),
    h("h2", {}, "Where it takes place"), placeMap(`story=${enc(id)}`));
}

async function quotes(params) {
  const speaker = params.get("speaker") || "", q = params.get("q") || "";
  const [speakers, list] = await Promise.all([
    api("/api/speakers?limit=40"),
    api(`/api/quotes?limit=100${speaker ? "&speaker=" + enc(speaker) : ""}${q ? "&q=" + enc(q) : ""}`),
  ]);
  const input = h("input", { type: "search", value: q, placeholder: "words in the quote", maxlength: 200 });
  const form = h("form", { class: "filters", onsubmit: (ev) => {
    ev.preventDefault();
    location.hash = `#/quotes?${speaker ? "speaker=" + enc(speaker) + "&" : ""}q=${enc(input.value)}`;
  } }, input, h("button", { type: "submit" }, "Filter"));
  show(h("h1", {}, "Quote explorer"),
    h("div", { class: "two" },
      h("section", {}, form, h("p", { class: "muted" }, `${list.length} quote${list.length === 1 ? "" : "s"}`, speaker ? [" by ", entityLink(speaker)] : ""), quoteList(list, true)),
      h("section", {}, h("h2", {}, "Speakers"), h("div", {}, h("a", { href: "#/quotes" }, "all")),
        speakers.map((s) => h("div", {}, h("a", { href: `#/quotes?speaker=${enc(s.id)}` }, s.canonical), h("span", { class: "muted" }, ` ${s.quote_count}`))))));
}

async function stories() {
  const list = await api("/api/stories?limit=100");
  show(h("h1", {}, "Stories"), list.map(storyCard));
}

async function timeline(params) {
  const keys = ["actor", "action", "outlet", "from", "to"];
  const qs = keys.filter((k) => params.get(k)).map((k) => `${k}=${enc(params.get(k))}`).join("&");
  const [tl, events] = await Promise.all([api(`/api/timeline?${qs}`), api(`/api/events?limit=100&${qs}`)]);
  const inputs = Object.fromEntries(keys.map((k) => [k, h("input", { name: k, value: params.get(k) || "", placeholder: k, size: 12 })]));
  const form = h("form", { class: "filters", onsubmit: (ev) => {
    ev.preventDefault();
    location.hash = "#/timeline?" + keys.filter((k) => inputs[k].value).map((k) => `${k}=${enc(inputs[k].value)}`).join("&");
  } }, Object.values(inputs), h("button", { type: "submit" }, "Filter"));
  show(h("h1", {}, "Timeline of events"), form, timelineChart(tl), h("h2", {}, "Events"), eventRows(events));
}

// The sources `vigie watch` follows: what each last did, and when it is due.
async function sources() {
  const list = await api("/api/sources");
  const when = (t) => (t ? new Date(t * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "–");
  if (!list || !list.length) {
    return show(h("h1", {}, "Sources"), h("p", { class: "muted" }, "No source is followed in this store: run `vigie watch SOURCES --db DIR`."));
  }
  show(h("h1", {}, `Sources (${list.length})`),
    table(["source", "kind", "last poll", "new", "articles", "failed", "next poll", "last error"],
      list.map((s) => [h("span", {}, s.outlet ? h("strong", {}, s.outlet, " ") : null, h("span", { class: "muted" }, s.url)),
        s.kind || "?", when(s.last_poll), String(s.new_last), String(s.articles), String(s.failures), when(s.next_poll),
        s.last_error ? h("span", { class: "error" }, `${s.last_error} (${s.errors}×)`) : "–"])));
}

async function doc(id, params) {
  const d = await api(`/api/documents/${enc(id)}`);
  if (!d) return show(h("h1", {}, "Unknown document"), h("p", {}, id));
  const text = d.text || "";
  const facts = [];
  for (const e of d.entities || []) for (const m of e.mentions) facts.push({ kind: "entity", label: `${e.canonical} — “${m.text}”`, start: m.start, end: m.end });
  for (const q of d.quotes || []) facts.push({ kind: "quote", label: `${q.speaker_name || "?"}: « ${q.text} »`, start: q.start, end: q.end });
  for (const e of d.events || []) facts.push({ kind: "event", label: eventText(e), start: e.evidence.start, end: e.evidence.end });
  for (const t of d.dates || []) facts.push({ kind: "date", label: `${t.text} → ${t.value || "?"}`, start: t.start, end: t.end });
  for (const a of d.amounts || []) facts.push({ kind: "amount", label: `${a.text} = ${a.value} ${a.unit || ""}`, start: a.start, end: a.end });
  const start = Number(params.get("start")), end = Number(params.get("end"));
  let focus = Number.isFinite(start) && params.has("start") ? { start, end } : null;
  const body = h("div", { class: "article-text", id: "article-text" });
  const render = () => {
    body.replaceChildren();
    append(body, focus ? marked(text, [[focus.start, focus.end]], 0) : [text]);
    const f = document.getElementById("focus");
    if (f) f.scrollIntoView({ block: "center" });
  };
  const buttons = facts.map((f) => h("button", { type: "button", class: `fact ${f.kind}`, onclick: (ev) => {
    focus = f;
    for (const b of document.querySelectorAll(".facts button")) b.classList.remove("active");
    ev.currentTarget.classList.add("active");
    render();
  } }, h("span", { class: "muted" }, f.kind, " "), f.label));
  show(h("h1", {}, d.title || d.doc_id), h("div", {}, meta({ ...d, outlet: d.source && d.source.outlet }),
      d.cluster ? [" · story ", storyLink(d.cluster.story)] : null,
      d.cluster && d.cluster.duplicate_of ? [" · relay of ", docLink({ doc_id: d.cluster.duplicate_of }, "the original")] : null),
    h("div", { class: "two" }, body, h("section", { class: "facts" }, h("h2", {}, `Facts (${facts.length})`), buttons)));
  render();
}

async function route() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs] = raw.split("?");
  const params = new URLSearchParams(qs || "");
  const [page, ...rest] = path.split("/");
  const arg = decodeURIComponent(rest.join("/"));
  try {
    if (page === "search") await search(params);
    else if (page === "entity") await entity(arg);
    else if (page === "story") await story(arg);
    else if (page === "quotes") await quotes(params);
    else if (page === "stories") await stories();
    else if (page === "timeline") await timeline(params);
    else if (page === "sources") await sources();
    else if (page === "doc") await doc(arg, params);
    else await home();
    document.body.dataset.page = page || "home";
  } catch (err) {
    show(h("h1", {}, "Something went wrong"), h("p", { class: "error" }, String(err.message || err)));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = `#/search?q=${enc(document.getElementById("search-input").value)}`;
  });
  document.getElementById("lang-select").addEventListener("change", async (ev) => {
    localStorage.setItem("vigie.lang", ev.target.value);
    await loadLabels();
    route();
  });
  window.addEventListener("hashchange", route);
  loadLabels().catch(() => { /* codes stay readable without words */ }).finally(route);
});
