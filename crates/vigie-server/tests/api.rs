//! The API through the router (`oneshot`) and through a real socket on
//! loopback, over a store holding hostile article text.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use vigie_doc::{Doc, Entity, EntityType, Layout, Mention, Quote, QuoteKind, Source};
use vigie_server::{AppState, Ingest, IngestReport, NewDocument, router};
use vigie_store::{Reader, Store};

const HOSTILE: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";

fn doc(id: &str, outlet: &str, title: &str, text: &str) -> Doc {
    let start = text.find("Lavrov").unwrap_or(0);
    let q = text.find('«').map(|s| s + '«'.len_utf8() + 1);
    Doc {
        doc_id: id.into(),
        source: Source {
            outlet: Some(outlet.into()),
            ..Source::default()
        },
        published: Some("2022-03-10".into()),
        title: Some(title.into()),
        lang: Some("fr".into()),
        text: Some(text.into()),
        entities: vec![Entity {
            id: "person:serguei-lavrov".into(),
            kind: EntityType::Person,
            subtype: None,
            canonical: "Sergueï Lavrov".into(),
            roles: vec!["ministre".into()],
            mentions: vec![Mention {
                text: "Lavrov".into(),
                start,
                end: start + 6,
            }],
            known: true,
            code: None,
            geo: None,
        }],
        quotes: q
            .map(|s| Quote {
                text: text[s..s + 9].into(),
                start: s,
                end: s + 9,
                kind: QuoteKind::Direct,
                speaker: Some("person:serguei-lavrov".into()),
                speaker_name: Some("Sergueï Lavrov".into()),
                cue: None,
                speaker_mention: None,
                speaker_via: None,
            })
            .into_iter()
            .collect(),
        layout: Layout {
            raw: text.into(),
            ..Layout::default()
        },
        ..Doc::default()
    }
}

struct FakeIngest;

impl Ingest for FakeIngest {
    fn ingest(&self, docs: Vec<NewDocument>) -> Result<IngestReport, String> {
        Ok(IngestReport {
            added: docs.len(),
            existing: 0,
            failed: 0,
            doc_ids: docs.iter().map(|_| Some("x".into())).collect(),
        })
    }
}

fn state(dir: &std::path::Path, token: Option<&str>) -> AppState {
    AppState {
        reader: Arc::new(Reader::open(dir).unwrap()),
        ingest: token.map(|_| Arc::new(FakeIngest) as Arc<dyn Ingest>),
        token: token.map(str::to_owned),
    }
}

