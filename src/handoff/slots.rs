//! Appointment slots: fixed-length slots inside a store's opening hours, for the next days, none
//! in the past and none that ends after closing. Slots are laid out from each opening in real
//! time, so a night with a DST change neither loses nor doubles a slot; the local labels show
//! the store's clock.

use serde::Serialize;

use super::hours::{LocalMoment, OpeningHours};
use super::time::{DateTime, Timestamp};
use super::tz::TimeZone;

/// What slots to offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotOptions {
    /// Slot length in minutes (30).
    pub length_minutes: u32,
    /// How many local calendar days, today included (14).
    pub days: u32,
    /// No slot may start sooner than this after `now` (0).
    pub lead_minutes: u32,
}

impl Default for SlotOptions {
    fn default() -> SlotOptions {
        SlotOptions {
            length_minutes: 30,
            days: 14,
            lead_minutes: 0,
        }
    }
}

/// One bookable slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    /// Starts, in the store's local time.
    pub start: LocalMoment,
    /// Ends.
    pub end: LocalMoment,
}

/// The slots from `now` through the end of the `options.days`-th local day in the store's zone.
pub fn appointment_slots(
    hours: &OpeningHours,
    zone: &TimeZone,
    now: Timestamp,
    options: SlotOptions,
) -> Vec<Slot> {
    let mut slots = Vec::new();
    let length = i64::from(options.length_minutes.clamp(5, 24 * 60)) * 60;
    let earliest = now.unix_seconds() + i64::from(options.lead_minutes) * 60;
    let today = zone.to_local(now).date;
    let end_date = today.add_days(i64::from(options.days.min(366)));
    let Some(until) = zone.from_local(DateTime::at_minute(end_date, 0)) else {
        return slots;
    };
    for interval in hours.intervals(zone, now, until) {
        let close = interval.close.unix_seconds().min(until.unix_seconds());
        let mut start = interval.open.unix_seconds();
        // Skip whole slots already past, keeping the grid anchored at the opening.
        if start < earliest {
            start += (earliest - start).div_euclid(length) * length;
            if start < earliest {
                start += length;
            }
        }
        while start + length <= close {
            let (Ok(s), Ok(e)) = (
                Timestamp::from_unix_seconds(start),
                Timestamp::from_unix_seconds(start + length),
            ) else {
                break;
            };
            slots.push(Slot {
                start: LocalMoment::new(zone, s),
                end: LocalMoment::new(zone, e),
            });
            start += length;
        }
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Hours;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn hours(pairs: &[(&str, &str)]) -> OpeningHours {
        let weekly = pairs
            .iter()
            .map(|(d, r)| {
                let ranges = r.split(',').filter(|s| !s.is_empty()).map(str::to_owned);
                ((*d).to_owned(), ranges.collect())
            })
            .collect();
        OpeningHours::parse(&Hours {
            weekly,
            exceptions: vec![],
        })
        .unwrap()
    }

    fn starts(slots: &[Slot]) -> Vec<String> {
        slots.iter().map(|s| s.start.local.clone()).collect()
    }

    #[test]
    fn thirty_minute_slots_for_fourteen_days_none_in_the_past() {
        let zone = TimeZone::named("Asia/Shanghai").unwrap();
        let all_week: Vec<(&str, &str)> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .into_iter()
            .map(|d| (d, "10:00-21:30"))
            .collect();
        let h = hours(&all_week);
        // Wednesday 2026-06-10 14:07 local.
        let now = ts("2026-06-10T06:07:00Z");
        let slots = appointment_slots(&h, &zone, now, SlotOptions::default());
        assert_eq!(slots[0].start.local, "2026-06-10T14:30:00");
        assert_eq!(slots[0].end.time, "15:00");
        assert!(slots.iter().all(|s| s.start.at >= now));
        // 23 slots per full day; today from 14:30 to 21:00 is 14.
        assert_eq!(slots.len(), 14 + 13 * 23);
        let last = slots.last().unwrap();
        assert_eq!(last.start.local, "2026-06-23T21:00:00");
        assert_eq!(last.end.time, "21:30");
        // None ends after closing, all are 30 minutes.
        for s in &slots {
            assert_eq!(s.end.at.unix_seconds() - s.start.at.unix_seconds(), 1800);
            assert!(s.end.time.as_str() <= "21:30");
        }
        // Lead time.
        let with_lead = appointment_slots(
            &h,
            &zone,
            now,
            SlotOptions {
                lead_minutes: 120,
                ..SlotOptions::default()
            },
        );
        assert_eq!(with_lead[0].start.local, "2026-06-10T16:30:00");
    }

    #[test]
    fn slots_skip_lunch_and_closed_days() {
        let zone = TimeZone::named("Europe/Berlin").unwrap();
        let h = hours(&[("sat", "10:00-13:00,14:00-15:00"), ("sun", "")]);
        let now = ts("2026-06-05T00:00:00Z"); // Friday
        let slots = appointment_slots(
            &h,
            &zone,
            now,
            SlotOptions {
                days: 3,
                ..SlotOptions::default()
            },
        );
        assert_eq!(
            starts(&slots),
            [
                "2026-06-06T10:00:00",
                "2026-06-06T10:30:00",
                "2026-06-06T11:00:00",
                "2026-06-06T11:30:00",
                "2026-06-06T12:00:00",
                "2026-06-06T12:30:00",
                "2026-06-06T14:00:00",
                "2026-06-06T14:30:00",
            ]
        );
    }

    #[test]
    fn berlin_spring_forward_night_keeps_real_half_hours() {
        // Open through the night of 28/29 March 2026, when 02:00-03:00 does not exist.
        let zone = TimeZone::named("Europe/Berlin").unwrap();
        let h = hours(&[("sat", "23:00-04:00")]);
        let now = ts("2026-03-28T12:00:00Z");
        let slots = appointment_slots(
            &h,
            &zone,
            now,
            SlotOptions {
                days: 2,
                ..SlotOptions::default()
            },
        );
        assert_eq!(
            starts(&slots),
            [
                "2026-03-28T23:00:00",
                "2026-03-28T23:30:00",
                "2026-03-29T00:00:00",
                "2026-03-29T00:30:00",
                "2026-03-29T01:00:00",
                "2026-03-29T01:30:00",
                "2026-03-29T03:00:00",
                "2026-03-29T03:30:00",
            ]
        );
        assert_eq!(slots[5].end.local, "2026-03-29T03:00:00");
        assert_eq!(slots[5].start.utc_offset_minutes, 60);
        assert_eq!(slots[6].start.utc_offset_minutes, 120);
    }

    #[test]
    fn new_york_fall_back_night_has_the_extra_hour() {
        // 1 November 2026: 01:00-02:00 happens twice.
        let zone = TimeZone::named("America/New_York").unwrap();
        let h = hours(&[("sun", "00:00-03:00")]);
        let now = ts("2026-10-31T12:00:00Z");
        let slots = appointment_slots(
            &h,
            &zone,
            now,
            SlotOptions {
                days: 2,
                ..SlotOptions::default()
            },
        );
        // Four real hours: eight slots, 01:00 and 01:30 twice.
        assert_eq!(
            starts(&slots),
            [
                "2026-11-01T00:00:00",
                "2026-11-01T00:30:00",
                "2026-11-01T01:00:00",
                "2026-11-01T01:30:00",
                "2026-11-01T01:00:00",
                "2026-11-01T01:30:00",
                "2026-11-01T02:00:00",
                "2026-11-01T02:30:00",
            ]
        );
        assert_eq!(slots[2].start.utc_offset_minutes, -240);
        assert_eq!(slots[4].start.utc_offset_minutes, -300);
    }

    #[test]
    fn ordinary_day_after_a_dst_change_is_in_the_new_offset() {
        let zone = TimeZone::named("America/New_York").unwrap();
        let h = hours(&[("mon", "10:00-11:00")]);
        // Saturday before the March 2026 change; Monday 10:00 is EDT (14:00Z).
        let slots = appointment_slots(
            &h,
            &zone,
            ts("2026-03-07T12:00:00Z"),
            SlotOptions::default(),
        );
        assert_eq!(slots[0].start.at, ts("2026-03-09T14:00:00Z"));
        assert_eq!(slots.len(), 2 * 2);
    }
}
