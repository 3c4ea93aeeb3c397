//! The reference booking service (docs/booking.md) through the real `roomfit serve` binary on
//! loopback, with a real SQLite database in a temporary data directory: capacity under
//! concurrency, idempotent retries, every kind of refusal, a restart, and the staff page.

mod booking;

use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use booking::*;
use serde_json::{Value, json};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The distinct booking ids in these replies.
fn booking_ids<'a>(replies: impl IntoIterator<Item = &'a Reply>) -> BTreeSet<String> {
    replies
        .into_iter()
        .map(|r| r.json()["booking_id"].as_str().unwrap().to_owned())
        .collect()
}

/// The slot starting at `start` in the "always" store's slot list, and the whole list.
fn listed_slot(addr: &str, start: &impl serde::Serialize) -> (Value, Value) {
    let slots = get(addr, "/api/stores/always/slots").json();
    let listed = slots["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["start"] == json!(start))
        .unwrap()
        .clone();
    (listed, slots)
}

#[test]
fn fifty_concurrent_bookings_for_a_slot_of_three_book_exactly_three() {
    let dir = TempDir::new("booking-load");
    let (catalog_path, catalog) = write_test_catalog(&dir.0);
    let server = Server::start(&catalog_path, &dir.0.join("data"));
    let slot = slot_tomorrow(&catalog, "always", 0);
    let barrier = Arc::new(Barrier::new(50));
    let threads: Vec<_> = (0..50)
        .map(|i| {
            let addr = server.addr.clone();
            let body = appointment(&catalog, "always", &slot, &format!("Shopper {i}"));
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let key = key(&format!("load{i}"));
                barrier.wait();
                let t = Instant::now();
                let reply = book(&addr, "always", &key, &body);
                (reply, t.elapsed())
            })
        })
        .collect();
    let wall = Instant::now();
    let results: Vec<(Reply, Duration)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let wall = wall.elapsed();
    let booked: Vec<&Reply> = results
        .iter()
        .map(|r| &r.0)
        .filter(|r| r.status == 201)
        .collect();
    let full: Vec<&Reply> = results
        .iter()
        .map(|r| &r.0)
        .filter(|r| r.status == 409)
        .collect();
    assert_eq!(
        booked.len(),
        3,
        "{:?}",
        results.iter().map(|r| r.0.status).collect::<Vec<_>>()
    );
    assert_eq!(full.len(), 47);
    for r in &full {
        assert_eq!(
            r.error(),
            (409, "slot-full".to_string(), json!("/slot_start"))
        );
    }
    assert_eq!(booking_ids(booked.iter().copied()).len(), 3);

    // The slot list agrees, and so does the staff page.
    let (listed, slots) = listed_slot(&server.addr, &slot.start.at);
    assert_eq!(listed["available"], 0);
    assert_eq!(slots["capacity"], 3);
    let staff = get(&server.addr, "/staff/always").text();
    assert_eq!(staff.matches("<tr data-booking=").count(), 3);

    let mut latencies: Vec<Duration> = results.iter().map(|r| r.1).collect();
    latencies.sort();
    eprintln!(
        "50 concurrent bookings, one slot of 3: {:.1} ms wall; latency median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        wall.as_secs_f64() * 1e3,
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.95).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );

    // Throughput (a report, not an assertion): 8 clients booking distinct slots, against 8
    // clients fetching a small static file from the same server as the baseline.
    let slots = slots_of(&catalog, "always");
    let day = now().unix_seconds() + 24 * 3600;
    let later: Vec<_> = slots
        .into_iter()
        .filter(|s| s.start.at.unix_seconds() >= day + 3600)
        .take(200)
        .collect();
    let run = |work: Arc<dyn Fn(usize) -> u16 + Send + Sync>, n: usize| {
        let t = Instant::now();
        let handles: Vec<_> = (0..8)
            .map(|c| {
                let work = Arc::clone(&work);
                std::thread::spawn(move || (c..n).step_by(8).map(|i| work(i)).collect::<Vec<u16>>())
            })
            .collect();
        let statuses: Vec<u16> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        (t.elapsed(), statuses)
    };
    let addr = server.addr.clone();
    let bodies: Arc<Vec<Value>> = Arc::new(
        later
            .iter()
            .map(|s| appointment(&catalog, "always", s, "Throughput"))
            .collect(),
    );
    let n = bodies.len();
    let (book_time, statuses) = run(
        Arc::new({
            let addr = addr.clone();
            move |i| book(&addr, "always", &key(&format!("tp{i}")), &bodies[i]).status
        }),
        n,
    );
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let (static_time, statuses) = run(Arc::new(move |_| get(&addr, "/demo.css").status), n);
    assert!(statuses.iter().all(|s| *s == 200));
    let per_s = |d: Duration| n as f64 / d.as_secs_f64();
    eprintln!(
        "throughput, 8 clients, {n} requests in all: bookings {:.0}/s, static file {:.0}/s (bookings take {:.1}x the time of the baseline)",
        per_s(book_time),
        per_s(static_time),
        book_time.as_secs_f64() / static_time.as_secs_f64()
    );
}

