//! The appointment request the shopper sends to a store's booking endpoint (docs/booking.md):
//! who, when, which items in which variants and the room's share code. The idempotency key that
//! makes a retried request book once travels beside it, in the `Idempotency-Key` header
//! ([`check_idempotency_key`]). Validation collects every problem with its JSON pointer and a
//! stable code (see [`code`]).

use serde::{Deserialize, Serialize};

use super::search::is_word_char;
use super::slots::Slot;
use super::time::Timestamp;
use crate::catalog::Catalog;

/// Most items one visit can list.
pub const MAX_ITEMS: usize = 50;

/// One item the shopper wants to see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppointmentItem {
    /// Product id.
    pub product_id: String,
    /// The variant's SKU.
    pub sku: String,
    /// How many are in the room (1 to 99).
    #[serde(default = "one")]
    pub quantity: u32,
}

fn one() -> u32 {
    1
}

/// A request to book a store visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppointmentRequest {
    /// Retailer id.
    pub retailer_id: String,
    /// Store id.
    pub store_id: String,
    /// Start of the chosen slot (RFC 3339, UTC).
    pub slot_start: Timestamp,
    /// The same start on the store's clock (`2026-04-06T10:00:00`, no offset), as the shopper
    /// saw it. Optional; when given it must be `slot_start` in the store's time zone, which
    /// catches a client that converted the time wrongly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_start_local: Option<String>,
    /// The shopper's name.
    pub name: String,
    /// Phone (this or `email`, or both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail (this or `phone`, or both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// What they want to see.
    pub items: Vec<AppointmentItem>,
    /// The room's share code, so staff can open the exact room.
    pub share_code: String,
    /// The shopper's locale (`de-DE`), for the confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// A note for the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One problem with a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Stable kebab-case class of the problem (see [`code`]).
    pub code: &'static str,
    /// JSON pointer to the field (`/email`, `/items/2/sku`).
    pub field: String,
    /// What is wrong, for the shopper.
    pub message: String,
}

/// The stable codes of [`Issue`]s (docs/booking.md lists them). A code is never renamed.
pub mod code {
    /// An id (retailer, store, product, SKU) is empty or not an id.
    pub const INVALID_ID: &str = "invalid-id";
    /// The name is empty, too long or has control characters.
    pub const INVALID_NAME: &str = "invalid-name";
    /// Neither a phone number nor an e-mail address.
    pub const MISSING_CONTACT: &str = "missing-contact";
    /// Not a phone number.
    pub const INVALID_PHONE: &str = "invalid-phone";
    /// Not an e-mail address.
    pub const INVALID_EMAIL: &str = "invalid-email";
    /// No items, or more than [`MAX_ITEMS`](super::MAX_ITEMS).
    pub const INVALID_ITEMS: &str = "invalid-items";
    /// A quantity outside 1 to 99.
    pub const INVALID_QUANTITY: &str = "invalid-quantity";
    /// The share code has characters or a length a share code cannot have.
    pub const INVALID_SHARE_CODE: &str = "invalid-share-code";
    /// Not a language tag.
    pub const INVALID_LOCALE: &str = "invalid-locale";
    /// The note is too long or has control characters.
    pub const INVALID_NOTE: &str = "invalid-note";
    /// `slot_start_local` is not `slot_start` on the store's clock.
    pub const LOCAL_TIME_MISMATCH: &str = "local-time-mismatch";
    /// The catalog has no such retailer.
    pub const UNKNOWN_RETAILER: &str = "unknown-retailer";
    /// The retailer has no such store.
    pub const UNKNOWN_STORE: &str = "unknown-store";
    /// The retailer sells no such product in that variant.
    pub const UNKNOWN_ITEM: &str = "unknown-item";
    /// The time is not one of the store's slots.
    pub const NOT_A_SLOT: &str = "not-a-slot";
}

/// A request with problems.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the appointment request is not valid: {}", .issues.iter().map(|i| format!("{}: {}", i.field, i.message)).collect::<Vec<_>>().join("; "))]
pub struct AppointmentError {
    /// Every problem found.
    pub issues: Vec<Issue>,
}

