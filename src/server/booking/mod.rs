//! The reference booking service (docs/booking.md): the appointment contract on
//! `/api/stores/{store}/appointments`, free slots on `/api/stores/{store}/slots`, a staff page
//! per store on `/staff/{store}`, and try-on tickets on `/ticket/{booking}` that open the room.
//!
//! Every store in the catalog whose `booking` is an `endpoint` is served here, with the
//! catalog's `capacity` per 30-minute slot. Requests are checked against the catalog and the
//! store's opening hours at the moment they arrive; bookings are kept by a [`BookingStore`].

mod error;
mod request;
mod sqlite;
mod staff;
mod storage;

pub use error::{ApiError, Problem};
pub use request::{IDEMPOTENCY_KEY, code as request_code};
pub use sqlite::{DATABASE_FILE, SqliteStore};
pub use storage::{BookOutcome, BookingStore, NewBooking, StorageError, StoredBooking};

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::{Value, json};

use crate::catalog::{Booking, Catalog, Retailer, Store};
use crate::handoff::appointment::{AppointmentRequest, code as check_code};
use crate::handoff::hours::{LocalMoment, OpeningHours};
use crate::handoff::slots::{Slot, SlotOptions, appointment_slots};
use crate::handoff::time::Timestamp;
use crate::handoff::tz::TimeZone;
use crate::room::Room;
use crate::server::{Request, Response};

/// Stable codes of the service's own answers (beside [`request_code`] and the validation
/// codes of [`crate::handoff::appointment::code`]).
pub mod code {
    /// No such store, or it takes no bookings here.
    pub const UNKNOWN_STORE: &str = "unknown-store";
    /// The path or method is not part of the API.
    pub const NOT_FOUND: &str = "not-found";
    /// The method is not allowed on this path.
    pub const METHOD_NOT_ALLOWED: &str = "method-not-allowed";
    /// The body's store is not the path's.
    pub const STORE_MISMATCH: &str = "store-mismatch";
    /// The slot has started already.
    pub const SLOT_IN_PAST: &str = "slot-in-past";
    /// The slot is beyond the booking window (14 days).
    pub const SLOT_TOO_FAR: &str = "slot-too-far";
    /// The slot has as many bookings as the store's capacity.
    pub const SLOT_FULL: &str = "slot-full";
    /// The idempotency key was used before for a different request.
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency-key-reused";
    /// The share code does not decode to a room.
    pub const INVALID_SHARE_CODE: &str = "invalid-share-code";
    /// The database failed.
    pub const STORAGE_ERROR: &str = "storage-error";
}

/// A store that takes bookings here, with what its slots need.
struct Desk {
    retailer: usize,
    store: usize,
    zone: TimeZone,
    hours: OpeningHours,
    capacity: u32,
}

/// The clock: the current instant.
pub type Clock = Box<dyn Fn() -> Timestamp + Send + Sync>;

/// The booking service: a catalog, a store of bookings and a clock.
pub struct BookingService {
    catalog: Catalog,
    desks: BTreeMap<String, Desk>,
    storage: Box<dyn BookingStore>,
    clock: Clock,
    origin: String,
    options: SlotOptions,
}

/// The system clock.
pub fn system_clock() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Timestamp::from_unix_seconds(secs).unwrap_or_else(|_| {
        Timestamp::from_unix_seconds(0).unwrap_or_else(|_| unreachable!("0 is in range"))
    })
}

impl BookingService {
    /// Serves the stores of `catalog` that have a booking endpoint, keeping bookings in
    /// `storage`; ticket URLs start with `origin` (`http://127.0.0.1:8080`). Fails when such a
    /// store's time zone or hours cannot be read (`roomfit catalog check` says why).
    pub fn new(
        catalog: Catalog,
        storage: Box<dyn BookingStore>,
        origin: &str,
    ) -> Result<BookingService, String> {
        let mut desks = BTreeMap::new();
        for (ri, retailer) in catalog.retailers.iter().enumerate() {
            for (si, store) in retailer.stores.iter().enumerate() {
                let Some(Booking::Endpoint { capacity, .. }) = &store.booking else {
                    continue;
                };
                let zone = TimeZone::named(&store.time_zone)
                    .map_err(|e| format!("store {}: {e}", store.id))?;
                let hours = OpeningHours::parse(&store.hours)
                    .map_err(|e| format!("store {}: {e}", store.id))?;
                let capacity = capacity.unwrap_or(1).clamp(1, 100);
                let desk = Desk {
                    retailer: ri,
                    store: si,
                    zone,
                    hours,
                    capacity,
                };
                if desks.insert(store.id.clone(), desk).is_some() {
                    return Err(format!("the store id {} is used twice", store.id));
                }
            }
        }
        Ok(BookingService {
            catalog,
            desks,
            storage,
            clock: Box::new(system_clock),
            origin: origin.trim_end_matches('/').to_owned(),
            options: SlotOptions::default(),
        })
    }

