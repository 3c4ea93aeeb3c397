//! docs/booking.md stays true: each example request in it is sent to `roomfit serve` with the
//! sample catalog, and each answer is compared with the example answer after it (status line,
//! the headers shown, and the JSON, with the example's times moved to a real future slot).

mod booking;

use booking::*;
use serde_json::{Value, json};

/// The doc's ```` ```http example=NAME ```` blocks.
fn examples(doc: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if let Some(name) = line.strip_prefix("```http example=") {
            let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            out.push((name.trim().to_string(), block.join("\n")));
        }
    }
    out
}

fn example<'a>(all: &'a [(String, String)], name: &str) -> &'a str {
    &all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("docs/booking.md has no example {name}"))
        .1
}

/// Head lines and the JSON body of an example.
fn split(text: &str) -> (Vec<String>, Option<Value>) {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let body = (!body.trim().is_empty())
        .then(|| serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")));
    (head.lines().map(str::to_owned).collect(), body)
}

/// Sends an example request, with `body` in place of its own.
fn send(addr: &str, text: &str, body: Option<&Value>) -> Reply {
    let (head, _) = split(text);
    let mut parts = head[0].split(' ');
    let (method, path) = (parts.next().unwrap(), parts.next().unwrap());
    let headers: Vec<(String, String)> = head[1..]
        .iter()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| *k != "Host")
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    request(addr, method, path, &headers, body.as_bytes())
}

/// Compares `got` with the doc's `want`: the same keys, the same values except where `loose`
/// names the key (then only the same JSON type), arrays under `prefix_arrays` compared on the
/// doc's elements only.
fn same(want: &Value, got: &Value, at: &str, loose: &[&str]) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let wk: Vec<&String> = w.keys().collect();
            let gk: Vec<&String> = g.keys().collect();
            assert_eq!(wk, gk, "keys at {at}");
            for (k, wv) in w {
                let here = format!("{at}/{k}");
                if loose.contains(&k.as_str()) {
                    assert_eq!(
                        std::mem::discriminant(wv),
                        std::mem::discriminant(&g[k]),
                        "type at {here}: {wv} vs {}",
                        g[k]
                    );
                } else {
                    same(wv, &g[k], &here, loose);
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if at.ends_with("/slots") {
                assert!(g.len() >= w.len(), "{at}");
            } else {
                assert_eq!(w.len(), g.len(), "length at {at}: {got}");
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                same(wv, gv, &format!("{at}/{i}"), loose);
            }
        }
        _ => assert_eq!(want, got, "at {at}"),
    }
}

fn check(name: &str, want_text: &str, got: &Reply, loose: &[&str]) {
    let (head, want) = split(want_text);
    let status_line = &head[0];
    let got_status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    assert_eq!(got.status, got_status, "{name}: {}", got.text());
    assert!(
        status_line.ends_with(&format!(" {}", reason(got.status))),
        "{name}: the doc says {status_line}"
    );
    for line in &head[1..] {
        let (k, v) = line.split_once(": ").unwrap();
        assert_eq!(got.header(k), Some(v), "{name}: header {k}");
    }
    same(&want.unwrap(), &got.json(), "", loose);
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        409 => "Conflict",
        422 => "Unprocessable Content",
        _ => "?",
    }
}

#[test]
fn the_examples_in_docs_booking_md_are_what_the_server_does() {
    let doc = std::fs::read_to_string(root().join("docs/booking.md")).unwrap();
    let all = examples(&doc);
    let catalog_path = root().join("models/catalog.json");
    let catalog =
        roomfit::catalog::parse(&std::fs::read_to_string(&catalog_path).unwrap()).unwrap();
    let store = "nordhem-berlin-mitte";

    // The catalog fragment at the top is the sample store's.
    let fragment = doc
        .split("```json\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .unwrap();
    let fragment: Value = serde_json::from_str(&format!("{{{fragment}}}")).unwrap();
    assert_eq!(
        fragment["booking"],
        serde_json::to_value(&catalog.retailers[0].stores[0].booking).unwrap()
    );

    let dir = TempDir::new("booking-doc");
    let server = Server::start(&catalog_path, &dir.0.join("data"));
    let addr = server.addr.as_str();

    let slots = send(addr, example(&all, "slots-request"), None);
    check(
        "slots",
        example(&all, "slots-200"),
        &slots,
        &["start", "start_local", "end"],
    );

    // The booking, moved to a real slot.
    let slot = slot_tomorrow(&catalog, store, 0);
    let end_of = |s: &roomfit::handoff::slots::Slot| s.end.at.to_string();
    let moved = |text: &str| {
        text.replace("2026-12-07T09:00:00Z", &slot.start.at.to_string())
            .replace("2026-12-07T09:30:00Z", &end_of(&slot))
            .replace("2026-12-07T10:00:00", &slot.start.local)
            .replace("2026-12-07 10:00:00", &slot.start.local.replace('T', " "))
    };
    let request_text = example(&all, "book-request");
    let (_, body) = split(request_text);
    let mut body = body.unwrap();
    body["slot_start"] = json!(slot.start.at);
    body["slot_start_local"] = json!(slot.start.local);
    // The example's share code is a real room with the example's items.
    let room = roomfit::room::Room::from_share_code(body["share_code"].as_str().unwrap()).unwrap();
    let skus: Vec<_> = room
        .items()
        .iter()
        .map(|i| i.variant.clone().unwrap())
        .collect();
    assert_eq!(skus, ["NH-OSLO-3S-OAT", "NH-LUMEN-BLK"]);

    let loose = ["booking_id", "ticket_url", "utc_offset_minutes"];
    let booked = send(addr, request_text, Some(&body));
    check(
        "book-201",
        &moved(example(&all, "book-201")),
        &booked,
        &loose,
    );
    let id = booked.json()["booking_id"].as_str().unwrap().to_string();
    assert_eq!(
        booked.json()["ticket_url"],
        json!(format!("http://{addr}/ticket/{id}"))
    );
    let replay = send(addr, request_text, Some(&body));
    check(
        "book-replay-200",
        &moved(example(&all, "book-replay-200")),
        &replay,
        &loose,
    );
    assert_eq!(replay.json(), booked.json());

    // Capacity 2: one more booking fits, the next is told the slot is full.
    let other_key = |k: &str| request_text.replace("5b0f3c1e-9d2a-4c7e-8f61-2a4b6c8d0e1f", k);
    assert_eq!(
        send(addr, &other_key("second-booking-0123456789"), Some(&body)).status,
        201
    );
    let full = send(addr, &other_key("third-booking-0123456789"), Some(&body));
    check("book-409", &moved(example(&all, "book-409")), &full, &[]);

    let bad_text = example(&all, "bad-request");
    let (_, bad) = split(bad_text);
    let mut bad = bad.unwrap();
    bad["slot_start"] = json!(slot_tomorrow(&catalog, store, 1).start.at);
    let refused = send(addr, bad_text, Some(&bad));
    check("bad-422", example(&all, "bad-422"), &refused, &[]);
}
