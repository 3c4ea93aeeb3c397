//! Instants and civil (calendar) dates and times, with the little arithmetic opening hours need.
//! Proleptic Gregorian calendar, years 1 to 9999, no leap seconds.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time value that is out of range or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// An instant outside the years 1 to 9999.
    #[error("{0} seconds since 1970 is outside the supported years 1 to 9999")]
    OutOfRange(i64),
    /// A date that is not `YYYY-MM-DD` or does not exist.
    #[error("\"{0}\" is not a date of the form YYYY-MM-DD")]
    BadDate(String),
    /// A time that is not `HH:MM`.
    #[error("\"{0}\" is not a time of the form HH:MM (00:00 to 24:00)")]
    BadTime(String),
    /// A timestamp that is not RFC 3339.
    #[error("\"{0}\" is not an RFC 3339 timestamp like 2026-03-28T09:30:00Z")]
    BadTimestamp(String),
}

const MIN_UNIX: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
const MAX_UNIX: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

/// An instant: whole seconds since 1970-01-01T00:00:00Z. Serialized as RFC 3339 in UTC
/// (`"2026-03-28T09:30:00Z"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// From seconds since the Unix epoch (what the platform clock gives, divided by 1000 in JS).
    pub fn from_unix_seconds(seconds: i64) -> Result<Timestamp, TimeError> {
        if (MIN_UNIX..=MAX_UNIX).contains(&seconds) {
            Ok(Timestamp(seconds))
        } else {
            Err(TimeError::OutOfRange(seconds))
        }
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    /// This instant plus `seconds`, if still in range.
    pub fn checked_add(self, seconds: i64) -> Option<Timestamp> {
        self.0
            .checked_add(seconds)
            .and_then(|s| Timestamp::from_unix_seconds(s).ok())
    }

    /// The UTC calendar date and time of this instant.
    pub fn to_utc(self) -> DateTime {
        DateTime::from_unix_seconds_unchecked(self.0)
    }

    /// Parses RFC 3339 (`2026-03-28T09:30:00Z`, `2026-03-28T10:30:00+01:00`, fractions ignored).
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, TimeError> {
        let bad = || TimeError::BadTimestamp(text.to_owned());
        let b = text.as_bytes();
        if b.len() < 20 || !text.is_ascii() || !matches!(b[10], b'T' | b't' | b' ') {
            return Err(bad());
        }
        let date = Date::parse(&text[..10]).map_err(|_| bad())?;
        let num = |s: &str, max: u32| s.parse::<u32>().ok().filter(|v| *v <= max);
        if b[13] != b':' || b[16] != b':' {
            return Err(bad());
        }
        let hh = num(&text[11..13], 23).ok_or_else(bad)?;
        let mm = num(&text[14..16], 59).ok_or_else(bad)?;
        let ss = num(&text[17..19], 60).ok_or_else(bad)?.min(59);
        let mut rest = &text[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && matches!(&rest[3..4], ":") => {
                let sign = match &rest[..1] {
                    "+" => 1,
                    "-" => -1,
                    _ => return Err(bad()),
                };
                let oh = num(&rest[1..3], 23).ok_or_else(bad)?;
                let om = num(&rest[4..6], 59).ok_or_else(bad)?;
                sign * i64::from(oh * 3600 + om * 60)
            }
            _ => return Err(bad()),
        };
        let local = date.days_since_epoch() * 86_400 + i64::from(hh * 3600 + mm * 60 + ss);
        Timestamp::from_unix_seconds(local - offset).map_err(|_| bad())
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC: `2026-03-28T09:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dt = self.to_utc();
        write!(f, "{}T{}Z", dt.date, dt.time_hms())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// All seven, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The catalog's key: `mon` … `sun`.
    pub fn key(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self.index()]
    }

    /// From the catalog's key.
    pub fn from_key(key: &str) -> Option<Weekday> {
        Weekday::ALL.into_iter().find(|d| d.key() == key)
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date, if it exists (years 1 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, TimeError> {
        let bad = || TimeError::BadDate(text.to_owned());
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let digits = |s: &str| {
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let year = digits(&text[..4]).and_then(|y| i32::try_from(y).ok());
        let month = digits(&text[5..7]).and_then(|m| u8::try_from(m).ok());
        let day = digits(&text[8..10]).and_then(|d| u8::try_from(d).ok());
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => Date::new(y, m, d).ok_or_else(bad),
            _ => Err(bad()),
        }
    }

    /// Year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// Day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// The date `days` days since 1970-01-01, clamped to years 1 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let days = days.clamp(MIN_UNIX / 86_400, MAX_UNIX / 86_400);
        let (year, month, day) = civil_from_days(days);
        Date {
            year: i32::try_from(year).unwrap_or(9999),
            month,
            day,
        }
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        Weekday::ALL[usize::try_from((self.days_since_epoch() + 3).rem_euclid(7)).unwrap_or(0)]
    }

    /// `days` later (or earlier), clamped to years 1 to 9999.
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A wall-clock date and time (in some time zone; which one is the caller's business).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// The date.
    pub date: Date,
    /// Seconds since midnight, 0 to 86 399.
    pub second_of_day: u32,
}

impl DateTime {
    /// `date` at `minute_of_day` (0 to 1440; 1440 is the next midnight).
    pub fn at_minute(date: Date, minute_of_day: u32) -> DateTime {
        let extra_days = i64::from(minute_of_day / 1440);
        DateTime {
            date: date.add_days(extra_days),
            second_of_day: (minute_of_day % 1440) * 60,
        }
    }

    fn from_unix_seconds_unchecked(seconds: i64) -> DateTime {
        DateTime {
            date: Date::from_days_since_epoch(seconds.div_euclid(86_400)),
            second_of_day: u32::try_from(seconds.rem_euclid(86_400)).unwrap_or(0),
        }
    }

    /// Seconds since the epoch if this wall-clock time were UTC.
    pub fn as_if_utc(self) -> i64 {
        self.date.days_since_epoch() * 86_400 + i64::from(self.second_of_day)
    }

    /// The inverse of [`DateTime::as_if_utc`].
    pub fn from_as_if_utc(seconds: i64) -> DateTime {
        DateTime::from_unix_seconds_unchecked(seconds)
    }

    /// Hour, 0 to 23.
    pub fn hour(self) -> u32 {
        self.second_of_day / 3600
    }

    /// Minute, 0 to 59.
    pub fn minute(self) -> u32 {
        self.second_of_day / 60 % 60
    }

    /// `HH:MM`.
    pub fn time_hm(self) -> String {
        format!("{:02}:{:02}", self.hour(), self.minute())
    }

    fn time_hms(self) -> String {
        format!(
            "{:02}:{:02}:{:02}",
            self.hour(),
            self.minute(),
            self.second_of_day % 60
        )
    }
}

impl fmt::Display for DateTime {
    /// `2026-03-28T10:30:00` (no zone).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}", self.date, self.time_hms())
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1 to 12) of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Howard Hinnant's `days_from_civil`.
pub(crate) fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let m = i64::from(month);
    let d = i64::from(day);
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in (-719_162..2_932_897).step_by(997) {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("2000-02-29").unwrap().to_string(), "2000-02-29");
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-1-01").is_err());
        assert!(Date::parse("+026-01-01").is_err());
        assert_eq!(Date::parse("2026-03-29").unwrap().weekday(), Weekday::Sun);
        assert_eq!(Date::parse("1970-01-01").unwrap().weekday(), Weekday::Thu);
    }

    #[test]
    fn timestamps() {
        let t = Timestamp::parse_rfc3339("2026-03-28T09:30:00Z").unwrap();
        assert_eq!(t.unix_seconds(), 1_774_690_200);
        assert_eq!(t.to_string(), "2026-03-28T09:30:00Z");
        assert_eq!(
            Timestamp::parse_rfc3339("2026-03-28T10:30:00.123+01:00").unwrap(),
            t
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2026-03-28T04:30:00-05:00").unwrap(),
            t
        );
        for bad in [
            "2026-03-28",
            "2026-03-28T25:00:00Z",
            "2026-03-28T09:30:00",
            "2026-03-28T09:30:00+0100",
            "2026-03-28T09:30:00.Z",
            "2026-03-28T09:30:00Zjunk",
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
        }
        assert!(Timestamp::from_unix_seconds(i64::MAX).is_err());
        assert!(Timestamp::from_unix_seconds(MAX_UNIX).is_ok());
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2026-03-28T09:30:00Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
    }
}