    /// The same service with another clock (for tests and demos of a fixed day).
    pub fn with_clock(mut self, clock: Clock) -> BookingService {
        self.clock = clock;
        self
    }

    /// The ids of the stores served, sorted.
    pub fn store_ids(&self) -> impl Iterator<Item = &str> {
        self.desks.keys().map(String::as_str)
    }

    /// Answers a request under `/api/`, `/staff` or `/ticket/`; `None` for any other path.
    pub fn handle(&self, req: &Request) -> Option<Response> {
        let path = req.path.as_str();
        if let Some(rest) = path.strip_prefix("/api/") {
            return Some(self.api(req, rest).unwrap_or_else(|e| e.response()));
        }
        if path == "/staff" || path == "/staff/" {
            return Some(staff::index(self));
        }
        if let Some(id) = path.strip_prefix("/staff/") {
            return Some(staff::page(self, id.trim_end_matches('/')));
        }
        if let Some(id) = path.strip_prefix("/ticket/") {
            return Some(self.ticket(id));
        }
        None
    }

    fn api(&self, req: &Request, rest: &str) -> Result<Response, ApiError> {
        let parts: Vec<&str> = rest.split('/').collect();
        let (store_id, action) = match parts.as_slice() {
            ["stores", id, action] => (*id, *action),
            _ => {
                return Err(ApiError::one(
                    404,
                    code::NOT_FOUND,
                    None,
                    format!("{} is not part of the booking API.", req.path),
                ));
            }
        };
        let allowed = match action {
            "appointments" => "POST",
            "slots" => "GET, HEAD",
            _ => {
                return Err(ApiError::one(
                    404,
                    code::NOT_FOUND,
                    None,
                    format!("{} is not part of the booking API.", req.path),
                ));
            }
        };
        if !allowed.split(", ").any(|m| m == req.method) {
            let mut r = ApiError::one(
                405,
                code::METHOD_NOT_ALLOWED,
                None,
                format!("{} takes {allowed}, not {}.", req.path, req.method),
            )
            .response();
            r.headers.push(("Allow".into(), allowed.into()));
            return Ok(r);
        }
        let desk = self.desk(store_id)?;
        match action {
            "appointments" => self.book(req, store_id, desk),
            _ => self.slots(store_id, desk),
        }
    }

    fn desk(&self, store_id: &str) -> Result<&Desk, ApiError> {
        self.desks.get(store_id).ok_or_else(|| {
            let known = self
                .catalog
                .retailers
                .iter()
                .flat_map(|r| &r.stores)
                .any(|s| s.id == store_id);
            ApiError::one(
                404,
                code::UNKNOWN_STORE,
                None,
                if known {
                    format!("The store \"{store_id}\" takes bookings on its own page, not here.")
                } else {
                    format!("There is no store \"{store_id}\" in this catalog.")
                },
            )
        })
    }

    fn store_of(&self, desk: &Desk) -> (&Retailer, &Store) {
        let retailer = &self.catalog.retailers[desk.retailer];
        (retailer, &retailer.stores[desk.store])
    }

    /// The store's slots from now on (30 minutes, 14 days).
    fn current_slots(&self, desk: &Desk, now: Timestamp) -> Vec<Slot> {
        appointment_slots(&desk.hours, &desk.zone, now, self.options)
    }