impl AppointmentRequest {
    /// Checks the request on its own: fields present and well-formed, a name and a valid phone
    /// or e-mail, 1 to 50 items.
    pub fn validate(&self) -> Result<(), AppointmentError> {
        let mut issues = Vec::new();
        let mut issue = |code: &'static str, field: &str, message: String| {
            issues.push(Issue {
                code,
                field: field.to_owned(),
                message,
            });
        };
        for (field, value) in [
            ("/retailer_id", &self.retailer_id),
            ("/store_id", &self.store_id),
        ] {
            if let Err(m) = check_id(value) {
                issue(code::INVALID_ID, field, m);
            }
        }
        if let Err(m) = check_name(&self.name) {
            issue(code::INVALID_NAME, "/name", m);
        }
        match (&self.phone, &self.email) {
            (None, None) => issue(
                code::MISSING_CONTACT,
                "/email",
                "Give a phone number or an e-mail address.".into(),
            ),
            (phone, email) => {
                if let Some(Err(m)) = phone.as_deref().map(check_phone) {
                    issue(code::INVALID_PHONE, "/phone", m);
                }
                if let Some(Err(m)) = email.as_deref().map(check_email) {
                    issue(code::INVALID_EMAIL, "/email", m);
                }
            }
        }
        if self.items.is_empty() {
            issue(
                code::INVALID_ITEMS,
                "/items",
                "Choose at least one item to see.".into(),
            );
        }
        if self.items.len() > MAX_ITEMS {
            issue(
                code::INVALID_ITEMS,
                "/items",
                format!("At most {MAX_ITEMS} items per visit."),
            );
        }
        for (i, item) in self.items.iter().enumerate().take(MAX_ITEMS) {
            if let Err(m) = check_id(&item.product_id) {
                issue(code::INVALID_ID, &format!("/items/{i}/product_id"), m);
            }
            if let Err(m) = check_id(&item.sku) {
                issue(code::INVALID_ID, &format!("/items/{i}/sku"), m);
            }
            if !(1..=99).contains(&item.quantity) {
                issue(
                    code::INVALID_QUANTITY,
                    &format!("/items/{i}/quantity"),
                    "Quantity must be 1 to 99.".into(),
                );
            }
        }
        if let Err(m) = check_token(&self.share_code, 1, 4096, ".~") {
            issue(code::INVALID_SHARE_CODE, "/share_code", m);
        }
        if let Some(local) = &self.slot_start_local {
            if local.len() != 19 || !local.is_ascii() {
                issue(
                    code::LOCAL_TIME_MISMATCH,
                    "/slot_start_local",
                    format!("\"{local}\" is not a local time like 2026-04-06T10:00:00."),
                );
            }
        }
        if let Some(locale) = &self.locale {
            let ok = !locale.is_empty()
                && locale.len() <= 35
                && locale
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                issue(
                    code::INVALID_LOCALE,
                    "/locale",
                    format!("\"{locale}\" is not a language tag like de-DE."),
                );
            }
        }
        if let Some(note) = &self.note {
            if note.chars().count() > 500 {
                issue(
                    code::INVALID_NOTE,
                    "/note",
                    "The note is longer than 500 characters.".into(),
                );
            }
            if note.chars().any(|c| c.is_control() && c != '\n') {
                issue(
                    code::INVALID_NOTE,
                    "/note",
                    "The note contains control characters.".into(),
                );
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(AppointmentError { issues })
        }
    }

    /// [`validate`](Self::validate), then against the catalog and the store's current slots:
    /// the store belongs to the retailer, every item is one of its variants, and the slot is
    /// one of `slots` (so not in the past and inside opening hours).
    pub fn validate_against(
        &self,
        catalog: &Catalog,
        slots: &[Slot],
    ) -> Result<(), AppointmentError> {
        let mut issues = match self.validate() {
            Ok(()) => Vec::new(),
            Err(e) => e.issues,
        };
        let mut issue = |code: &'static str, field: String, message: String| {
            issues.push(Issue {
                code,
                field,
                message,
            })
        };
        match catalog.retailers.iter().find(|r| r.id == self.retailer_id) {
            None => issue(
                code::UNKNOWN_RETAILER,
                "/retailer_id".into(),
                format!("Unknown retailer \"{}\".", self.retailer_id),
            ),
            Some(retailer) => {
                if !retailer.stores.iter().any(|s| s.id == self.store_id) {
                    issue(
                        code::UNKNOWN_STORE,
                        "/store_id".into(),
                        format!("{} has no store \"{}\".", retailer.name, self.store_id),
                    );
                }
                for (i, item) in self.items.iter().enumerate().take(MAX_ITEMS) {
                    let known = retailer.products.iter().any(|p| {
                        p.id == item.product_id && p.variants.iter().any(|v| v.sku == item.sku)
                    });
                    if !known {
                        issue(
                            code::UNKNOWN_ITEM,
                            format!("/items/{i}"),
                            format!(
                                "{} sells no {} in variant {}.",
                                retailer.name, item.product_id, item.sku
                            ),
                        );
                    }
                }
            }
        }
        match slots.iter().find(|s| s.start.at == self.slot_start) {
            None => issue(
                code::NOT_A_SLOT,
                "/slot_start".into(),
                format!(
                    "{} is not a free slot of this store; choose another time.",
                    self.slot_start
                ),
            ),
            Some(slot) => {
                if let Some(local) = &self.slot_start_local {
                    if *local != slot.start.local {
                        issue(
                            code::LOCAL_TIME_MISMATCH,
                            "/slot_start_local".into(),
                            format!(
                                "{} is {} on the store's clock, not {local}.",
                                self.slot_start, slot.start.local
                            ),
                        );
                    }
                }
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(AppointmentError { issues })
        }
    }
}