#[test]
fn the_same_idempotency_key_books_once() {
    let dir = TempDir::new("booking-idem");
    let (catalog_path, catalog) = write_test_catalog(&dir.0);
    let server = Server::start(&catalog_path, &dir.0.join("data"));
    let slot = slot_tomorrow(&catalog, "always", 1);
    let body = appointment(&catalog, "always", &slot, "Zoë");
    let k = key("idem");
    let first = book(&server.addr, "always", &k, &body);
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(first.header("Idempotent-Replayed"), None);
    let first = first.json();
    assert_eq!(first["status"], "booked");
    assert_eq!(first["slot_start"], json!(slot.start.at));
    assert_eq!(first["slot_start_local"], json!(slot.start.local));
    assert!(first["ticket_url"].as_str().unwrap().ends_with(&format!(
        "/ticket/{}",
        first["booking_id"].as_str().unwrap()
    )));
    // The same request again, with its fields in another order: the same answer, with 200.
    let mut reordered = serde_json::Map::new();
    for (k, v) in body.as_object().unwrap().iter().rev() {
        reordered.insert(k.clone(), v.clone());
    }
    let again = book(&server.addr, "always", &k, &Value::Object(reordered));
    assert_eq!(again.status, 200);
    assert_eq!(again.header("Idempotent-Replayed"), Some("true"));
    assert_eq!(again.json(), first);
    // Ten concurrent retries of another booking: one 201, nine replays of it.
    let k2 = key("idem2");
    let body2 = appointment(&catalog, "always", &slot, "Ada");
    let handles: Vec<_> = (0..10)
        .map(|_| {
            let (addr, k2, body2) = (server.addr.clone(), k2.clone(), body2.clone());
            std::thread::spawn(move || book(&addr, "always", &k2, &body2))
        })
        .collect();
    let replies: Vec<Reply> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    assert_eq!(booking_ids(&replies).len(), 1);
    // Two bookings of the three places.
    let (listed, _) = listed_slot(&server.addr, &slot.start.at);
    assert_eq!(listed["available"], 1);
    // The same key with a different request is refused, and books nothing.
    let mut changed = body.clone();
    changed["name"] = json!("Someone else");
    let reused = book(&server.addr, "always", &k, &changed);
    assert_eq!(
        reused.error(),
        (
            422,
            "idempotency-key-reused".into(),
            json!("Idempotency-Key")
        )
    );
    assert_eq!(
        get(&server.addr, "/staff/always")
            .text()
            .matches("<tr data-booking=")
            .count(),
        2
    );
}

