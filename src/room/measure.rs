//! Measurements in the shopper's units: item sizes, tape-measure lengths, distances between
//! items.
//!
//! Metric lengths are whole centimetres (metres with two decimals from 1 m on in tape
//! measures); imperial lengths are inches to the nearest eighth, written with fraction
//! characters (`82⅝`), and feet plus inches from 1 ft on in tape measures.

use glam::{Vec2, Vec3};
use serde::{Deserialize, Serialize};

use super::error::RoomError;
use super::item::ItemId;
use super::room::Room;
use crate::catalog::Dimensions;

/// The shopper's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Centimetres and metres.
    #[default]
    Metric,
    /// Inches and feet.
    Imperial,
}

/// Regions that measure furniture in inches.
const IMPERIAL_REGIONS: [&str; 3] = ["US", "LR", "MM"];

impl Units {
    /// The units for a BCP 47 locale (`en-US`, `en_US`, `es-419`, `my-MM`): imperial in the US,
    /// Liberia and Myanmar, metric elsewhere or when there is no region. A Unicode `-u-ms-`
    /// keyword (`metric`, `ussystem`, `uksystem`) overrides the region.
    pub fn for_locale(locale: &str) -> Units {
        let subtags: Vec<&str> = locale.split(['-', '_']).collect();
        if let Some(u) = subtags.iter().position(|s| s.eq_ignore_ascii_case("u")) {
            let ext = &subtags[u + 1..];
            if let Some(k) = ext.iter().position(|s| s.eq_ignore_ascii_case("ms")) {
                match ext.get(k + 1).map(|s| s.to_ascii_lowercase()).as_deref() {
                    Some("metric") | Some("uksystem") => return Units::Metric,
                    Some("ussystem") => return Units::Imperial,
                    _ => {}
                }
            }
        }
        // The region is the first 2-letter or 3-digit subtag after the language (and script),
        // before any singleton extension.
        let region = subtags
            .iter()
            .skip(1)
            .take_while(|s| s.len() != 1)
            .find(|s| {
                (s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
                    || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
            });
        match region {
            Some(r) if IMPERIAL_REGIONS.iter().any(|i| r.eq_ignore_ascii_case(i)) => {
                Units::Imperial
            }
            _ => Units::Metric,
        }
    }

    /// The unit written after a size: `cm` or `in`.
    pub fn size_unit(self) -> &'static str {
        match self {
            Units::Metric => "cm",
            Units::Imperial => "in",
        }
    }

    /// A length (mm, sign ignored) as a bare number in the size unit: `92` (cm) or `36¼` (in).
    pub fn size_number(self, mm: i64) -> String {
        let mm = mm.unsigned_abs();
        match self {
            Units::Metric => ((mm + 5) / 10).to_string(),
            Units::Imperial => inches(eighths(mm)),
        }
    }

    /// A length with its unit, as in a size label: `92 cm`, `36¼ in`.
    pub fn size(self, mm: i64) -> String {
        format!("{} {}", self.size_number(mm), self.size_unit())
    }

    /// A length as a tape measure reads it: `82 cm`, `2.35 m`, `10½ in`, `6 ft 10½ in`.
    pub fn length(self, metres: f32) -> String {
        let mm = if metres.is_finite() {
            (metres.abs() as f64 * 1000.0).round() as u64
        } else {
            0
        };
        match self {
            Units::Metric if mm < 995 => format!("{} cm", (mm + 5) / 10),
            Units::Metric => format!("{:.2} m", mm as f64 / 1000.0),
            Units::Imperial => {
                let e = eighths(mm);
                if e < 96 {
                    format!("{} in", inches(e))
                } else if e.is_multiple_of(96) {
                    format!("{} ft", e / 96)
                } else {
                    format!("{} ft {} in", e / 96, inches(e % 96))
                }
            }
        }
    }

    /// Width × depth × height: `210 × 92 × 83 cm` or `82⅝ × 36¼ × 32⅝ in`.
    pub fn dimensions(self, d: Dimensions) -> String {
        format!(
            "{} × {} × {} {}",
            self.size_number(d.width.into()),
            self.size_number(d.depth.into()),
            self.size_number(d.height.into()),
            self.size_unit()
        )
    }
}

/// Millimetres to the nearest eighth of an inch.
fn eighths(mm: u64) -> u64 {
    mm.saturating_mul(80).saturating_add(127) / 254
}

/// Eighths of an inch as `36`, `36¼`, `⅝`.
fn inches(eighths: u64) -> String {
    const FRACTIONS: [&str; 8] = ["", "⅛", "¼", "⅜", "½", "⅝", "¾", "⅞"];
    let whole = eighths / 8;
    let frac = FRACTIONS[(eighths % 8) as usize];
    if whole == 0 && !frac.is_empty() {
        frac.to_string()
    } else {
        format!("{whole}{frac}")
    }
}