fn check_id(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("This is required.".into());
    }
    if value.chars().count() > 200 || value.chars().any(char::is_control) {
        return Err("This is not a valid id.".into());
    }
    Ok(())
}

/// A name: 1 to 100 characters, not only spaces, no control characters.
pub fn check_name(name: &str) -> Result<(), String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("Please give your name.".into());
    }
    if trimmed.chars().count() > 100 {
        return Err("The name is longer than 100 characters.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("The name contains control characters.".into());
    }
    Ok(())
}

/// A phone number: digits with optional spaces, `-`, `.`, `(`, `)` and one leading `+`;
/// 6 to 15 digits (E.164 allows at most 15).
pub fn check_phone(phone: &str) -> Result<(), String> {
    let phone = phone.trim();
    let rest = phone.strip_prefix('+').unwrap_or(phone);
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    let allowed = rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
    if !allowed || !(6..=15).contains(&digits) {
        return Err(format!(
            "\"{phone}\" is not a phone number; write it like +49 30 1234567."
        ));
    }
    Ok(())
}

/// An e-mail address: `local@domain`, at most 254 characters, a local part without spaces or
/// quotes, a domain with a dot and no empty labels. Unicode is allowed (RFC 6531).
pub fn check_email(email: &str) -> Result<(), String> {
    let bad = || {
        Err(format!(
            "\"{email}\" is not an e-mail address like name@example.com."
        ))
    };
    if email.chars().count() > 254 || email.trim() != email {
        return bad();
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return bad();
    };
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| is_word_char(c) || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars().count() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| is_word_char(c) || c == '-')
        });
    if local_ok && domain_ok { Ok(()) } else { bad() }
}

/// An `Idempotency-Key`: 16 to 128 characters of `A-Z a-z 0-9 - _` (a UUID fits). The client
/// makes a new one per booking attempt and sends the same one with every retry of it.
pub fn check_idempotency_key(key: &str) -> Result<(), String> {
    check_token(key, 16, 128, "")
}