#[test]
fn refusals_say_what_and_where() {
    let dir = TempDir::new("booking-errors");
    let (catalog_path, catalog) = write_test_catalog(&dir.0);
    let server = Server::start(&catalog_path, &dir.0.join("data"));
    let addr = server.addr.as_str();
    let slot = slot_tomorrow(&catalog, "always", 2);
    let good = appointment(&catalog, "always", &slot, "Zoë");
    let path = "/api/stores/always/appointments";
    let json_ct = ("Content-Type", "application/json");
    let k = key("err");
    let idem = ("Idempotency-Key", k.as_str());
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    let check = |name: &str, reply: Reply, want: (u16, &str, Value)| {
        let (status, code, field) = reply.error();
        assert_eq!(
            (status, code.as_str(), field),
            want,
            "{name}: {}",
            reply.text()
        );
        let body = reply.json();
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.ends_with('.') && m.len() > 15),
            "{name}: {body}"
        );
        assert!(!body["issues"].as_array().unwrap().is_empty(), "{name}");
        assert_eq!(
            reply.header("Content-Type"),
            Some("application/json"),
            "{name}"
        );
    };

    check(
        "malformed JSON",
        request(
            addr,
            "POST",
            path,
            &[json_ct, idem],
            b"{\"name\": \"Zo\xc3\xab\",}",
        ),
        (400, "invalid-json", json!("")),
    );
    check(
        "empty body",
        request(addr, "POST", path, &[json_ct, idem], b""),
        (400, "invalid-json", json!("")),
    );
    let big = format!("{{\"note\": \"{}\"}}", "x".repeat(40 * 1024));
    check(
        "oversized body",
        request(addr, "POST", path, &[json_ct, idem], big.as_bytes()),
        (413, "body-too-large", Value::Null),
    );
    let huge = vec![b' '; 4 << 20];
    check(
        "a 4 MiB body",
        request(addr, "POST", path, &[json_ct, idem], &huge),
        (413, "body-too-large", Value::Null),
    );
    check(
        "chunked body",
        raw(
            addr,
            format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: {k}\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n").as_bytes(),
        ),
        (411, "length-required", Value::Null),
    );
    check(
        "wrong content type",
        request(
            addr,
            "POST",
            path,
            &[("Content-Type", "text/plain"), idem],
            good.to_string().as_bytes(),
        ),
        (415, "unsupported-media-type", Value::Null),
    );
    check(
        "form post",
        request(
            addr,
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded"), idem],
            b"name=x",
        ),
        (415, "unsupported-media-type", Value::Null),
    );
    check(
        "no idempotency key",
        request(addr, "POST", path, &[json_ct], good.to_string().as_bytes()),
        (400, "missing-idempotency-key", json!("Idempotency-Key")),
    );
    check(
        "short idempotency key",
        book(addr, "always", "abc", &good),
        (400, "invalid-idempotency-key", json!("Idempotency-Key")),
    );
    check(
        "missing fields",
        book(
            addr,
            "always",
            &k,
            &with(&|v| {
                let o = v.as_object_mut().unwrap();
                o.remove("name");
                o.remove("items");
            }),
        ),
        (422, "missing-field", json!("/name")),
    );
    let missing = book(
        addr,
        "always",
        &k,
        &with(&|v| {
            v.as_object_mut().unwrap().remove("items");
        }),
    );
    assert_eq!(missing.json()["issues"][0]["field"], "/items");
    check(
        "the key in the body",
        book(
            addr,
            "always",
            &k,
            &with(&|v| v["idempotency_key"] = json!(k.clone())),
        ),
        (422, "unknown-field", json!("/idempotency_key")),
    );
    check(
        "a number for a name",
        book(addr, "always", &k, &with(&|v| v["name"] = json!(42))),
        (422, "wrong-type", json!("/name")),
    );
    check(
        "not a time",
        book(
            addr,
            "always",
            &k,
            &with(&|v| v["slot_start"] = json!("tomorrow at ten")),
        ),
        (422, "invalid-time", json!("/slot_start")),
    );
    let past = slots_of(&catalog, "always")[0].start.at.unix_seconds() - 24 * 3600;
    let past = roomfit::handoff::time::Timestamp::from_unix_seconds(past).unwrap();
    check(
        "past slot",
        book(
            addr,
            "always",
            &k,
            &with(&|v| {
                v["slot_start"] = json!(past);
                v.as_object_mut().unwrap().remove("slot_start_local");
            }),
        ),
        (422, "slot-in-past", json!("/slot_start")),
    );
    let far = roomfit::handoff::time::Timestamp::from_unix_seconds(
        slot.start.at.unix_seconds() + 20 * 86400,
    )
    .unwrap();
    check(
        "beyond 14 days",
        book(
            addr,
            "always",
            &k,
            &with(&|v| {
                v["slot_start"] = json!(far);
                v.as_object_mut().unwrap().remove("slot_start_local");
            }),
        ),
        (422, "slot-too-far", json!("/slot_start")),
    );
    let off_grid =
        roomfit::handoff::time::Timestamp::from_unix_seconds(slot.start.at.unix_seconds() + 600)
            .unwrap();
    check(
        "not on the slot grid",
        book(
            addr,
            "always",
            &k,
            &with(&|v| {
                v["slot_start"] = json!(off_grid);
                v.as_object_mut().unwrap().remove("slot_start_local");
            }),
        ),
        (422, "not-a-slot", json!("/slot_start")),
    );
    // 03:00 in Berlin, when the store is closed.
    let berlin = slot_tomorrow(&catalog, "berlin", 0);
    let date = roomfit::handoff::time::Date::parse(&berlin.start.local[..10]).unwrap();
    let night = roomfit::handoff::tz::TimeZone::named("Europe/Berlin")
        .unwrap()
        .from_local(roomfit::handoff::time::DateTime::at_minute(date, 3 * 60))
        .unwrap();
    let at_night = appointment(&catalog, "berlin", &berlin, "Zoë");
    let mut at_night = at_night;
    at_night["slot_start"] = json!(night);
    at_night.as_object_mut().unwrap().remove("slot_start_local");
    check(
        "store closed",
        book(addr, "berlin", &k, &at_night),
        (422, "not-a-slot", json!("/slot_start")),
    );
    check(
        "local time that is not the slot's",
        book(
            addr,
            "always",
            &k,
            &with(&|v| v["slot_start_local"] = json!("2020-01-01T10:00:00")),
        ),
        (422, "local-time-mismatch", json!("/slot_start_local")),
    );
    check(
        "unknown store",
        book(addr, "nowhere", &k, &good),
        (404, "unknown-store", Value::Null),
    );
    check(
        "store that books on its own page",
        book(addr, "linked", &k, &good),
        (404, "unknown-store", Value::Null),
    );
    check(
        "body for another store",
        book(
            addr,
            "berlin",
            &k,
            &with(&|v| v["store_id"] = json!("always")),
        ),
        (422, "store-mismatch", json!("/store_id")),
    );
    check(
        "no contact",
        book(
            addr,
            "always",
            &k,
            &with(&|v| {
                v.as_object_mut().unwrap().remove("email");
            }),
        ),
        (422, "missing-contact", json!("/email")),
    );
    check(
        "bad e-mail",
        book(
            addr,
            "always",
            &k,
            &with(&|v| v["email"] = json!("zoe@example")),
        ),
        (422, "invalid-email", json!("/email")),
    );
    check(
        "bad phone",
        book(
            addr,
            "always",
            &k,
            &with(&|v| v["phone"] = json!("call me")),
        ),
        (422, "invalid-phone", json!("/phone")),
    );
    check(
        "unknown variant",
        book(
            addr,
            "always",
            &k,
            &with(&|v| v["items"][1]["sku"] = json!("NH-LUMEN-PINK")),
        ),
        (422, "unknown-item", json!("/items/1")),
    );
    check(
        "not a share code",
        book(
            addr,
            "always",
            &k,
            &with(&|v| v["share_code"] = json!("AAAA")),
        ),
        (422, "invalid-share-code", json!("/share_code")),
    );
    check(
        "GET on the booking endpoint",
        get(addr, path),
        (405, "method-not-allowed", Value::Null),
    );
    check(
        "unknown API path",
        get(addr, "/api/bookings"),
        (404, "not-found", Value::Null),
    );
    // Several problems at once: all of them, in order.
    let many = book(
        addr,
        "always",
        &k,
        &with(&|v| {
            v["name"] = json!(" ");
            v["email"] = json!("x");
            v["items"][0]["quantity"] = json!(0);
        }),
    )
    .json();
    let fields: Vec<&str> = many["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["/name", "/email", "/items/0/quantity"]);
    // None of that booked anything, and the key is still free for the real booking.
    assert!(
        get(addr, "/staff/always")
            .text()
            .contains("No upcoming visits.")
    );
    assert_eq!(book(addr, "always", &k, &good).status, 201);
}

