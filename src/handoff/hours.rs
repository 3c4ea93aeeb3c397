//! A store's opening hours (the catalog's [`Hours`]: weekly `HH:MM-HH:MM` ranges in the store's
//! own time zone, plus exceptions by date) as instants: open now, when it closes, when it next
//! opens. Every wall-clock time goes through the zone's rules, so a day with a DST change is
//! as long as it really is.

use std::collections::BTreeMap;

use serde::Serialize;

use super::time::{Date, DateTime, Timestamp, Weekday};
use super::tz::TimeZone;
use crate::catalog::Hours;

/// Hours that could not be read; `field` is a JSON pointer inside the store's `hours`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("opening hours, {field}: {problem}")]
pub struct HoursError {
    /// Where, e.g. `/weekly/mon/0` or `/exceptions/2/date`.
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

/// One opening range in minutes after local midnight; `close` may pass 1440 (ends next day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Range {
    /// Opening minute, 0 to 1439.
    pub open: u32,
    /// Closing minute, `open + 1` to `open + 1439`.
    pub close: u32,
}

impl Range {
    /// Parses `HH:MM-HH:MM`. `24:00` closes at midnight; a closing time earlier than the opening
    /// time means the next day (`22:00-02:00`).
    pub fn parse(text: &str) -> Result<Range, String> {
        let (open, close) = text
            .split_once('-')
            .ok_or_else(|| format!("\"{text}\" is not a range like 10:00-18:00"))?;
        let open = parse_hhmm(open.trim()).ok_or_else(|| format!("\"{open}\" is not HH:MM"))?;
        let close = parse_hhmm(close.trim()).ok_or_else(|| format!("\"{close}\" is not HH:MM"))?;
        if open == 1440 {
            return Err("a range cannot open at 24:00".to_owned());
        }
        if open == close {
            return Err(format!(
                "\"{text}\" opens and closes at the same time (write 00:00-24:00 for all day)"
            ));
        }
        let close = if close < open { close + 1440 } else { close };
        Ok(Range { open, close })
    }
}

fn parse_hhmm(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// A span of time the store is open, as instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Interval {
    /// Opens.
    pub open: Timestamp,
    /// Closes (exclusive).
    pub close: Timestamp,
}

/// A point in time as the store's clock shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalMoment {
    /// The instant.
    pub at: Timestamp,
    /// Local date and time, `2026-03-30T10:00:00`.
    pub local: String,
    /// Local day of the week.
    pub weekday: Weekday,
    /// Local `HH:MM`.
    pub time: String,
    /// Offset from UTC in minutes at that instant.
    pub utc_offset_minutes: i32,
}

impl LocalMoment {
    /// `at` in `zone`.
    pub fn new(zone: &TimeZone, at: Timestamp) -> LocalMoment {
        let local = zone.to_local(at);
        LocalMoment {
            at,
            local: local.to_string(),
            weekday: local.date.weekday(),
            time: local.time_hm(),
            utc_offset_minutes: zone.offset_at(at) / 60,
        }
    }
}

/// Open now (and until when) or closed (and when it opens next, if within a year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OpenStatus {
    /// Open now.
    Open {
        /// When it closes.
        closes: LocalMoment,
    },
    /// Closed now.
    Closed {
        /// When it next opens; `None` if not within a year.
        opens: Option<LocalMoment>,
    },
}

/// Parsed opening hours.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpeningHours {
    weekly: [Vec<Range>; 7],
    exceptions: BTreeMap<Date, Vec<Range>>,
}

/// How far ahead [`OpeningHours::next_opening`] looks.
const HORIZON_DAYS: i64 = 366;

impl OpeningHours {
    /// Reads the catalog's hours. Day keys are `mon` … `sun`; a missing or empty day is closed.
    pub fn parse(hours: &Hours) -> Result<OpeningHours, HoursError> {
        let mut parsed = OpeningHours::default();
        for (key, ranges) in &hours.weekly {
            let day = Weekday::from_key(key).ok_or_else(|| HoursError {
                field: format!("/weekly/{key}"),
                problem: format!(
                    "unknown day \"{key}\" (expected mon, tue, wed, thu, fri, sat or sun)"
                ),
            })?;
            parsed.weekly[day.index()] = parse_ranges(ranges, &format!("/weekly/{key}"))?;
        }
        for (i, exception) in hours.exceptions.iter().enumerate() {
            let date = Date::parse(&exception.date).map_err(|e| HoursError {
                field: format!("/exceptions/{i}/date"),
                problem: e.to_string(),
            })?;
            let ranges = parse_ranges(&exception.hours, &format!("/exceptions/{i}/hours"))?;
            if parsed.exceptions.insert(date, ranges).is_some() {
                return Err(HoursError {
                    field: format!("/exceptions/{i}/date"),
                    problem: format!("{date} is listed twice"),
                });
            }
        }
        Ok(parsed)
    }

    /// The ranges that start on `date` (the exception for that date if there is one).
    pub fn ranges_on(&self, date: Date) -> &[Range] {
        self.exceptions
            .get(&date)
            .unwrap_or(&self.weekly[date.weekday().index()])
    }

