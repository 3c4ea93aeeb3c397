//! Test helpers for the booking service: the real `roomfit serve` binary on a loopback port
//! with a temporary data directory, and a minimal HTTP/1.1 client.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use roomfit::catalog::{self, Catalog};
use roomfit::handoff::hours::OpeningHours;
use roomfit::handoff::slots::{Slot, SlotOptions, appointment_slots};
use roomfit::handoff::time::Timestamp;
use roomfit::handoff::tz::TimeZone;
use roomfit::room::{NewItem, Room};
use serde_json::{Value, json};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let p = std::env::temp_dir().join(format!("roomfit-{name}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `roomfit serve` running on 127.0.0.1 with a port of its choosing; killed on drop.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(catalog: &Path, data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_roomfit"))
            .current_dir(root())
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--root",
                "www",
                "--models",
                "models",
            ])
            .arg("--catalog")
            .arg(catalog)
            .arg("--data")
            .arg(data)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("roomfit serve starts");
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let mut seen = Vec::new();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!("roomfit serve stopped: {seen:?}");
            };
            if let Some(rest) = line.split("serving the demo shop at http://").nth(1) {
                break rest.trim_end_matches('/').to_string();
            }
            seen.push(line);
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Server { child, addr }
    }

    /// Ends the process the hard way (SIGKILL): nothing gets a chance to flush.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response as the test sees it.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// `(status, code, field)` of an error answer.
    pub fn error(&self) -> (u16, String, Value) {
        let j = self.json();
        (
            self.status,
            j["code"].as_str().unwrap_or("").to_string(),
            j["field"].clone(),
        )
    }
}

/// Sends raw bytes, reads the answer to the end (the server closes the connection).
pub fn raw(addr: &str, request: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // A refused large body may be cut off by the server: that is what we test for.
    let _ = s.write_all(request);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&out)));
    let head = String::from_utf8_lossy(&out[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: out[split + 4..].to_vec(),
    }
}

/// A request with `headers` and `body`.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    raw(addr, &bytes)
}

pub fn get(addr: &str, path: &str) -> Reply {
    request(addr, "GET", path, &[], b"")
}

/// POSTs an appointment as JSON with an idempotency key.
pub fn book(addr: &str, store: &str, key: &str, body: &Value) -> Reply {
    request(
        addr,
        "POST",
        &format!("/api/stores/{store}/appointments"),
        &[
            ("Content-Type", "application/json"),
            ("Idempotency-Key", key),
        ],
        body.to_string().as_bytes(),
    )
}

pub fn now() -> Timestamp {
    let s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    Timestamp::from_unix_seconds(s).unwrap()
}

/// A store's slots as the service computes them, from now.
pub fn slots_of(catalog: &Catalog, store_id: &str) -> Vec<Slot> {
    let store = catalog
        .retailers
        .iter()
        .flat_map(|r| &r.stores)
        .find(|s| s.id == store_id)
        .unwrap();
    let zone = TimeZone::named(&store.time_zone).unwrap();
    let hours = OpeningHours::parse(&store.hours).unwrap();
    appointment_slots(&hours, &zone, now(), SlotOptions::default())
}

/// The first slot at least a day away (so it cannot start during the test).
pub fn slot_tomorrow(catalog: &Catalog, store_id: &str, skip: usize) -> Slot {
    let day = now().unix_seconds() + 24 * 3600;
    slots_of(catalog, store_id)
        .into_iter()
        .filter(|s| s.start.at.unix_seconds() >= day)
        .nth(skip)
        .expect("a slot tomorrow or later")
}

/// A unique idempotency key.
pub fn key(tag: &str) -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("test-{tag}-{n:x}")
}