    fn book(&self, req: &Request, store_id: &str, desk: &Desk) -> Result<Response, ApiError> {
        let (key, request) = request::read(req)?;
        let canonical = serde_json::to_string(&request).unwrap_or_default();
        // A retry of a booking that went through is answered from the record, whatever the
        // time is now (its slot may have started meanwhile).
        if let Some(done) = self.storage.by_key(&key).map_err(storage_failed)? {
            return self.outcome_for_key(done, &canonical, desk);
        }
        let now = (self.clock)();
        let slots = self.current_slots(desk, now);
        let mut problems: Vec<Problem> = Vec::new();
        if request.store_id != store_id {
            problems.push(Problem::new(
                code::STORE_MISMATCH,
                Some("/store_id"),
                format!(
                    "The request is for store \"{}\" but was sent to the endpoint of \"{store_id}\".",
                    request.store_id
                ),
            ));
        }
        if let Err(e) = request.validate_against(&self.catalog, &slots) {
            for issue in e.issues {
                let mut p = Problem::from(issue);
                if p.code == check_code::NOT_A_SLOT {
                    p = self.why_not_a_slot(&request, desk, now).unwrap_or(p);
                }
                problems.push(p);
            }
        }
        if !problems
            .iter()
            .any(|p| p.field.as_deref() == Some("/share_code"))
        {
            if let Err(e) = Room::from_share_code(&request.share_code) {
                problems.push(Problem::new(
                    code::INVALID_SHARE_CODE,
                    Some("/share_code"),
                    format!("The share code is not a room: {e}."),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(ApiError {
                status: 422,
                problems,
            });
        }
        let Some(slot) = slots.iter().find(|s| s.start.at == request.slot_start) else {
            return Err(ApiError::one(
                422,
                check_code::NOT_A_SLOT,
                Some("/slot_start"),
                "That time is not one of the store's slots.",
            ));
        };
        let booking = NewBooking {
            id: new_booking_id().map_err(storage_failed)?,
            idempotency_key: key,
            store_id: store_id.to_owned(),
            slot_start: slot.start.at.unix_seconds(),
            slot_end: slot.end.at.unix_seconds(),
            request_json: canonical.clone(),
            created_at: now.unix_seconds(),
        };
        match self
            .storage
            .book(&booking, desk.capacity)
            .map_err(storage_failed)?
        {
            BookOutcome::Booked(b) => Ok(Response::json(201, &self.confirmation(&b, desk))),
            BookOutcome::Replayed(b) | BookOutcome::KeyReused(b) => {
                self.outcome_for_key(b, &canonical, desk)
            }
            BookOutcome::Full => Err(ApiError::one(
                409,
                code::SLOT_FULL,
                Some("/slot_start"),
                format!(
                    "The slot at {} is fully booked ({} of {} places); choose another time.",
                    slot.start.local.replace('T', " "),
                    desk.capacity,
                    desk.capacity
                ),
            )),
        }
    }

    /// The answer for a key already used: a replay for the same request, 422 otherwise.
    fn outcome_for_key(
        &self,
        done: StoredBooking,
        canonical: &str,
        desk: &Desk,
    ) -> Result<Response, ApiError> {
        if done.request_json == canonical {
            Ok(Response::json(200, &self.confirmation(&done, desk))
                .with_header("Idempotent-Replayed", "true"))
        } else {
            Err(ApiError::one(
                422,
                code::IDEMPOTENCY_KEY_REUSED,
                Some(IDEMPOTENCY_KEY),
                "This Idempotency-Key was already used for a different appointment; make a new key for a new booking.",
            ))
        }
    }

    /// A more precise problem than "not a slot" for times in the past or beyond the window.
    fn why_not_a_slot(
        &self,
        request: &AppointmentRequest,
        desk: &Desk,
        now: Timestamp,
    ) -> Option<Problem> {
        let start = request.slot_start;
        if start < now {
            return Some(Problem::new(
                code::SLOT_IN_PAST,
                Some("/slot_start"),
                format!("{start} has already begun; choose a later time."),
            ));
        }
        let today = desk.zone.to_local(now).date;
        let last_day = today.add_days(i64::from(self.options.days) - 1);
        if desk.zone.to_local(start).date > last_day {
            return Some(Problem::new(
                code::SLOT_TOO_FAR,
                Some("/slot_start"),
                format!(
                    "Visits can be booked up to {} days ahead (until {last_day}); {start} is later.",
                    self.options.days
                ),
            ));
        }
        None
    }

    /// The 201/200 body, entirely from the record (so a replay is the same answer).
    fn confirmation(&self, b: &StoredBooking, desk: &Desk) -> Value {
        let at = |s: i64| Timestamp::from_unix_seconds(s).ok();
        let start = at(b.slot_start).map(|t| LocalMoment::new(&desk.zone, t));
        let end = at(b.slot_end);
        json!({
            "booking_id": b.id,
            "status": "booked",
            "store_id": b.store_id,
            "slot_start": start.as_ref().map(|s| s.at.to_string()),
            "slot_start_local": start.as_ref().map(|s| s.local.clone()),
            "utc_offset_minutes": start.as_ref().map(|s| s.utc_offset_minutes),
            "slot_end": end.map(|e| e.to_string()),
            "time_zone": desk.zone.name(),
            "ticket_url": format!("{}/ticket/{}", self.origin, b.id),
        })
    }

    fn slots(&self, store_id: &str, desk: &Desk) -> Result<Response, ApiError> {
        let now = (self.clock)();
        let slots = self.current_slots(desk, now);
        let (from, to) = match (slots.first(), slots.last()) {
            (Some(f), Some(l)) => (f.start.at.unix_seconds(), l.start.at.unix_seconds() + 1),
            _ => (0, 0),
        };
        let taken: BTreeMap<i64, u32> = self
            .storage
            .taken(store_id, from, to)
            .map_err(storage_failed)?
            .into_iter()
            .collect();
        let list: Vec<Value> = slots
            .iter()
            .map(|s| {
                let used = taken.get(&s.start.at.unix_seconds()).copied().unwrap_or(0);
                json!({
                    "start": s.start.at,
                    "start_local": s.start.local,
                    "end": s.end.at,
                    "available": desk.capacity.saturating_sub(used),
                })
            })
            .collect();
        Ok(Response::json(
            200,
            &json!({
                "store_id": store_id,
                "time_zone": desk.zone.name(),
                "capacity": desk.capacity,
                "slot_minutes": self.options.length_minutes,
                "slots": list,
            }),
        ))
    }

    /// `/ticket/{id}`: a redirect to the demo shop with the booked room.
    fn ticket(&self, id: &str) -> Response {
        let found = if is_booking_id(id) {
            self.storage.by_id(id)
        } else {
            Ok(None)
        };
        let request = match found {
            Ok(Some(b)) => serde_json::from_str::<AppointmentRequest>(&b.request_json).ok(),
            Ok(None) => None,
            Err(e) => {
                return Response::text(500, &format!("{e}\n"));
            }
        };
        match request {
            Some(r) => {
                let to = room_link(&r.share_code);
                Response::text(303, &format!("See {to}\n")).with_header("Location", &to)
            }
            None => Response::text(404, "no such ticket\n"),
        }
    }
}

/// The demo shop's URL for a room.
pub fn room_link(share_code: &str) -> String {
    // Share codes are base64url (checked when booked); encode anything else anyway.
    let mut out = String::from("/?room=");
    for b in share_code.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn storage_failed(e: StorageError) -> ApiError {
    eprintln!("roomfit: {e}");
    ApiError::one(
        503,
        code::STORAGE_ERROR,
        None,
        "The booking could not be saved just now; try again in a moment (with the same Idempotency-Key).",
    )
}

/// `bk_` and 24 lower-case hex digits.
fn is_booking_id(id: &str) -> bool {
    id.len() == 27
        && id.starts_with("bk_")
        && id[3..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A new, unguessable booking id: 96 bits from the operating system.
fn new_booking_id() -> Result<String, StorageError> {
    let mut bytes = [0u8; 12];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| StorageError(format!("no randomness for a booking id: {e}")))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("bk_{hex}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links() {
        let id = new_booking_id().unwrap();
        assert!(is_booking_id(&id), "{id}");
        assert_ne!(id, new_booking_id().unwrap());
        assert!(!is_booking_id("bk_../../etc/passwd"));
        assert!(!is_booking_id(&id.to_uppercase()));
        assert_eq!(room_link("AbC-_9"), "/?room=AbC-_9");
        assert_eq!(room_link("a b&c"), "/?room=a%20b%26c");
    }
}
