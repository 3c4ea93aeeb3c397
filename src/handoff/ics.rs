//! An RFC 5545 calendar file for a booked store visit, and a reader good enough to read it back.
//!
//! Times are written in UTC (`DTSTART:20260328T093000Z`), so the file needs no VTIMEZONE;
//! calendars show them in the reader's zone. Lines end in CRLF and are folded at 75 octets
//! without splitting a UTF-8 character; text values escape `\`, `;`, `,` and newlines.

use std::fmt::Write as _;

use super::geo::fixed;
use super::time::{Date, DateTime, Timestamp};
use crate::catalog::Location;

/// A calendar file that could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    /// Not a VCALENDAR.
    #[error("not an iCalendar file (no BEGIN:VCALENDAR … END:VCALENDAR)")]
    NotCalendar,
    /// A content line without `name:value`.
    #[error("line {0} is not a NAME:value content line")]
    BadLine(usize),
    /// A date-time not in UTC `YYYYMMDDTHHMMSSZ` form.
    #[error("\"{0}\" is not a UTC date-time like 20260328T093000Z")]
    BadDateTime(String),
    /// A VEVENT without a required property.
    #[error("an event has no {0}")]
    Missing(&'static str),
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Globally unique id (the booking's id, `…@roomfit`).
    pub uid: String,
    /// When the file was made.
    pub stamp: Timestamp,
    /// Starts.
    pub start: Timestamp,
    /// Ends.
    pub end: Timestamp,
    /// Title.
    pub summary: String,
    /// Store name and address.
    pub location: String,
    /// Items and the try-on ticket link, as text.
    pub description: String,
    /// The try-on ticket link.
    pub url: Option<String>,
    /// The store's coordinates.
    pub geo: Option<Location>,
}

/// The `.ics` text for `event` (`text/calendar`).
pub fn to_ics(event: &Event) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold_into(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//roomfit//handoff//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line("BEGIN:VEVENT".into());
    line(format!("UID:{}", escape_text(&event.uid)));
    line(format!("DTSTAMP:{}", utc_basic(event.stamp)));
    line(format!("DTSTART:{}", utc_basic(event.start)));
    line(format!("DTEND:{}", utc_basic(event.end)));
    line(format!("SUMMARY:{}", escape_text(&event.summary)));
    line(format!("LOCATION:{}", escape_text(&event.location)));
    line(format!("DESCRIPTION:{}", escape_text(&event.description)));
    if let Some(url) = &event.url {
        // A URI value: our URLs are printable ASCII already; drop anything else.
        let url: String = url.chars().filter(|c| c.is_ascii_graphic()).collect();
        line(format!("URL:{url}"));
    }
    if let Some(geo) = event.geo {
        if geo.lat.is_finite() && geo.lon.is_finite() {
            line(format!("GEO:{};{}", fixed(geo.lat, 6), fixed(geo.lon, 6)));
        }
    }
    line("STATUS:CONFIRMED".into());
    line("TRANSP:OPAQUE".into());
    line("END:VEVENT".into());
    line("END:VCALENDAR".into());
    out
}

/// `20260328T093000Z`.
fn utc_basic(at: Timestamp) -> String {
    let dt = at.to_utc();
    let d = dt.date;
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        d.year(),
        d.month(),
        d.day(),
        dt.hour(),
        dt.minute(),
        dt.second_of_day % 60
    )
}

fn parse_utc_basic(text: &str) -> Result<Timestamp, IcsError> {
    let bad = || IcsError::BadDateTime(text.to_owned());
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' || !text.is_ascii() {
        return Err(bad());
    }
    let date = Date::parse(&format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..8]))
        .map_err(|_| bad())?;
    let num = |s: &str, max: u32| s.parse::<u32>().ok().filter(|v| *v <= max);
    let (h, m, s) = (
        num(&text[9..11], 23).ok_or_else(bad)?,
        num(&text[11..13], 59).ok_or_else(bad)?,
        num(&text[13..15], 59).ok_or_else(bad)?,
    );
    let dt = DateTime {
        date,
        second_of_day: h * 3600 + m * 60 + s,
    };
    Timestamp::from_unix_seconds(dt.as_if_utc()).map_err(|_| bad())
}

/// RFC 5545 TEXT escaping; other control characters are dropped.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    for c in normalized.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn unescape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Appends `line` + CRLF, folded so no physical line exceeds 75 octets.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// Reads the events of an iCalendar text (what [`to_ics`] writes, and the same subset from
/// other writers: UTC date-times only).
pub fn parse_ics(text: &str) -> Result<Vec<Event>, IcsError> {
    // Unfold: a line starting with a space or tab continues the previous one.
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match raw.strip_prefix([' ', '\t']) {
            Some(rest) if !lines.is_empty() => {
                if let Some(last) = lines.last_mut() {
                    last.push_str(rest);
                }
            }
            _ if raw.is_empty() => {}
            _ => lines.push(raw.to_owned()),
        }
    }
    if lines.first().map(String::as_str) != Some("BEGIN:VCALENDAR")
        || lines.last().map(String::as_str) != Some("END:VCALENDAR")
    {
        return Err(IcsError::NotCalendar);
    }
    let mut events = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    for (i, line) in lines.iter().enumerate() {
        let (name, value) = split_content_line(line).ok_or(IcsError::BadLine(i + 1))?;
        match (name.as_str(), value) {
            ("BEGIN", "VEVENT") => current = Some(Vec::new()),
            ("END", "VEVENT") => {
                if let Some(props) = current.take() {
                    events.push(event_from(&props)?);
                }
            }
            _ => {
                if let Some(props) = current.as_mut() {
                    props.push((name, value.to_owned()));
                }
            }
        }
    }
    Ok(events)
}