/// The test catalog: retailer "nordhem" with a store open around the clock in UTC taking 3
/// visits per slot, a Berlin store with ordinary hours taking 1, and a store with a link.
pub fn test_catalog_json() -> Value {
    let all_day: Value = json!(["00:00-24:00"]);
    json!({"version": 1, "retailers": [{
        "id": "nordhem", "name": "Nordhem Living", "currency": "EUR", "locale": "en-GB",
        "checkout": {"kind": "shopify", "shop": "https://nordhem.example"},
        "allowed_hosts": ["nordhem.example"],
        "stores": [
            {"id": "always", "name": "Nordhem Always Open", "address": "1 Test Street, London",
             "location": {"lat": 51.5, "lon": -0.12}, "time_zone": "UTC",
             "hours": {"weekly": {"mon": all_day, "tue": all_day, "wed": all_day, "thu": all_day,
                                   "fri": all_day, "sat": all_day, "sun": all_day}},
             "booking": {"endpoint": "/api/stores/always/appointments", "capacity": 3},
             "on_display": ["NH-OSLO-OAT"]},
            {"id": "berlin", "name": "Nordhem Berlin Mitte",
             "address": "Rosenthaler Str. 40, 10178 Berlin, Germany",
             "location": {"lat": 52.5267, "lon": 13.4019}, "time_zone": "Europe/Berlin",
             "hours": {"weekly": {"mon": ["10:00-20:00"], "tue": ["10:00-20:00"],
                                   "wed": ["10:00-20:00"], "thu": ["10:00-20:00"],
                                   "fri": ["10:00-20:00"], "sat": ["10:00-18:00"]}},
             "booking": {"endpoint": "/api/stores/berlin/appointments"},
             "on_display": ["NH-OSLO-OAT"]},
            {"id": "linked", "name": "Nordhem Elsewhere", "address": "2 Test Street, London",
             "location": {"lat": 51.5, "lon": -0.13}, "time_zone": "Europe/London",
             "hours": {"weekly": {"mon": ["10:00-18:00"]}},
             "booking": {"link": "https://nordhem.example/visit"}}
        ],
        "products": [
            {"id": "oslo-sofa", "name": {"en": "Oslo three-seat sofa"}, "category": "sofa",
             "placement": "floor", "dimensions_mm": {"width": 2200, "depth": 950, "height": 800},
             "model": {"glb": "oslo-sofa.glb"},
             "variants": [
                {"sku": "NH-OSLO-OAT", "checkout_id": "1", "name": {"en": "Oat"}, "gltf_variant": "Oat", "price": "1299.00"},
                {"sku": "NH-OSLO-FOR", "checkout_id": "2", "name": {"en": "Forest"}, "gltf_variant": "Forest", "price": "1299.00"}]},
            {"id": "lumen-lamp", "name": {"en": "Lumen floor lamp"}, "category": "lamp",
             "placement": "floor", "dimensions_mm": {"width": 400, "depth": 400, "height": 1600},
             "model": {"glb": "lumen.glb"},
             "variants": [{"sku": "NH-LUMEN-BLK", "checkout_id": "3", "name": {"en": "Black"}, "price": "199.00"}]}
        ]
    }]})
}

/// The test catalog written into `dir`, parsed.
pub fn write_test_catalog(dir: &Path) -> (PathBuf, Catalog) {
    let text = serde_json::to_string_pretty(&test_catalog_json()).unwrap();
    let issues = catalog::validate(&text);
    assert!(
        !issues.iter().any(|i| i.is_error()),
        "the test catalog has errors: {issues:?}"
    );
    let path = dir.join("catalog.json");
    std::fs::write(&path, &text).unwrap();
    (path, catalog::parse(&text).unwrap())
}

/// A real share code: a room with the given products of the first retailer.
pub fn share_code(catalog: &Catalog, items: &[(&str, &str)]) -> String {
    let retailer = &catalog.retailers[0];
    let mut room = Room::new();
    for (i, (product, sku)) in items.iter().enumerate() {
        let p = retailer.products.iter().find(|p| p.id == *product).unwrap();
        room.add(
            NewItem::from_product(&retailer.id, p, Some(sku)),
            glam::Vec2::new(i as f32 * 3.0, 0.0),
            0.0,
        )
        .unwrap();
    }
    room.share_code()
}

/// A valid appointment for `store` at `slot`.
pub fn appointment(catalog: &Catalog, store: &str, slot: &Slot, name: &str) -> Value {
    json!({
        "retailer_id": "nordhem",
        "store_id": store,
        "slot_start": slot.start.at,
        "slot_start_local": slot.start.local,
        "name": name,
        "email": "zoe@example.com",
        "items": [
            {"product_id": "oslo-sofa", "sku": "NH-OSLO-OAT", "quantity": 1},
            {"product_id": "lumen-lamp", "sku": "NH-LUMEN-BLK", "quantity": 2}
        ],
        "share_code": share_code(catalog, &[("oslo-sofa", "NH-OSLO-OAT"), ("lumen-lamp", "NH-LUMEN-BLK")]),
        "locale": "de-DE"
    })
}
