//! Checks the embedded time-zone table (`src/handoff/tz_table.rs`) against the system's tz
//! database (TZif files, which zic writes with explicit transitions up to 2037), and regenerates
//! it:
//!
//! ```sh
//! ROOMFIT_UPDATE_TZ=1 cargo test --test handoff_tzdata
//! ```
//!
//! The table holds each zone's POSIX rule (the TZif footer) and, only for zones whose near future
//! the rule does not describe (Morocco's Ramadan changes), the explicit transitions of 2024–2039.
//! Skipped when `/usr/share/zoneinfo` is missing; a different tzdata release on this machine only
//! warns, since the table is meant to be pinned, not to follow the OS.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use roomfit::handoff::time::Timestamp;
use roomfit::handoff::tz::{TZDATA_VERSION, TimeZone, embedded_zone_names};

const ZONEINFO: &str = "/usr/share/zoneinfo";
/// 2025-01-01T00:00:00Z and 2040-01-01T00:00:00Z: where explicit transitions are kept.
const TABLE_WINDOW: (i64, i64) = (1_735_689_600, 2_208_988_800);
/// 2025-01-01 to 2037-01-01: where fat TZif files are explicit, so an independent oracle.
const CHECK_WINDOW: (i64, i64) = (1_735_689_600, 2_114_380_800);

struct Tzif {
    /// (unix seconds, offset from then on).
    transitions: Vec<(i64, i32)>,
    initial_offset: i32,
    footer: String,
}

impl Tzif {
    fn read(path: &Path) -> Option<Tzif> {
        let b = std::fs::read(path).ok()?;
        let be32 = |at: usize| -> Option<usize> {
            Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
        };
        if b.get(..4)? != b"TZif" || *b.get(4)? < b'2' {
            return None;
        }
        let counts = |at: usize| -> Option<[usize; 6]> {
            let mut c = [0; 6];
            for (i, slot) in c.iter_mut().enumerate() {
                *slot = be32(at + 20 + 4 * i)?;
            }
            Some(c)
        };
        let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(0)?;
        let v2 = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
        let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(v2)?;
        let times_at = v2 + 44;
        let idx_at = times_at + timecnt * 8;
        let types_at = idx_at + timecnt;
        let offset_of = |t: usize| -> Option<i32> {
            Some(i32::from_be_bytes(
                b.get(types_at + 6 * t..types_at + 6 * t + 4)?
                    .try_into()
                    .ok()?,
            ))
        };
        let mut transitions = Vec::with_capacity(timecnt);
        for i in 0..timecnt {
            let t = i64::from_be_bytes(
                b.get(times_at + 8 * i..times_at + 8 * i + 8)?
                    .try_into()
                    .ok()?,
            );
            let ty = usize::from(*b.get(idx_at + i)?);
            transitions.push((t, offset_of(ty)?));
        }
        let end = types_at + typecnt * 6 + charcnt + leap * 12 + isstd + isut;
        let footer = std::str::from_utf8(b.get(end..)?).ok()?.trim().to_owned();
        Some(Tzif {
            transitions,
            initial_offset: offset_of(0)?,
            footer,
        })
    }

    /// Whether `t` is covered by the explicit transitions (after the last one the footer rule
    /// applies, which is no independent oracle for our rule evaluation).
    fn is_explicit(&self, t: i64) -> bool {
        self.transitions.last().is_some_and(|last| t < last.0)
    }

    /// The offset at `t` by the explicit transitions only.
    fn explicit_offset(&self, t: i64) -> i32 {
        let i = self.transitions.partition_point(|(from, _)| *from <= t);
        if i == 0 {
            self.initial_offset
        } else {
            self.transitions[i - 1].1
        }
    }

    /// Instants worth comparing in [from, to): each transition and the second before it, and
    /// every 6 hours.
    /// Only where the explicit transitions apply.
    fn probes(&self, from: i64, to: i64) -> Vec<i64> {
        let mut probes: Vec<i64> = (from..to).step_by(6 * 3600).collect();
        for &(t, _) in &self.transitions {
            if (from..to).contains(&t) {
                probes.extend([t - 1, t]);
            }
        }
        probes.retain(|&t| self.is_explicit(t));
        probes
    }
}

fn at(zone: &TimeZone, t: i64) -> i32 {
    zone.offset_at(Timestamp::from_unix_seconds(t).unwrap())
}

fn system_version() -> Option<String> {
    let zi = std::fs::read_to_string(Path::new(ZONEINFO).join("tzdata.zi")).ok()?;
    Some(
        zi.lines()
            .next()?
            .strip_prefix("# version ")?
            .trim()
            .to_owned(),
    )
}