/// `NAME;PARAM=x;PARAM="a:b":value` → (`NAME`, `value`).
fn split_content_line(line: &str) -> Option<(String, &str)> {
    let mut in_quotes = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ':' if !in_quotes => {
                let head = &line[..i];
                let name = head.split(';').next()?.to_ascii_uppercase();
                return (!name.is_empty()).then_some((name, &line[i + 1..]));
            }
            _ => {}
        }
    }
    None
}

fn event_from(props: &[(String, String)]) -> Result<Event, IcsError> {
    let get = |name: &str| {
        props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let required = |name: &'static str| get(name).ok_or(IcsError::Missing(name));
    let text = |name: &str| get(name).map(unescape_text).unwrap_or_default();
    let geo = get("GEO").and_then(|g| {
        let (lat, lon) = g.split_once(';')?;
        Some(Location {
            lat: lat.parse().ok()?,
            lon: lon.parse().ok()?,
        })
    });
    Ok(Event {
        uid: unescape_text(required("UID")?),
        stamp: parse_utc_basic(required("DTSTAMP")?)?,
        start: parse_utc_basic(required("DTSTART")?)?,
        end: parse_utc_basic(required("DTEND")?)?,
        summary: text("SUMMARY"),
        location: text("LOCATION"),
        description: text("DESCRIPTION"),
        url: get("URL").map(str::to_owned),
        geo,
    })
}

/// A plain-text description: one line per item, then the ticket link.
pub fn describe_visit(items: &[String], ticket_url: &str) -> String {
    let mut text = String::from("You will see:\n");
    for item in items {
        let _ = writeln!(text, "- {item}");
    }
    let _ = write!(
        text,
        "\nYour try-on ticket (show it in the store): {ticket_url}"
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn sample() -> Event {
        Event {
            uid: "3f2a9c1e-7b44-4d5e-9a1b-0c2d3e4f5a6b@roomfit".into(),
            stamp: ts("2026-03-20T12:00:00Z"),
            start: ts("2026-03-28T09:30:00Z"),
            end: ts("2026-03-28T10:00:00Z"),
            summary: "Try-on visit: Nordhem Berlin Mitte".into(),
            location: "Nordhem Berlin Mitte, Rosenthaler Str. 40; 10178 Berlin\\Germany".into(),
            description: describe_visit(
                &[
                    "Oslo three-seat sofa, Oat (NH-OSLO-3S-OAT) × 1".into(),
                    "奥斯陆单人扶手椅, 森林绿 (NH-OSLO-AC-FOR) × 2".into(),
                    "A very long item name that goes on and on, with commas, semicolons; and more text to force folding".into(),
                ],
                "https://nordhem.example/roomfit/ticket#r=AbCdEf0123456789_-",
            ),
            url: Some("https://nordhem.example/roomfit/ticket#r=AbCdEf0123456789_-".into()),
            geo: Some(Location {
                lat: 52.5267,
                lon: 13.4019,
            }),
        }
    }

    #[test]
    fn writes_rfc5545() {
        let ics = to_ics(&sample());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(ics.contains("\r\nDTSTART:20260328T093000Z\r\n"));
        assert!(ics.contains("\r\nDTEND:20260328T100000Z\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20260320T120000Z\r\n"));
        assert!(
            ics.contains(
                "LOCATION:Nordhem Berlin Mitte\\, Rosenthaler Str. 40\\; 10178 Berlin\\\\G"
            )
        );
        assert!(ics.contains("GEO:52.526700;13.401900"));
        // CRLF only, and every physical line at most 75 octets.
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(!ics.replace("\r\n", "").contains('\r'));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Folding happened and did not split a character.
        assert!(ics.contains("\r\n "));
    }

    #[test]
    fn round_trips() {
        let event = sample();
        let parsed = parse_ics(&to_ics(&event)).unwrap();
        assert_eq!(parsed, vec![event]);
    }

    #[test]
    fn drops_control_characters_and_reads_other_writers() {
        let mut event = sample();
        event.summary = "a\u{0}b\u{7}c\r\nd\re\tf".into();
        let parsed = parse_ics(&to_ics(&event)).unwrap();
        assert_eq!(parsed[0].summary, "abc\nd\nef");
        // LF line ends, a parameter with a quoted colon, a tab continuation, lower-case names.
        let other = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nuid:x\nDTSTAMP:20260101T000000Z\n\
                     DTSTART;X-A=\"a:b\":20260102T100000Z\nDTEND:20260102T103000Z\n\
                     SUMMARY:Hel\n\tlo\\, you\nEND:VEVENT\nEND:VCALENDAR\n";
        let parsed = parse_ics(other).unwrap();
        assert_eq!(parsed[0].summary, "Hello, you");
        assert_eq!(parsed[0].start, ts("2026-01-02T10:00:00Z"));
        assert_eq!(parse_ics("hello"), Err(IcsError::NotCalendar));
        let local_time = other.replace("20260102T100000Z", "20260102T100000");
        assert!(matches!(
            parse_ics(&local_time),
            Err(IcsError::BadDateTime(_))
        ));
        let no_uid = other.replace("uid:x\n", "");
        assert_eq!(parse_ics(&no_uid), Err(IcsError::Missing("UID")));
    }
}