fn store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .add_batch(vec![
            doc(
                "d1",
                "RTBF",
                &format!("Lavrov à Antalya {HOSTILE}"),
                &format!("Sergueï Lavrov a déclaré « un accord » à Antalya. {HOSTILE} Fin."),
            ),
            doc(
                "d2",
                "Le Soir",
                "Rencontre sans résultat",
                "Après Antalya, Lavrov est reparti sans résultat, selon les diplomates présents.",
            ),
        ])
        .unwrap();
    store
        .save_watch_source(&vigie_store::SourceState {
            url: "https://rtbf.example/rss".into(),
            outlet: Some("RTBF".into()),
            kind: Some("feed".into()),
            last_error: Some(HOSTILE.into()),
            errors: 1,
            polls: 3,
            ..vigie_store::SourceState::default()
        })
        .unwrap();
    dir
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn read_endpoints() {
    let dir = store();
    let app = router(state(dir.path(), None));

    let (s, v) = get(&app, "/api/stats").await;
    assert_eq!((s, v["documents"].as_i64()), (StatusCode::OK, Some(2)));

    let (s, v) = get(&app, "/api/sources").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v[0]["url"], "https://rtbf.example/rss");
    assert_eq!(
        (v[0]["polls"].as_i64(), v[0]["errors"].as_i64()),
        (Some(3), Some(1))
    );
    assert_eq!(v[0]["last_error"], HOSTILE, "served as data, never markup");

    let (s, v) = get(&app, "/api/search?q=antalya&limit=5").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 2);
    let hit = &v["hits"][0];
    let snippet = hit["snippet"]["text"].as_str().unwrap();
    let [a, b] = [0, 1].map(|i| hit["snippet"]["highlights"][0][i].as_u64().unwrap() as usize);
    assert_eq!(snippet[a..b].to_lowercase(), "antalya");

    let (_, v) = get(&app, "/api/documents/d1").await;
    assert!(
        v["title"].as_str().unwrap().contains("<script>"),
        "JSON carries text as is"
    );
    assert!(v["text"].is_string());
    assert!(v["cluster"]["story"].is_string());
    let (s, _) = get(&app, "/api/documents/missing").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (_, v) = get(&app, "/api/entities?q=lavrov").await;
    assert_eq!(v[0]["id"], "person:serguei-lavrov");
    let (s, v) = get(&app, "/api/entities/person%3Aserguei-lavrov").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["docs"], 2);
    assert_eq!(v["roles"][0]["role"], "ministre");
    assert_eq!(v["quotes"][0]["text"], "un accord");

    let (_, v) = get(&app, "/api/quotes?speaker=person:serguei-lavrov").await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = get(&app, "/api/speakers").await;
    assert_eq!(v[0]["quote_count"], 1);
    let (s, v) = get(
        &app,
        "/api/events?actor=location:russia&from=2022-01&to=2022-03",
    )
    .await;
    assert_eq!((s, v.as_array().map(Vec::len)), (StatusCode::OK, Some(0)));
    let (s, _) = get(&app, "/api/timeline?quad_class=3").await;
    assert_eq!(s, StatusCode::OK);

    let (_, stories) = get(&app, "/api/stories").await;
    let id = stories[0]["id"].as_str().unwrap().to_owned();
    let (s, v) = get(&app, &format!("/api/stories/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!v["outlets"].as_array().unwrap().is_empty());

    let (s, v) = get(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["openapi"], "3.1.0");
    assert!(v["paths"]["/api/entities/{id}"].is_object());
}

#[tokio::test]
async fn bounds_and_paths() {
    let dir = store();
    let app = router(state(dir.path(), None));
    let long = "a".repeat(300);
    for uri in [
        format!("/api/search?q={long}"),
        "/api/search".to_owned(),
        "/api/entities?limit=100000".to_owned(),
        "/api/entities?limit=0".to_owned(),
        "/api/quotes?offset=99999999".to_owned(),
        "/api/events?quad_class=9".to_owned(),
        "/api/events?limit=abc".to_owned(),
    ] {
        let (s, v) = get(&app, &uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}");
        assert!(v["error"].is_string(), "{uri}");
    }
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets//etc/passwd",
        "/assets/nope.js",
        "/etc/passwd",
    ] {
        let res = app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
    }
    let res = app
        .clone()
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'"));
    let res = app
        .clone()
        .oneshot(Request::get("/assets/app.js").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let js = res.into_body().collect().await.unwrap().to_bytes();
    let js = String::from_utf8_lossy(&js);
    assert!(
        !js.contains("innerHTML"),
        "the UI never parses data as HTML"
    );
}

fn post(token: Option<&str>, body: String) -> Request<Body> {
    let mut req = Request::post("/api/documents").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    req.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn writes_need_the_token() {
    let dir = store();
    let one = r#"{"documents":[{"text":"Un article."}]}"#.to_owned();

    let read_only = router(state(dir.path(), None));
    let res = read_only
        .oneshot(post(Some("anything"), one.clone()))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let app = router(state(dir.path(), Some("s3cret")));
    let res = app.clone().oneshot(post(None, one.clone())).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .clone()
        .oneshot(post(Some("s3cres"), one.clone()))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .clone()
        .oneshot(post(Some("s3cret"), one))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .clone()
        .oneshot(post(Some("s3cret"), r#"{"documents":[]}"#.into()))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let huge = format!(
        r#"{{"documents":[{{"text":"{}"}}]}}"#,
        "a".repeat(5 * 1024 * 1024)
    );
    let res = app
        .clone()
        .oneshot(post(Some("s3cret"), huge))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

/// The same router behind a real socket: what a browser or `curl` sees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_on_loopback() {
    use std::io::{Read, Write};
    let dir = store();
    let app = router(state(dir.path(), None));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    for (path, expect) in [
        ("/api/health", "200 OK"),
        ("/api/entities/person:serguei-lavrov", "200 OK"),
        ("/api/search?q=r%C3%A9sultat", "200 OK"),
        ("/assets/../../etc/passwd", "404"),
    ] {
        let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let response = tokio::task::spawn_blocking(move || {
            let mut conn = std::net::TcpStream::connect(addr).unwrap();
            conn.write_all(req.as_bytes()).unwrap();
            let mut response = String::new();
            conn.read_to_string(&mut response).unwrap();
            response
        })
        .await
        .unwrap();
        let status = response.lines().next().unwrap_or_default();
        assert!(status.contains(expect), "{path}: {status}");
        if path.starts_with("/api/search") {
            assert!(response.contains("\"total\":1"), "{response}");
        }
    }
    server.abort();
}

/// Two articles on Antalya: the first places an event there and calls
/// Lavrov "Foreign Minister", the second "ministre russe".
fn placed_store() -> tempfile::TempDir {
    let antalya = vigie_doc::Geo {
        feature_id: "323777".into(),
        kind: vigie_doc::PlaceKind::City,
        full_name: "Antalya, Antalya, Turkey".into(),
        country: "TR".into(),
        adm1: "07".into(),
        lat: 36.9,
        lon: 30.7,
    };
    let mut docs = vec![
        doc(
            "p1",
            "RTBF",
            "Lavrov à Antalya",
            "Sergueï Lavrov a exigé un accord à Antalya.",
        ),
        doc(
            "p2",
            "Le Soir",
            "Retour d'Antalya",
            "Lavrov est reparti d'Antalya sans résultat.",
        ),
    ];
    for (i, d) in docs.iter_mut().enumerate() {
        let text = d.text.clone().unwrap();
        let start = text.find("Antalya").unwrap();
        d.entities[0].roles = vec![["Foreign Minister", "ministre russe"][i].into()];
        d.entities.push(Entity {
            id: "location:antalya".into(),
            kind: EntityType::Location,
            subtype: Some("city".into()),
            canonical: "Antalya".into(),
            roles: vec![],
            mentions: vec![Mention {
                text: "Antalya".into(),
                start,
                end: start + 7,
            }],
            known: true,
            code: None,
            geo: Some(antalya.clone()),
        });
        d.tone = Some(vigie_doc::Tone {
            score: -1.0 - i as f64,
            positive: 1.0,
            negative: 2.0 + i as f64,
        });
    }
    docs[0].events = vec![vigie_doc::Event {
        actor: "person:serguei-lavrov".into(),
        actor_name: "Sergueï Lavrov".into(),
        actor_code: None,
        action: vigie_doc::Action::Demand,
        cameo: "10".into(),
        cameo_code: None,
        target: None,
        target_name: None,
        target_code: None,
        date: Some("2022-03-10".into()),
        goldstein: -5.0,
        quad_class: 3,
        evidence: vigie_doc::Span::new(0, 20),
        place: Some(vigie_doc::EventPlace {
            entity: "location:antalya".into(),
            via: "sentence".into(),
            geo: antalya,
        }),
    }];
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap().add_batch(docs).unwrap();
    dir
}

#[tokio::test]
async fn map_charts_and_labels() {
    let dir = placed_store();
    let app = router(state(dir.path(), None));

    let (s, v) = get(&app, "/api/places").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["documents"], 2);
    let place = &v["places"][0];
    assert_eq!(
        (
            &place["name"],
            &place["docs"],
            &place["events"],
            &place["kind"]
        ),
        (
            &Value::from("Antalya"),
            &Value::from(2),
            &Value::from(1),
            &Value::from("city")
        )
    );
    assert_eq!(place["lat"], 36.9);
    let (_, v) = get(&app, "/api/places?entity=person:serguei-lavrov").await;
    assert_eq!(v["places"][0]["feature_id"], "323777");
    let (_, v) = get(&app, "/api/places?q=reparti").await;
    assert_eq!(
        (&v["documents"], &v["places"][0]["docs"]),
        (&Value::from(1), &Value::from(1))
    );
    let (s, _) = get(&app, "/api/places?q=antalya&entity=location:antalya").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "one scope at a time");

    let (s, v) = get(&app, "/api/places/323777").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["events"][0]["action"], "demand");
    assert_eq!(v["events"][0]["doc"]["doc_id"], "p1");
    let (s, _) = get(&app, "/api/places/323777?q=nothingmatchesthis").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, v) = get(&app, "/api/tone?entity=person:serguei-lavrov").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v[0]["day"], "2022-03-10");
    assert_eq!(
        (v[0]["docs"].as_i64(), v[0]["tone"].as_f64()),
        (Some(2), Some(-1.5))
    );

    let (s, v) = get(&app, "/api/timeline/actions?actor=person:serguei-lavrov").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        v,
        serde_json::json!([{"day": "2022-03-10", "action": "demand", "count": 1}])
    );

    let (_, v) = get(&app, "/api/labels?lang=fr").await;
    assert_eq!(v["lang"], "fr");
    assert_eq!(v["actions"]["demand"]["alone"], "a exigé");
    let (_, v) = get(&app, "/api/labels?lang=zz").await;
    assert_eq!(
        (&v["lang"], &v["actions"]["meet"]["with_target"]),
        (&Value::from("en"), &Value::from("met with"))
    );

    // "Foreign Minister" and "ministre russe" are one role, named in the reader's language.
    let (_, v) = get(&app, "/api/entities/person:serguei-lavrov?lang=fr").await;
    assert_eq!(v["roles"].as_array().map(Vec::len), Some(2));
    let groups = v["role_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0]["label"], "ministre des Affaires étrangères");
    assert_eq!(groups[0]["uses"], 2);
    let (_, v) = get(&app, "/api/entities/person:serguei-lavrov").await;
    assert_eq!(v["role_groups"][0]["label"], "Foreign Minister");

    let (_, v) = get(&app, "/api/openapi.json").await;
    for path in [
        "/api/places",
        "/api/places/{feature_id}",
        "/api/tone",
        "/api/timeline/actions",
        "/api/labels",
    ] {
        assert!(v["paths"][path].is_object(), "{path} is described");
    }
}