    /// The open intervals that overlap `[from, to)`, merged where they touch, in order.
    pub fn intervals(&self, zone: &TimeZone, from: Timestamp, to: Timestamp) -> Vec<Interval> {
        let mut out: Vec<Interval> = Vec::new();
        if to <= from {
            return out;
        }
        // A range may start the day before `from` and run past midnight.
        let first = zone.to_local(from).date.add_days(-1);
        let last = zone.to_local(to).date;
        let mut date = first;
        while date <= last {
            for range in self.ranges_on(date) {
                let open = zone.from_local(DateTime::at_minute(date, range.open));
                let close = zone.from_local(DateTime::at_minute(date, range.close));
                if let (Some(open), Some(close)) = (open, close) {
                    if open < close && close > from && open < to {
                        out.push(Interval { open, close });
                    }
                }
            }
            let next = date.add_days(1);
            if next == date {
                break;
            }
            date = next;
        }
        out.sort();
        let mut merged: Vec<Interval> = Vec::with_capacity(out.len());
        for interval in out {
            match merged.last_mut() {
                Some(last) if interval.open <= last.close => {
                    last.close = last.close.max(interval.close);
                }
                _ => merged.push(interval),
            }
        }
        merged
    }

    /// Whether the store is open at `at`.
    pub fn is_open(&self, zone: &TimeZone, at: Timestamp) -> bool {
        self.open_interval_at(zone, at).is_some()
    }

    /// The first opening strictly after `after` (within a year), as an instant.
    pub fn next_opening(&self, zone: &TimeZone, after: Timestamp) -> Option<Timestamp> {
        let mut from = after;
        for _ in 0..(HORIZON_DAYS + 13) / 14 {
            let to = from.checked_add(14 * 86_400)?;
            if let Some(found) = self
                .intervals(zone, from, to)
                .into_iter()
                .map(|i| i.open)
                .find(|open| *open > after)
            {
                return Some(found);
            }
            from = to;
        }
        None
    }

    /// Open now and until when, or closed and when it next opens, in the store's local time.
    pub fn status(&self, zone: &TimeZone, at: Timestamp) -> OpenStatus {
        match self.open_interval_at(zone, at) {
            Some(interval) => OpenStatus::Open {
                closes: LocalMoment::new(zone, interval.close),
            },
            None => OpenStatus::Closed {
                opens: self
                    .next_opening(zone, at)
                    .map(|t| LocalMoment::new(zone, t)),
            },
        }
    }

    fn open_interval_at(&self, zone: &TimeZone, at: Timestamp) -> Option<Interval> {
        let to = at.checked_add(1)?;
        let found = self
            .intervals(zone, at, to)
            .into_iter()
            .find(|i| i.open <= at && at < i.close)?;
        // The merged interval may continue past the window (open through midnight): extend it.
        let later = self.intervals(zone, found.open, found.close.checked_add(8 * 86_400)?);
        Some(later.into_iter().find(|i| i.open <= at).unwrap_or(found))
    }
}

