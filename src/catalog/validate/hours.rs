//! Opening hours: `"HH:MM-HH:MM"` ranges per weekday (`mon` … `sun`) and per exception date.

use std::collections::BTreeMap;

use serde_json::Value;

use super::shape::{Ctx, child, item};
use crate::catalog::issue::{Issue, code};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Checks a store's `hours` object at `ptr`.
pub(crate) fn check_hours(ctx: &mut Ctx, v: &Value, ptr: &str) {
    let Some(o) = ctx.object(v, ptr, "\"hours\"") else {
        return;
    };
    ctx.fields(o, "hours object", &["weekly"], &["exceptions"]);
    if let Some(weekly) = o.map.get("weekly") {
        let wptr = child(ptr, "weekly");
        if let Some(w) = ctx.object(weekly, &wptr, "\"weekly\"") {
            for (day, ranges) in w.map {
                let dptr = child(&wptr, day);
                if !DAYS.contains(&day.as_str()) {
                    let mut issue = Issue::error(
                        &dptr,
                        code::UNKNOWN_DAY,
                        format!(
                            "\"{day}\" is not a day key; days are mon, tue, wed, thu, fri, sat, sun."
                        ),
                    );
                    if let Some(d) = suggest_day(day) {
                        issue = issue.with_fix(format!("Rename \"{day}\" to \"{d}\"."));
                    }
                    ctx.push(issue);
                }
                check_ranges(ctx, ranges, &dptr);
            }
        }
    }
    if let Some(exceptions) = o.map.get("exceptions") {
        let eptr = child(ptr, "exceptions");
        let Some(list) = exceptions.as_array() else {
            ctx.wrong_type(&eptr, "\"exceptions\"", exceptions, "a list ([ … ])");
            return;
        };
        let mut seen: BTreeMap<&str, String> = BTreeMap::new();
        for (i, e) in list.iter().enumerate() {
            let p = item(&eptr, i);
            let Some(eo) = ctx.object(e, &p, "An exception") else {
                continue;
            };
            ctx.fields(eo, "hours exception", &["date", "hours"], &[]);
            if let Some(date) = ctx.text(eo, "date", false) {
                let dp = child(&p, "date");
                if !is_iso_date(date) {
                    ctx.push(
                        Issue::error(
                            &dp,
                            code::INVALID_DATE,
                            format!("\"{date}\" is not a date in the form YYYY-MM-DD."),
                        )
                        .with_fix("Write the date as year-month-day, e.g. 2026-12-24.".to_string()),
                    );
                } else if let Some(first) = seen.get(date) {
                    ctx.push(
                        Issue::error(
                            &dp,
                            code::DUPLICATE_EXCEPTION_DATE,
                            format!("{date} already has an exception at {first}."),
                        )
                        .with_fix(
                            "Keep one exception per date, with all its time ranges.".to_string(),
                        ),
                    );
                } else {
                    seen.insert(date, p.clone());
                }
            }
            if let Some(hours) = eo.map.get("hours") {
                check_ranges(ctx, hours, &child(&p, "hours"));
            }
        }
    }
}

/// The day key `day` was probably meant to be (`Monday`, `MON`, `tues`).
fn suggest_day(day: &str) -> Option<&'static str> {
    let d = day.trim().to_ascii_lowercase();
    let prefix = d.get(..3)?;
    DAYS.iter().copied().find(|k| *k == prefix)
}

/// Checks a list of time ranges at `ptr`: each `HH:MM-HH:MM`, ending after it starts, and none
/// overlapping another.
fn check_ranges(ctx: &mut Ctx, v: &Value, ptr: &str) {
    let Some(list) = v.as_array() else {
        ctx.wrong_type(
            ptr,
            "A day's hours",
            v,
            "a list of time ranges ([\"10:00-18:00\"]; [] when closed)",
        );
        return;
    };
    let mut ok: Vec<(u32, u32, usize)> = Vec::new();
    for (i, r) in ctx.texts(list, ptr, "A time range") {
        let p = item(ptr, i);
        match parse_range(r) {
            Some((start, end)) if end > start => ok.push((start, end, i)),
            Some(_) => ctx.push(
                Issue::error(
                    &p,
                    code::HOURS_END_BEFORE_START,
                    format!("The time range \"{r}\" ends before it starts."),
                )
                .with_fix(
                    "Swap the times, or for hours past midnight split them: \"22:00-24:00\" on this day and \"00:00-02:00\" on the next."
                        .to_string(),
                ),
            ),
            None => {
                let issue = Issue::error(
                    &p,
                    code::INVALID_HOURS,
                    format!("\"{r}\" is not a time range like \"10:00-18:00\" (24-hour HH:MM-HH:MM)."),
                );
                ctx.push(match suggest_range(r) {
                    Some(s) => issue.with_fix(format!("Write \"{s}\".")),
                    None => issue.with_fix("Write opening and closing time as HH:MM-HH:MM, e.g. 09:30-18:00; \"24:00\" closes at midnight.".to_string()),
                });
            }
        }
    }
    ok.sort();
    for w in ok.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.0 < a.1 {
            let later = if a.2 > b.2 { a } else { b };
            let other = if a.2 > b.2 { b } else { a };
            ctx.push(
                Issue::error(
                    item(ptr, later.2),
                    code::OVERLAPPING_HOURS,
                    format!(
                        "The time range \"{}\" overlaps \"{}\" on the same day.",
                        fmt_range(later.0, later.1),
                        fmt_range(other.0, other.1)
                    ),
                )
                .with_fix(format!(
                    "Merge them into \"{}\", or correct one of them.",
                    fmt_range(a.0, a.1.max(b.1))
                )),
            );
        }
    }
}