/// `min..=max` characters from `A-Z a-z 0-9 - _` plus `extra`.
fn check_token(value: &str, min: usize, max: usize, extra: &str) -> Result<(), String> {
    let ok = (min..=max).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || extra.contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "Must be {min} to {max} characters of A-Z, a-z, 0-9, - and _{extra}."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> AppointmentRequest {
        AppointmentRequest {
            retailer_id: "nordhem".into(),
            store_id: "nordhem-berlin-mitte".into(),
            slot_start: Timestamp::parse_rfc3339("2026-03-28T09:30:00Z").unwrap(),
            slot_start_local: None,
            name: "Zoë O'Brien-Müller".into(),
            phone: None,
            email: Some("zoe@example.de".into()),
            items: vec![AppointmentItem {
                product_id: "oslo-sofa".into(),
                sku: "NH-OSLO-3S-OAT".into(),
                quantity: 1,
            }],
            share_code: "v1.AbCd-_ef".into(),
            locale: Some("de-DE".into()),
            note: None,
        }
    }

    #[test]
    fn serde_round_trip_and_unknown_fields() {
        let r = request();
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"slot_start\":\"2026-03-28T09:30:00Z\""));
        assert!(!json.contains("phone"));
        assert_eq!(
            serde_json::from_str::<AppointmentRequest>(&json).unwrap(),
            r
        );
        let extra = json.replace("{\"retailer_id\"", "{\"admin\":true,\"retailer_id\"");
        assert!(serde_json::from_str::<AppointmentRequest>(&extra).is_err());
        let bad_time = json.replace("2026-03-28T09:30:00Z", "tomorrow");
        assert!(serde_json::from_str::<AppointmentRequest>(&bad_time).is_err());
        assert!(r.validate().is_ok());
    }

    #[test]
    fn collects_every_problem() {
        let mut r = request();
        r.name = "  ".into();
        r.email = Some("not-an-email".into());
        r.phone = Some("12".into());
        r.items[0].quantity = 0;
        r.items[0].sku = String::new();
        r.share_code = "has spaces".into();
        r.slot_start_local = Some("10:30".into());
        r.locale = Some("de DE".into());
        r.note = Some("x".repeat(501));
        let fields: Vec<String> = r
            .validate()
            .unwrap_err()
            .issues
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(
            fields,
            [
                "/name",
                "/phone",
                "/email",
                "/items/0/sku",
                "/items/0/quantity",
                "/share_code",
                "/slot_start_local",
                "/locale",
                "/note"
            ]
        );
        let mut r = request();
        r.email = None;
        let missing = &r.validate().unwrap_err().issues[0];
        assert_eq!(
            (missing.code, missing.field.as_str()),
            (code::MISSING_CONTACT, "/email")
        );
        r.phone = Some("+1 (718) 555-0142".into());
        assert!(r.validate().is_ok());
        r.items = Vec::new();
        assert_eq!(r.validate().unwrap_err().issues[0].field, "/items");
    }

    #[test]
    fn phones_and_emails() {
        for ok in [
            "+49 30 1234567",
            "030-1234567",
            "(212) 555.0199",
            "+86 21 5555 0188",
        ] {
            assert!(check_phone(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "12345",
            "+49 30 1234567 ext 5",
            "++4930123456",
            "1234567890123456",
            "＋49301234567",
            "+49\n301234567",
        ] {
            assert!(check_phone(bad).is_err(), "{bad:?}");
        }
        for ok in [
            "a@b.co",
            "zoë.o'brien+visit@bücher.example",
            "x_y-z@sub.domain.example",
        ] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a@b",
            "@b.co",
            "a@.co",
            "a@b..co",
            ".a@b.co",
            "a..b@c.co",
            "a b@c.co",
            "a@b.co ",
            "a\"@b.co",
            "a@-b.co",
            "a@b.co\n",
            "<script>@x.co",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
        assert!(check_idempotency_key("3f2a9c1e-7b44-4d5e-9a1b-0c2d3e4f5a6b").is_ok());
        for bad in [
            "short",
            "has spaces in it here",
            "ünïcödé-ünïcödé-ünïcödé",
            &"k".repeat(129),
        ] {
            assert!(check_idempotency_key(bad).is_err(), "{bad:?}");
        }
    }
}