fn parse_ranges(ranges: &[String], field: &str) -> Result<Vec<Range>, HoursError> {
    ranges
        .iter()
        .enumerate()
        .map(|(i, text)| {
            Range::parse(text).map_err(|problem| HoursError {
                field: format!("{field}/{i}"),
                problem,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::HoursException;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn hours(weekly: &[(&str, &[&str])], exceptions: &[(&str, &[&str])]) -> OpeningHours {
        let catalog = Hours {
            weekly: weekly
                .iter()
                .map(|(d, r)| ((*d).to_owned(), r.iter().map(|s| (*s).to_owned()).collect()))
                .collect(),
            exceptions: exceptions
                .iter()
                .map(|(d, r)| HoursException {
                    date: (*d).to_owned(),
                    hours: r.iter().map(|s| (*s).to_owned()).collect(),
                })
                .collect(),
        };
        OpeningHours::parse(&catalog).unwrap()
    }

    fn every_day(ranges: &'static [&'static str]) -> Vec<(&'static str, &'static [&'static str])> {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .into_iter()
            .map(|d| (d, ranges))
            .collect()
    }

    #[test]
    fn parses_ranges() {
        assert_eq!(
            Range::parse("10:00-20:00"),
            Ok(Range {
                open: 600,
                close: 1200
            })
        );
        assert_eq!(
            Range::parse("00:00-24:00"),
            Ok(Range {
                open: 0,
                close: 1440
            })
        );
        assert_eq!(
            Range::parse("22:00-02:00"),
            Ok(Range {
                open: 1320,
                close: 1560
            })
        );
        for bad in [
            "10-20",
            "10:00",
            "10:00-10:00",
            "24:00-02:00",
            "9:00-18:00",
            "10:60-11:00",
            "10:00-24:01",
            "１０:00-18:00",
        ] {
            assert!(Range::parse(bad).is_err(), "{bad}");
        }
        let bad_day = Hours {
            weekly: [("monday".to_owned(), vec![])].into_iter().collect(),
            exceptions: vec![],
        };
        assert_eq!(
            OpeningHours::parse(&bad_day).unwrap_err().field,
            "/weekly/monday"
        );
        let bad_range = Hours {
            weekly: [(
                "mon".to_owned(),
                vec!["10:00-18:00".to_owned(), "x".to_owned()],
            )]
            .into_iter()
            .collect(),
            exceptions: vec![],
        };
        assert_eq!(
            OpeningHours::parse(&bad_range).unwrap_err().field,
            "/weekly/mon/1"
        );
    }

    #[test]
    fn berlin_across_the_spring_change() {
        // 2026-03-29 is a Sunday; the clocks go from 02:00 CET to 03:00 CEST.
        let zone = TimeZone::named("Europe/Berlin").unwrap();
        let h = hours(&[("sat", &["10:00-18:00"]), ("mon", &["10:00-20:00"])], &[]);
        // Saturday 17:30 CET = 16:30Z: open until 18:00 CET = 17:00Z.
        match h.status(&zone, ts("2026-03-28T16:30:00Z")) {
            OpenStatus::Open { closes } => {
                assert_eq!(closes.at, ts("2026-03-28T17:00:00Z"));
                assert_eq!(closes.time, "18:00");
            }
            other => panic!("{other:?}"),
        }
        // Saturday evening: next opening Monday 10:00 CEST = 08:00Z (not 09:00Z).
        match h.status(&zone, ts("2026-03-28T19:00:00Z")) {
            OpenStatus::Closed { opens: Some(opens) } => {
                assert_eq!(opens.at, ts("2026-03-30T08:00:00Z"));
                assert_eq!(opens.local, "2026-03-30T10:00:00");
                assert_eq!(opens.weekday, Weekday::Mon);
                assert_eq!(opens.utc_offset_minutes, 120);
            }
            other => panic!("{other:?}"),
        }
        assert!(!h.is_open(&zone, ts("2026-03-30T07:59:59Z")));
        assert!(h.is_open(&zone, ts("2026-03-30T08:00:00Z")));
        assert!(h.is_open(&zone, ts("2026-03-30T17:59:59Z")));
        assert!(!h.is_open(&zone, ts("2026-03-30T18:00:00Z")));
    }

    #[test]
    fn new_york_across_the_autumn_change_and_exceptions() {
        // 2026-11-01 (Sunday): 02:00 EDT back to 01:00 EST. Thanksgiving 2026-11-26 closed.
        let zone = TimeZone::named("America/New_York").unwrap();
        let mut weekly = every_day(&["10:00-19:00"]);
        weekly.retain(|(d, _)| *d != "sun");
        weekly.push(("sun", &["11:00-18:00"]));
        let h = hours(
            &weekly,
            &[("2026-11-26", &[]), ("2026-11-27", &["08:00-21:00"])],
        );
        // Saturday 10:00 EDT = 14:00Z; Sunday 11:00 EST = 16:00Z; Monday 10:00 EST = 15:00Z.
        assert!(h.is_open(&zone, ts("2026-10-31T14:00:00Z")));
        assert!(!h.is_open(&zone, ts("2026-11-01T15:59:00Z")));
        assert!(h.is_open(&zone, ts("2026-11-01T16:00:00Z")));
        assert_eq!(
            h.next_opening(&zone, ts("2026-11-01T23:30:00Z")),
            Some(ts("2026-11-02T15:00:00Z"))
        );
        // Wednesday 25th after closing: Thanksgiving is closed, Black Friday opens at 08:00.
        assert_eq!(
            h.next_opening(&zone, ts("2026-11-26T01:00:00Z")),
            Some(ts("2026-11-27T13:00:00Z"))
        );
        assert!(!h.is_open(&zone, ts("2026-11-26T17:00:00Z")));
        assert!(h.is_open(&zone, ts("2026-11-28T01:30:00Z"))); // 20:30 on the 27th
    }

    #[test]
    fn shanghai_has_no_dst_and_overnight_ranges_work() {
        let zone = TimeZone::named("Asia/Shanghai").unwrap();
        let h = hours(&every_day(&["10:00-21:30"]), &[("2027-02-06", &[])]);
        assert!(h.is_open(&zone, ts("2026-07-01T02:00:00Z")));
        assert!(h.is_open(&zone, ts("2026-01-01T02:00:00Z")));
        assert!(!h.is_open(&zone, ts("2026-01-01T13:30:00Z")));
        assert_eq!(
            h.next_opening(&zone, ts("2027-02-05T14:00:00Z")),
            Some(ts("2027-02-07T02:00:00Z"))
        );
        // A bar-like range through midnight, and a round-the-clock day merged with it.
        let late = hours(&[("fri", &["18:00-02:00"]), ("sat", &["00:00-24:00"])], &[]);
        let utc = TimeZone::utc();
        match late.status(&utc, ts("2026-03-27T23:00:00Z")) {
            OpenStatus::Open { closes } => assert_eq!(closes.at, ts("2026-03-29T00:00:00Z")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn never_open_is_closed_without_a_next_opening() {
        let zone = TimeZone::utc();
        let h = hours(&[], &[]);
        assert_eq!(
            h.status(&zone, ts("2026-01-01T00:00:00Z")),
            OpenStatus::Closed { opens: None }
        );
    }
}