#[test]
fn a_restart_loses_nothing() {
    let dir = TempDir::new("booking-restart");
    let (catalog_path, catalog) = write_test_catalog(&dir.0);
    let data = dir.0.join("data");
    let slot = slot_tomorrow(&catalog, "berlin", 3);
    let body = appointment(&catalog, "berlin", &slot, "Zoë");
    let k = key("restart");
    let server = Server::start(&catalog_path, &data);
    let first = book(&server.addr, "berlin", &k, &body);
    assert_eq!(first.status, 201);
    let other = appointment(
        &catalog,
        "always",
        &slot_tomorrow(&catalog, "always", 5),
        "Ada",
    );
    assert_eq!(
        book(&server.addr, "always", &key("restart2"), &other).status,
        201
    );
    server.kill(); // SIGKILL, right after the 201s

    let server = Server::start(&catalog_path, &data);
    let staff = get(&server.addr, "/staff/berlin").text();
    assert!(
        staff.contains(first.json()["booking_id"].as_str().unwrap()),
        "{staff}"
    );
    assert_eq!(
        get(&server.addr, "/staff/always")
            .text()
            .matches("<tr data-booking=")
            .count(),
        1
    );
    // The retry after the restart is still a replay, and the slot (capacity 1) is still taken.
    let again = book(&server.addr, "berlin", &k, &body);
    assert_eq!(again.status, 200);
    // The same answer but for the ticket URL's origin: the new server has another port.
    let without_origin = |mut v: Value| {
        let url = v["ticket_url"].as_str().unwrap().to_string();
        v["ticket_url"] = json!(url[url.find("/ticket/").unwrap()..]);
        v
    };
    assert_eq!(without_origin(again.json()), without_origin(first.json()));
    let second = book(
        &server.addr,
        "berlin",
        &key("restart3"),
        &appointment(&catalog, "berlin", &slot, "Ada"),
    );
    assert_eq!(second.error().0, 409);
}