/// Every zone and alias name in the system's tzdata.zi.
fn system_names() -> Vec<String> {
    let zi = std::fs::read_to_string(Path::new(ZONEINFO).join("tzdata.zi")).unwrap_or_default();
    let mut names: Vec<String> = zi
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            match words.next()? {
                "Z" => words.next(),
                "L" => words.nth(1),
                _ => None,
            }
            .map(str::to_owned)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn generate(version: &str) -> String {
    let mut rules: Vec<String> = Vec::new();
    let mut zones = String::new();
    let mut transitions = String::new();
    for name in system_names() {
        let Some(tzif) = Tzif::read(&Path::new(ZONEINFO).join(&name)) else {
            continue;
        };
        let rule_only = TimeZone::from_rules(&name, &tzif.footer, &[])
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let index = match rules.iter().position(|r| *r == tzif.footer) {
            Some(i) => i,
            None => {
                rules.push(tzif.footer.clone());
                rules.len() - 1
            }
        };
        writeln!(zones, "{name} {index}").unwrap();
        let (from, to) = TABLE_WINDOW;
        let rule_is_enough = tzif
            .probes(from, to)
            .into_iter()
            .all(|t| at(&rule_only, t) == tzif.explicit_offset(t));
        if !rule_is_enough {
            let mut list = vec![(from, tzif.explicit_offset(from))];
            list.extend(
                tzif.transitions
                    .iter()
                    .filter(|(t, _)| (from..to).contains(t)),
            );
            let end = to.min(tzif.transitions.last().map_or(to, |last| last.0));
            if list.last().is_none_or(|last| last.0 < end) {
                list.push((end, tzif.explicit_offset(end)));
            }
            let items: Vec<String> = list.iter().map(|(t, o)| format!("({t}, {o})")).collect();
            writeln!(transitions, "    (\"{name}\", &[{}]),", items.join(", ")).unwrap();
        }
    }
    let mut out = String::new();
    writeln!(out, "//! Generated from tzdata {version} by `ROOMFIT_UPDATE_TZ=1 cargo test --test handoff_tzdata`;").unwrap();
    writeln!(
        out,
        "//! do not edit. `RULES`: POSIX TZ rules, one a line; `ZONES`: \"name rule-line\";"
    )
    .unwrap();
    writeln!(
        out,
        "//! `TRANSITIONS`: explicit (unix seconds, UTC offset) lists where the rule is not enough."
    )
    .unwrap();
    writeln!(out).unwrap();
    writeln!(out, "pub(super) const VERSION: &str = \"{version}\";").unwrap();
    writeln!(
        out,
        "pub(super) const RULES: &str = \"\\\n{}\";",
        rules
            .iter()
            .map(|r| format!("{r}\n"))
            .collect::<String>()
            .replace('\n', "\\n\\\n")
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) const ZONES: &str = \"\\\n{}\";",
        zones.replace('\n', "\\n\\\n")
    )
    .unwrap();
    writeln!(out, "#[rustfmt::skip]").unwrap();
    writeln!(
        out,
        "pub(super) const TRANSITIONS: &[(&str, &[(i64, i32)])] = &[\n{transitions}];"
    )
    .unwrap();
    out
}

#[test]
fn embedded_table_matches_the_system_tz_database() {
    let Some(version) = system_version() else {
        eprintln!("skipped: no {ZONEINFO}/tzdata.zi on this machine");
        return;
    };
    if std::env::var_os("ROOMFIT_UPDATE_TZ").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/handoff/tz_table.rs");
        std::fs::write(&path, generate(&version)).unwrap();
        eprintln!(
            "wrote {} from tzdata {version}; rebuild and run again to check it",
            path.display()
        );
        return;
    }
    let strict = version == TZDATA_VERSION;
    let mut problems = BTreeMap::new();
    let mut checked = 0;
    for name in system_names() {
        let Some(tzif) = Tzif::read(&Path::new(ZONEINFO).join(&name)) else {
            continue;
        };
        let zone = match TimeZone::named(&name) {
            Ok(zone) => zone,
            Err(e) => {
                problems.insert(name, e.to_string());
                continue;
            }
        };
        let (from, to) = CHECK_WINDOW;
        if let Some(t) = tzif
            .probes(from, to)
            .into_iter()
            .find(|&t| at(&zone, t) != tzif.explicit_offset(t))
        {
            problems.insert(
                name,
                format!(
                    "at {t}: ours {} but TZif {}",
                    at(&zone, t),
                    tzif.explicit_offset(t)
                ),
            );
        }
        checked += 1;
    }
    assert!(checked > 400, "only {checked} zones checked");
    if strict {
        assert_eq!(embedded_zone_names().count(), system_names().len());
        assert!(
            problems.is_empty(),
            "{} zones differ: {problems:#?}",
            problems.len()
        );
    } else if !problems.is_empty() {
        eprintln!(
            "warning: the table is tzdata {TZDATA_VERSION}, this machine has {version}; {} zones differ \
             in 2025-2036 (regenerate with ROOMFIT_UPDATE_TZ=1): {problems:#?}",
            problems.len()
        );
    }
}
