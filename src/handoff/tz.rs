//! Time zones as data: a POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`, the same rule TZif files
//! carry in their footer) plus, for the few zones whose near future the rule does not describe
//! (Morocco's Ramadan changes), a list of explicit transitions.
//!
//! [`TimeZone::named`] looks IANA names up in a compact table generated from the tz database
//! (`tz_table.rs`: 598 names, 95 distinct rules, explicit transitions for 4 zones; about 7 KB of
//! a wasm build after brotli). `tests/handoff_tzdata.rs` checks every zone of the table against
//! the system's TZif files and regenerates it. A caller that wants none of that table in its
//! build (or newer rules than the build has) builds zones with [`TimeZone::from_rules`] from data
//! it got elsewhere, e.g. the catalog service, or offsets probed from the browser's `Intl`.

use super::time::{DateTime, Timestamp, days_from_civil, is_leap_year};
use super::tz_table;

/// A time zone that could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TzError {
    /// A name the embedded table does not have.
    #[error("unknown time zone \"{0}\" (expected an IANA name like Europe/Berlin)")]
    Unknown(String),
    /// A malformed POSIX TZ rule.
    #[error("the time-zone rule \"{rule}\" is not a valid POSIX TZ string: {reason}")]
    BadRule {
        /// The rule.
        rule: String,
        /// What is wrong.
        reason: &'static str,
    },
}

/// When a DST period starts or ends: a day of the year and a local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleDay {
    /// `Jn`: day 1 to 365, February 29 never counted.
    JulianNoLeap(u16),
    /// `n`: day 0 to 365, February 29 counted.
    Julian(u16),
    /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (1 to 5, 5 = last) of month `m`.
    MonthWeekDay { month: u8, week: u8, weekday: u8 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Transition {
    day: RuleDay,
    /// Seconds after local midnight (may be negative or beyond 24 h, RFC 8536).
    time: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Dst {
    abbreviation: String,
    offset: i32,
    start: Transition,
    end: Transition,
}

/// A time zone: UTC offsets over time, as rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone {
    name: String,
    std_abbreviation: String,
    std_offset: i32,
    dst: Option<Dst>,
    /// Explicit `(from unix seconds, offset east of UTC in seconds)`, sorted; they apply from the
    /// first one's instant until `rules_from`, after which the POSIX rule does.
    transitions: Vec<(i64, i32)>,
    rules_from: i64,
}

impl TimeZone {
    /// Looks an IANA name (`Europe/Berlin`, also old aliases like `Asia/Calcutta`) up in the
    /// embedded table.
    pub fn named(name: &str) -> Result<TimeZone, TzError> {
        let Some((rule, transitions)) = table_lookup(name) else {
            return Err(TzError::Unknown(name.to_owned()));
        };
        TimeZone::from_rules(name, rule, transitions)
    }

    /// UTC, offset zero.
    pub fn utc() -> TimeZone {
        TimeZone {
            name: "UTC".to_owned(),
            std_abbreviation: "UTC".to_owned(),
            std_offset: 0,
            dst: None,
            transitions: Vec::new(),
            rules_from: i64::MIN,
        }
    }

    /// Builds a zone from a POSIX TZ rule and optional explicit transitions
    /// (`(unix seconds, offset east of UTC in seconds)`). The transitions win over the rule from
    /// the first one's instant until the last one's, where the rule takes over again (so the
    /// last entry only marks that point).
    pub fn from_rules(
        name: &str,
        posix_rule: &str,
        transitions: &[(i64, i32)],
    ) -> Result<TimeZone, TzError> {
        let mut zone = parse_posix(posix_rule)?;
        zone.name = name.to_owned();
        let mut transitions = transitions.to_vec();
        transitions.sort_unstable();
        zone.rules_from = transitions.last().map_or(i64::MIN, |t| t.0);
        zone.transitions = transitions;
        Ok(zone)
    }

    /// The name it was built with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Offset east of UTC, in seconds, at `at`.
    pub fn offset_at(&self, at: Timestamp) -> i32 {
        let t = at.unix_seconds();
        let explicit = self.transitions.first().is_some_and(|first| first.0 <= t);
        if explicit && t < self.rules_from {
            let i = self.transitions.partition_point(|(from, _)| *from <= t);
            return self.transitions[i.saturating_sub(1)].1;
        }
        match &self.dst {
            Some(dst) if self.in_dst(dst, t) => dst.offset,
            _ => self.std_offset,
        }
    }

    /// The abbreviation in use at `at` (`CET`, `CEST`, `EST`, `+03`), from the rule; explicit
    /// transitions report a numeric form.
    pub fn abbreviation_at(&self, at: Timestamp) -> String {
        let offset = self.offset_at(at);
        if offset == self.std_offset {
            return self.std_abbreviation.clone();
        }
        match &self.dst {
            Some(dst) if dst.offset == offset => dst.abbreviation.clone(),
            _ => format_offset(offset),
        }
    }

    /// The wall-clock time at `at` in this zone.
    pub fn to_local(&self, at: Timestamp) -> DateTime {
        DateTime::from_as_if_utc(at.unix_seconds() + i64::from(self.offset_at(at)))
    }

    /// The instant of a wall-clock time in this zone. A time that does not exist (skipped by a
    /// spring-forward change) is moved forward by the size of the gap (02:30 becomes 03:30); a
    /// time that occurs twice (fall back) is the earlier one. (This is RFC 5545's and jiff's
    /// "compatible" choice.) `None` outside the years 1 to 9999.
    pub fn from_local(&self, local: DateTime) -> Option<Timestamp> {
        let wall = local.as_if_utc();
        let mut best: Option<i64> = None;
        // Candidate offsets: whatever is in force a day either side (covers every real change).
        for probe in [wall - 86_400, wall + 86_400] {
            let offset = i64::from(self.offset_at(Timestamp::from_unix_seconds(probe).ok()?));
            let candidate = wall - offset;
            let actual = i64::from(self.offset_at(Timestamp::from_unix_seconds(candidate).ok()?));
            if actual == offset {
                best = Some(best.map_or(candidate, |b| b.min(candidate)));
            }
        }
        let instant = match best {
            Some(t) => t,
            None => {
                // In a gap: use the offset from before the change, which lands after it.
                let before =
                    i64::from(self.offset_at(Timestamp::from_unix_seconds(wall - 86_400).ok()?));
                wall - before
            }
        };
        Timestamp::from_unix_seconds(instant).ok()
    }

    fn in_dst(&self, dst: &Dst, t: i64) -> bool {
        let year = DateTime::from_as_if_utc(t + i64::from(self.std_offset))
            .date
            .year();
        let start = transition_as_if_utc(year, dst.start) - i64::from(self.std_offset);
        let end = transition_as_if_utc(year, dst.end) - i64::from(dst.offset);
        if start <= end {
            start <= t && t < end
        } else {
            !(end <= t && t < start)
        }
    }
}

/// The tz database release the embedded table was generated from.
pub const TZDATA_VERSION: &str = tz_table::VERSION;

/// Every name in the embedded table, zones and aliases.
pub fn embedded_zone_names() -> impl Iterator<Item = &'static str> {
    tz_table::ZONES
        .lines()
        .filter_map(|line| line.rsplit_once(' ').map(|(name, _)| name))
}