#[test]
fn the_staff_page_lists_visits_and_opens_their_rooms() {
    let dir = TempDir::new("booking-staff");
    let (catalog_path, catalog) = write_test_catalog(&dir.0);
    let server = Server::start(&catalog_path, &dir.0.join("data"));
    let addr = server.addr.as_str();
    let empty = get(addr, "/staff/berlin");
    assert_eq!(empty.status, 200);
    assert!(empty.text().contains("No upcoming visits."));
    let late = slot_tomorrow(&catalog, "berlin", 5);
    let early = slot_tomorrow(&catalog, "berlin", 1);
    let mut hostile = appointment(
        &catalog,
        "berlin",
        &late,
        "<script>alert(1)</script> O'Brien",
    );
    hostile["note"] = json!("Bring <b>swatches</b> & \"samples\"");
    hostile["phone"] = json!("+49 30 1234567");
    let code = share_code(&catalog, &[("oslo-sofa", "NH-OSLO-FOR")]);
    hostile["share_code"] = json!(code);
    hostile["items"] = json!([{"product_id": "oslo-sofa", "sku": "NH-OSLO-FOR"}]);
    let late_reply = book(addr, "berlin", &key("staff1"), &hostile);
    assert_eq!(late_reply.status, 201, "{}", late_reply.text());
    let early_reply = book(
        addr,
        "berlin",
        &key("staff2"),
        &appointment(&catalog, "berlin", &early, "Ada Lovelace"),
    );
    assert_eq!(early_reply.status, 201);

    let page = get(addr, "/staff/berlin");
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.header("Content-Security-Policy")
            .is_some_and(|c| c.contains("default-src 'none'"))
    );
    let html = page.text();
    // Earliest first, times on the store's clock.
    let ada = html.find("Ada Lovelace").unwrap();
    let zoe = html
        .find("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien")
        .expect("escaped name");
    assert!(ada < zoe);
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>swatches"));
    assert!(html.contains("Bring &lt;b&gt;swatches&lt;/b&gt; &amp; &quot;samples&quot;"));
    let hm =
        |s: &roomfit::handoff::slots::Slot| format!("{} {}", &s.start.local[..10], s.start.time);
    assert!(html.contains(&hm(&early)), "{html}");
    assert!(html.contains(&hm(&late)));
    assert!(html.contains("Europe/Berlin"));
    assert!(html.contains("Oslo three-seat sofa, Forest"));
    assert!(html.contains("NH-OSLO-FOR"));
    assert!(html.contains("(not on display here)")); // Forest is not on display in Berlin
    assert!(html.contains("Lumen floor lamp, Black"));
    assert!(html.contains("+49 30 1234567"));
    assert!(html.contains(&format!("href=\"/?room={code}\"")));
    // The ticket opens the same room; its URL is the one the booking answer gave.
    let id = late_reply.json()["booking_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        late_reply.json()["ticket_url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("http://{addr}/ticket/"))
    );
    let ticket = get(addr, &format!("/ticket/{id}"));
    assert_eq!(ticket.status, 303);
    assert_eq!(
        ticket.header("Location"),
        Some(format!("/?room={code}").as_str())
    );
    let room = roomfit::room::Room::from_share_code(&code).unwrap();
    assert_eq!(room.items().len(), 1);
    assert_eq!(get(addr, "/ticket/bk_000000000000000000000000").status, 404);
    assert_eq!(get(addr, "/ticket/..%2F..%2Fetc%2Fpasswd").status, 404);
    // Other stores' pages do not show them; unknown stores are 404; the index lists stores.
    assert!(
        get(addr, "/staff/always")
            .text()
            .contains("No upcoming visits.")
    );
    assert_eq!(get(addr, "/staff/nowhere").status, 404);
    let index = get(addr, "/staff").text();
    assert!(index.contains("href=\"/staff/berlin\"") && index.contains("href=\"/staff/always\""));
    assert!(!index.contains("/staff/linked"));
    // The demo shop is still served beside the API.
    assert_eq!(get(addr, "/").status, 200);
}