/// Minutes since midnight of `"HH:MM"` (00:00–23:59, or 24:00 when `end`).
fn parse_time(t: &str, end: bool) -> Option<u32> {
    let b = t.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (h, m) = (num(&b[..2])?, num(&b[3..])?);
    match (h, m) {
        (24, 0) if end => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// `"10:00-18:00"` → (600, 1080).
fn parse_range(r: &str) -> Option<(u32, u32)> {
    let (a, b) = r.split_once('-')?;
    Some((parse_time(a, false)?, parse_time(b, true)?))
}

fn fmt_range(start: u32, end: u32) -> String {
    format!(
        "{:02}:{:02}-{:02}:{:02}",
        start / 60,
        start % 60,
        end / 60,
        end % 60
    )
}

/// A valid range for common slips: other dashes, spaces, dots, missing zeros or minutes
/// (`"9:00 – 18.00"`, `"10-20"`).
fn suggest_range(r: &str) -> Option<String> {
    let normal: String = r
        .replace(['–', '—', '~', '〜'], "-")
        .replace(" to ", "-")
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '.' || c == 'h' { ':' } else { c })
        .collect();
    let (a, b) = normal.split_once('-')?;
    let time = |t: &str, end: bool| -> Option<u32> {
        let (h, m) = t.split_once(':').unwrap_or((t, "00"));
        let m = if m.is_empty() { "00" } else { m };
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        parse_time(&format!("{h:0>2}:{m}"), end)
    };
    let (s, e) = (time(a, false)?, time(b, true)?);
    let fixed = fmt_range(s, e);
    (e > s && fixed != r).then_some(fixed)
}

/// Whether `d` is a real calendar date written `YYYY-MM-DD`.
pub(crate) fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |s: &str| -> Option<u32> {
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(day)) = (num(&d[..4]), num(&d[5..7]), num(&d[8..])) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(v: serde_json::Value) -> Vec<(&'static str, String)> {
        let mut ctx = Ctx::default();
        check_hours(&mut ctx, &v, "/h");
        ctx.issues
            .into_iter()
            .map(|i| (i.code, i.pointer))
            .collect()
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("10:00-18:00"), Some((600, 1080)));
        assert_eq!(parse_range("00:00-24:00"), Some((0, 1440)));
        assert_eq!(parse_range("24:00-24:00"), None);
        assert_eq!(parse_range("10:00-25:00"), None);
        assert_eq!(parse_range("10:60-18:00"), None);
        assert_eq!(parse_range("9:00-18:00"), None);
        assert_eq!(suggest_range("9:00-18:00").as_deref(), Some("09:00-18:00"));
        assert_eq!(suggest_range("10-20").as_deref(), Some("10:00-20:00"));
        assert_eq!(
            suggest_range("10.00 – 18.30").as_deref(),
            Some("10:00-18:30")
        );
        assert_eq!(suggest_range("open"), None);
    }

    #[test]
    fn weekly_and_exceptions() {
        let good = serde_json::json!({
            "weekly": {"mon": ["10:00-13:00", "13:00-18:00"], "sun": [], "sat": ["10:00-24:00"]},
            "exceptions": [{"date": "2028-02-29", "hours": []}]
        });
        assert_eq!(codes(good), []);
        let bad = serde_json::json!({
            "weekly": {"Monday": ["10:00-18:00"], "tue": ["18:00-10:00"], "wed": ["10:00-14:00", "09:00-11:00"], "thu": ["10-18"], "fri": "10:00-18:00"},
            "exceptions": [{"date": "2026-02-29", "hours": []}, {"date": "2026-12-24", "hours": []}, {"date": "2026-12-24", "hours": []}]
        });
        assert_eq!(
            codes(bad),
            [
                (code::UNKNOWN_DAY, "/h/weekly/Monday".to_string()),
                (code::WRONG_TYPE, "/h/weekly/fri".into()),
                (code::INVALID_HOURS, "/h/weekly/thu/0".into()),
                (code::HOURS_END_BEFORE_START, "/h/weekly/tue/0".into()),
                (code::OVERLAPPING_HOURS, "/h/weekly/wed/1".into()),
                (code::INVALID_DATE, "/h/exceptions/0/date".into()),
                (
                    code::DUPLICATE_EXCEPTION_DATE,
                    "/h/exceptions/2/date".into()
                ),
            ]
        );
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2026-12-24"));
        assert!(is_iso_date("2000-02-29"));
        assert!(!is_iso_date("1900-02-29"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("2026-04-31"));
        assert!(!is_iso_date("24.12.2026"));
        assert!(!is_iso_date("2026-1-01"));
        assert!(!is_iso_date("+026-01-01"));
    }
}