/// The POSIX rule and explicit transitions of `name` (ASCII case-insensitive).
fn table_lookup(name: &str) -> Option<(&'static str, &'static [(i64, i32)])> {
    let rule_index = tz_table::ZONES.lines().find_map(|line| {
        let (zone, index) = line.rsplit_once(' ')?;
        zone.eq_ignore_ascii_case(name)
            .then(|| index.parse::<usize>().ok())
            .flatten()
    })?;
    let rule = tz_table::RULES.lines().nth(rule_index)?;
    let transitions = tz_table::TRANSITIONS
        .iter()
        .find(|(zone, _)| zone.eq_ignore_ascii_case(name))
        .map_or(&[][..], |(_, t)| *t);
    Some((rule, transitions))
}

/// `+03`, `-0930`.
fn format_offset(offset: i32) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    let (h, m) = (abs / 3600, abs / 60 % 60);
    if m == 0 {
        format!("{sign}{h:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

/// Local wall time of a rule's transition in `year`, as seconds since the epoch "as if UTC".
fn transition_as_if_utc(year: i32, transition: Transition) -> i64 {
    let jan1 = days_from_civil(i64::from(year), 1, 1);
    let day = match transition.day {
        RuleDay::JulianNoLeap(n) => {
            let n = i64::from(n);
            jan1 + n - 1 + i64::from(is_leap_year(year) && n >= 60)
        }
        RuleDay::Julian(n) => jan1 + i64::from(n),
        RuleDay::MonthWeekDay {
            month,
            week,
            weekday,
        } => {
            let first = days_from_civil(i64::from(year), month, 1);
            // 1970-01-01 was a Thursday (4 with Sunday = 0).
            let first_weekday = (first + 4).rem_euclid(7);
            let mut day = first + (i64::from(weekday) - first_weekday).rem_euclid(7);
            day += 7 * (i64::from(week) - 1);
            let month_len = i64::from(super::time::days_in_month(year, month));
            while day >= first + month_len {
                day -= 7;
            }
            day
        }
    };
    day * 86_400 + i64::from(transition.time)
}

/// Parses `std offset [dst [offset] [,start[/time],end[/time]]]`.
fn parse_posix(rule: &str) -> Result<TimeZone, TzError> {
    let bad = |reason| TzError::BadRule {
        rule: rule.to_owned(),
        reason,
    };
    let mut p = Cursor { s: rule, i: 0 };
    let std_abbreviation = p
        .abbreviation()
        .ok_or_else(|| bad("bad standard-time name"))?;
    let std_offset = -p
        .hms(24)
        .ok_or_else(|| bad("bad or missing standard offset"))?;
    let mut zone = TimeZone {
        name: String::new(),
        std_abbreviation,
        std_offset,
        dst: None,
        transitions: Vec::new(),
        rules_from: i64::MIN,
    };
    if p.done() {
        return Ok(zone);
    }
    let abbreviation = p
        .abbreviation()
        .ok_or_else(|| bad("bad daylight-time name"))?;
    let offset = if p.peek() == Some(',') {
        std_offset + 3600
    } else {
        -p.hms(24).ok_or_else(|| bad("bad daylight offset"))?
    };
    if !p.eat(',') {
        return Err(bad("daylight time without start and end rules"));
    }
    let start = p.transition().ok_or_else(|| bad("bad start rule"))?;
    if !p.eat(',') {
        return Err(bad("missing end rule"));
    }
    let end = p.transition().ok_or_else(|| bad("bad end rule"))?;
    if !p.done() {
        return Err(bad("unexpected text after the end rule"));
    }
    zone.dst = Some(Dst {
        abbreviation,
        offset,
        start,
        end,
    });
    Ok(zone)
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn done(&self) -> bool {
        self.i >= self.s.len()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &str {
        let start = self.i;
        while let Some(c) = self.peek() {
            if !f(c) {
                break;
            }
            self.i += c.len_utf8();
        }
        &self.s[start..self.i]
    }

    fn abbreviation(&mut self) -> Option<String> {
        let name = if self.eat('<') {
            let name = self
                .take_while(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-')
                .to_owned();
            self.eat('>').then_some(name)?
        } else {
            self.take_while(|c| c.is_ascii_alphabetic()).to_owned()
        };
        (name.len() >= 3).then_some(name)
    }

    fn number(&mut self, max: u32) -> Option<u32> {
        let digits = self.take_while(|c| c.is_ascii_digit());
        if digits.is_empty() || digits.len() > 3 {
            return None;
        }
        digits.parse().ok().filter(|n| *n <= max)
    }

    /// `[+-]hh[:mm[:ss]]` in seconds.
    fn hms(&mut self, max_hours: u32) -> Option<i32> {
        let sign = if self.eat('-') {
            -1
        } else {
            self.eat('+');
            1
        };
        let mut seconds = self.number(max_hours)? * 3600;
        if self.eat(':') {
            seconds += self.number(59)? * 60;
            if self.eat(':') {
                seconds += self.number(59)?;
            }
        }
        Some(sign * i32::try_from(seconds).ok()?)
    }

    fn transition(&mut self) -> Option<Transition> {
        let day = if self.eat('J') {
            let n = self.number(365)?;
            (n >= 1).then_some(RuleDay::JulianNoLeap(u16::try_from(n).ok()?))?
        } else if self.eat('M') {
            let month = u8::try_from(self.number(12)?).ok()?;
            self.eat('.').then_some(())?;
            let week = u8::try_from(self.number(5)?).ok()?;
            self.eat('.').then_some(())?;
            let weekday = u8::try_from(self.number(6)?).ok()?;
            (month >= 1 && week >= 1).then_some(RuleDay::MonthWeekDay {
                month,
                week,
                weekday,
            })?
        } else {
            RuleDay::Julian(u16::try_from(self.number(365)?).ok()?)
        };
        let time = if self.eat('/') {
            self.hms(167)?
        } else {
            2 * 3600
        };
        Some(Transition { day, time })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::time::Date;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn local(date: &str, h: u32, m: u32) -> DateTime {
        DateTime::at_minute(Date::parse(date).unwrap(), h * 60 + m)
    }

    #[test]
    fn berlin_changes_on_the_last_sundays() {
        let berlin = TimeZone::named("Europe/Berlin").unwrap();
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(berlin.offset_at(ts("2026-03-29T00:59:59Z")), 3600);
        assert_eq!(berlin.offset_at(ts("2026-03-29T01:00:00Z")), 7200);
        assert_eq!(berlin.offset_at(ts("2026-10-25T00:59:59Z")), 7200);
        assert_eq!(berlin.offset_at(ts("2026-10-25T01:00:00Z")), 3600);
        assert_eq!(berlin.abbreviation_at(ts("2026-07-01T00:00:00Z")), "CEST");
        assert_eq!(berlin.abbreviation_at(ts("2026-01-01T00:00:00Z")), "CET");
        // The gap: 02:30 does not exist and becomes 03:30 CEST.
        assert_eq!(
            berlin.from_local(local("2026-03-29", 2, 30)),
            Some(ts("2026-03-29T01:30:00Z"))
        );
        // The fold: 02:30 happens twice; the first (CEST) is taken.
        assert_eq!(
            berlin.from_local(local("2026-10-25", 2, 30)),
            Some(ts("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            berlin.from_local(local("2026-06-01", 10, 0)),
            Some(ts("2026-06-01T08:00:00Z"))
        );
    }

    #[test]
    fn new_york_and_shanghai() {
        let ny = TimeZone::named("America/New_York").unwrap();
        // 2026: 8 March 07:00 UTC and 1 November 06:00 UTC.
        assert_eq!(ny.offset_at(ts("2026-03-08T06:59:59Z")), -5 * 3600);
        assert_eq!(ny.offset_at(ts("2026-03-08T07:00:00Z")), -4 * 3600);
        assert_eq!(ny.offset_at(ts("2026-11-01T05:59:59Z")), -4 * 3600);
        assert_eq!(ny.offset_at(ts("2026-11-01T06:00:00Z")), -5 * 3600);
        let sh = TimeZone::named("Asia/Shanghai").unwrap();
        for t in ["2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z"] {
            assert_eq!(sh.offset_at(ts(t)), 8 * 3600);
        }
        assert_eq!(
            sh.to_local(ts("2026-03-28T16:30:00Z")).to_string(),
            "2026-03-29T00:30:00"
        );
    }

    #[test]
    fn southern_and_odd_rules() {
        // Sydney: summer time (AEDT, +11) from the first Sunday of October to the first of April.
        let syd = TimeZone::named("Australia/Sydney").unwrap();
        assert_eq!(syd.offset_at(ts("2026-01-15T00:00:00Z")), 11 * 3600);
        assert_eq!(syd.offset_at(ts("2026-06-15T00:00:00Z")), 10 * 3600);
        // Dublin: "IST-1GMT0,M10.5.0,M3.5.0/1", negative DST in winter.
        let dub = TimeZone::named("Europe/Dublin").unwrap();
        assert_eq!(dub.offset_at(ts("2026-07-01T12:00:00Z")), 3600);
        assert_eq!(dub.offset_at(ts("2026-01-01T12:00:00Z")), 0);
        // Permanent DST written as a rule.
        let all_year = TimeZone::from_rules("X", "EST5EDT,0/0,J365/25", &[]).unwrap();
        for t in [
            "2026-01-01T05:00:00Z",
            "2026-06-01T00:00:00Z",
            "2026-12-31T23:00:00Z",
        ] {
            assert_eq!(all_year.offset_at(ts(t)), -4 * 3600, "{t}");
        }
        assert_eq!(
            TimeZone::from_rules("X", "<+0530>-5:30", &[])
                .unwrap()
                .offset_at(ts("2026-01-01T00:00:00Z")),
            19_800
        );
    }

    #[test]
    fn explicit_transitions_win_until_the_last() {
        let zone =
            TimeZone::from_rules("X", "<+01>-1", &[(1_000, 0), (2_000, 3600), (1_500, 7200)])
                .unwrap();
        let at = |s| zone.offset_at(Timestamp::from_unix_seconds(s).unwrap());
        assert_eq!(at(999), 3600);
        assert_eq!(at(1_000), 0);
        assert_eq!(at(1_700), 7200);
        assert_eq!(at(5_000), 3600);
        assert_eq!(
            zone.abbreviation_at(Timestamp::from_unix_seconds(1_000).unwrap()),
            "+00"
        );
    }

    #[test]
    fn rejects_bad_rules_and_names() {
        for bad in [
            "",
            "C-1",
            "CET",
            "CET-1CEST",
            "CET-1CEST,M3.5.0",
            "CET-1CEST,M13.5.0,M10.5.0",
            "CET-1CEST,M3.6.0,M10.5.0",
            "CET-1CEST,M3.5.7,M10.5.0",
            "CET-1CEST,J0,J365",
            "CET-1CEST,M3.5.0,M10.5.0/3x",
            "<+03-3",
        ] {
            assert!(TimeZone::from_rules("X", bad, &[]).is_err(), "{bad}");
        }
        assert_eq!(
            TimeZone::named("Mars/Olympus_Mons"),
            Err(TzError::Unknown("Mars/Olympus_Mons".into()))
        );
        assert!(TimeZone::named("Asia/Calcutta").is_ok());
        assert!(TimeZone::named("UTC").is_ok());
    }
}