/// The straight-line distance between two points, formatted.
pub fn tape_measure(a: Vec3, b: Vec3, units: Units) -> String {
    units.length(a.distance(b))
}

/// The distance between two floor points, formatted.
pub fn floor_distance(a: Vec2, b: Vec2, units: Units) -> String {
    units.length(a.distance(b))
}

impl Room {
    /// An item's size label: `210 × 92 × 83 cm`.
    pub fn size_label(&self, id: ItemId, units: Units) -> Result<String, RoomError> {
        Ok(units.dimensions(self.get(id)?.dimensions_mm))
    }

    /// The shortest distance in metres between two items' boxes (footprint and height range);
    /// 0 when they touch.
    pub fn distance_between(&self, a: ItemId, b: ItemId) -> Result<f32, RoomError> {
        let (ia, ib) = (self.get(a)?, self.get(b)?);
        let horizontal = self.state.footprint(ia).distance(&self.state.footprint(ib));
        let (a0, a1) = self.state.vertical_range(ia);
        let (b0, b1) = self.state.vertical_range(ib);
        let vertical = (b0 - a1).max(a0 - b1).max(0.0);
        Ok(horizontal.hypot(vertical))
    }

    /// The item nearest to `id` and its distance in metres.
    pub fn nearest_item(&self, id: ItemId) -> Result<Option<(ItemId, f32)>, RoomError> {
        self.get(id)?;
        let mut best: Option<(ItemId, f32)> = None;
        for other in self.items().iter().filter(|i| i.id != id) {
            let d = self.distance_between(id, other.id)?;
            if best.is_none_or(|(_, b)| d < b) {
                best = Some((other.id, d));
            }
        }
        Ok(best)
    }

    /// The distance in metres from an item's footprint to the nearest wall, and that wall.
    pub fn nearest_wall_distance(&self, id: ItemId) -> Result<Option<(usize, f32)>, RoomError> {
        let shape = self.state.footprint(self.get(id)?);
        let corners = shape.corners();
        Ok(self
            .walls()
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let d = corners
                    .iter()
                    .map(|c| w.distance_to(*c))
                    .fold(f32::INFINITY, f32::min);
                (i, d)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims(width: u32, depth: u32, height: u32) -> Dimensions {
        Dimensions {
            width,
            depth,
            height,
        }
    }

    #[test]
    fn size_labels() {
        let sofa = dims(2100, 920, 830);
        assert_eq!(Units::Metric.dimensions(sofa), "210 × 92 × 83 cm");
        assert_eq!(Units::Imperial.dimensions(sofa), "82⅝ × 36¼ × 32⅝ in");
        assert_eq!(Units::Metric.dimensions(dims(925, 5, 4)), "93 × 1 × 0 cm");
        // 1 inch exactly, half an inch, an eighth.
        assert_eq!(Units::Imperial.size(254), "10 in");
        assert_eq!(Units::Imperial.size(127 / 10), "½ in");
        assert_eq!(Units::Imperial.size(3), "⅛ in");
    }

    #[test]
    fn tape_lengths() {
        assert_eq!(Units::Metric.length(0.82), "82 cm");
        assert_eq!(Units::Metric.length(0.994), "99 cm");
        assert_eq!(Units::Metric.length(0.996), "1.00 m");
        assert_eq!(Units::Metric.length(2.345_6), "2.35 m");
        assert_eq!(Units::Imperial.length(0.2667), "10½ in");
        assert_eq!(Units::Imperial.length(2.0955), "6 ft 10½ in");
        assert_eq!(Units::Imperial.length(0.3048), "1 ft");
        assert_eq!(Units::Metric.length(f32::NAN), "0 cm");
        assert!(Units::Imperial.length(f32::MAX).ends_with(" in"));
        let a = Vec3::new(0.0, 0.0, 0.0);
        let b = Vec3::new(3.0, 0.0, 4.0);
        assert_eq!(tape_measure(a, b, Units::Metric), "5.00 m");
        assert_eq!(
            floor_distance(Vec2::ZERO, Vec2::new(0.5, 0.0), Units::Metric),
            "50 cm"
        );
    }

    #[test]
    fn locales() {
        for l in [
            "en-US",
            "en_US",
            "es-US",
            "en-Latn-US",
            "my-MM",
            "en-LR",
            "en-us",
        ] {
            assert_eq!(Units::for_locale(l), Units::Imperial, "{l}");
        }
        for l in [
            "en-GB", "de-DE", "en", "", "zh-CN", "es-419", "fr-CA", "garbage-",
        ] {
            assert_eq!(Units::for_locale(l), Units::Metric, "{l}");
        }
        assert_eq!(Units::for_locale("en-US-u-ms-metric"), Units::Metric);
        assert_eq!(Units::for_locale("de-DE-u-ms-ussystem"), Units::Imperial);
        // A private-use "x-us" is not a region.
        assert_eq!(Units::for_locale("de-x-us"), Units::Metric);
    }
}
