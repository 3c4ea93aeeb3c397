//! "Will it fit": a free space on the floor against products' true sizes, turning them by 90°
//! when that helps, with the margin on each axis. Integer millimetres throughout, so an exact
//! fit (0 mm to spare) is a fit.

use glam::Vec2;
use serde::Serialize;

use super::error::RoomError;
use super::locale::Lang;
use super::measure::Units;
use crate::catalog::Dimensions;

/// A free space the shopper marked or typed: a rectangle on the floor, optionally with a
/// ceiling (under a window, a shelf or a sloping roof).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FreeSpace {
    /// Along x, mm.
    pub width_mm: u32,
    /// Along z, mm.
    pub depth_mm: u32,
    /// Highest an item may reach, mm.
    pub max_height_mm: Option<u32>,
}

fn to_mm(what: &'static str, metres: f32) -> Result<u32, RoomError> {
    let v = (metres as f64 * 1000.0).round();
    if !v.is_finite() || v <= 0.0 || v > 1e6 {
        return Err(RoomError::Invalid {
            what,
            detail: format!("{metres} m is not a usable size"),
        });
    }
    Ok(v as u32)
}

impl FreeSpace {
    /// A space `width` × `depth` metres, up to `max_height` metres if given.
    pub fn new(width: f32, depth: f32, max_height: Option<f32>) -> Result<Self, RoomError> {
        Ok(Self {
            width_mm: to_mm("free space width", width)?,
            depth_mm: to_mm("free space depth", depth)?,
            max_height_mm: max_height
                .map(|h| to_mm("free space height", h))
                .transpose()?,
        })
    }

    /// The axis-aligned rectangle with opposite corners at two floor points (x, z in metres).
    pub fn from_corners(a: Vec2, b: Vec2, max_height: Option<f32>) -> Result<Self, RoomError> {
        let d = (b - a).abs();
        Self::new(d.x, d.y, max_height)
    }
}

/// Clearance (positive) or excess (negative) in mm on each axis of the free space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Margin {
    /// Along the space's width.
    pub width_mm: i64,
    /// Along the space's depth.
    pub depth_mm: i64,
    /// Below the space's ceiling, if it has one.
    pub height_mm: Option<i64>,
}

impl Margin {
    fn fits(&self) -> bool {
        self.width_mm >= 0 && self.depth_mm >= 0 && self.height_mm.is_none_or(|h| h >= 0)
    }

    fn smallest_clearance(&self) -> i64 {
        self.width_mm.min(self.depth_mm)
    }

    fn excess(&self) -> i64 {
        [self.width_mm, self.depth_mm, self.height_mm.unwrap_or(0)]
            .iter()
            .map(|v| (-v).max(0))
            .sum()
    }
}

/// Whether one product fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fit {
    /// It fits.
    pub fits: bool,
    /// It fits (or comes closest) turned by 90°: its width along the space's depth.
    pub turned: bool,
    /// The margins in that orientation.
    pub margin: Margin,
}

/// Whether an item of `dims` fits in `space`, trying both orientations. When both fit, the one
/// with the larger smallest clearance wins; when neither does, the one that is too big by less.
pub fn fit(space: FreeSpace, dims: Dimensions) -> Fit {
    let margin = |w: u32, d: u32| Margin {
        width_mm: space.width_mm as i64 - w as i64,
        depth_mm: space.depth_mm as i64 - d as i64,
        height_mm: space.max_height_mm.map(|h| h as i64 - dims.height as i64),
    };
    let straight = margin(dims.width, dims.depth);
    let turned = margin(dims.depth, dims.width);
    let use_turned = match (straight.fits(), turned.fits()) {
        (true, true) => turned.smallest_clearance() > straight.smallest_clearance(),
        (false, true) => true,
        (true, false) => false,
        (false, false) => turned.excess() < straight.excess(),
    };
    let m = if use_turned { turned } else { straight };
    Fit {
        fits: m.fits(),
        turned: use_turned,
        margin: m,
    }
}

/// [`fit`] for every product, in order (mark a whole catalog at once).
pub fn fit_all(space: FreeSpace, products: &[Dimensions]) -> Vec<Fit> {
    products.iter().map(|d| fit(space, *d)).collect()
}

impl Fit {
    /// A sentence for the shopper: `Fits, 12 cm to spare in width and 3 cm in depth` or
    /// `Does not fit: 8 cm too wide and 2 cm too deep`; `turned 90°` when that is how.
    pub fn describe(&self, units: Units) -> String {
        self.describe_in(units, Lang::En)
    }

    /// [`Fit::describe`] in `lang`: `放得下，宽度余 12 厘米，深度余 3 厘米`.
    pub fn describe_in(&self, units: Units, lang: Lang) -> String {
        let m = self.margin;
        let size = |mm: i64| lang.size(units, mm);
        if lang == Lang::ZhHans {
            let turned = if self.turned { "（旋转 90°）" } else { "" };
            if self.fits {
                let mut s = format!(
                    "放得下{turned}，宽度余 {}，深度余 {}",
                    size(m.width_mm),
                    size(m.depth_mm)
                );
                if let Some(h) = m.height_mm {
                    s.push_str(&format!("，距顶部 {}", size(h)));
                }
                return s;
            }
            let parts: Vec<String> = [
                (m.width_mm, "宽"),
                (m.depth_mm, "深"),
                (m.height_mm.unwrap_or(0), "高"),
            ]
            .into_iter()
            .filter(|(v, _)| *v < 0)
            .map(|(v, word)| format!("超{word} {}", size(v)))
            .collect();
            return format!("放不下{turned}：{}", parts.join("，"));
        }
        let turned = if self.turned { ", turned 90°" } else { "" };
        if self.fits {
            let mut s = format!(
                "Fits{turned}, {} to spare in width and {} in depth",
                size(m.width_mm),
                size(m.depth_mm)
            );
            if let Some(h) = m.height_mm {
                s.push_str(&format!(", {} below the top", size(h)));
            }
            s
        } else {
            let mut parts = Vec::new();
            for (v, word) in [
                (m.width_mm, "wide"),
                (m.depth_mm, "deep"),
                (m.height_mm.unwrap_or(0), "tall"),
            ] {
                if v < 0 {
                    parts.push(format!("{} too {word}", size(v)));
                }
            }
            let list = match parts.len() {
                0 | 1 => parts.concat(),
                n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
            };
            format!("Does not fit{turned}: {list}")
        }
    }

    /// The tightest clearance labelled: `1 cm to spare`, `3 cm too big` (`余 1 厘米`,
    /// `超出 3 厘米`).
    pub fn margin_label(&self, units: Units, lang: Lang) -> String {
        let m = self.margin;
        let smallest = [m.width_mm, m.depth_mm, m.height_mm.unwrap_or(i64::MAX)]
            .into_iter()
            .min()
            .unwrap_or(0);
        let size = lang.size(units, smallest);
        match (lang, smallest < 0) {
            (Lang::En, true) => format!("{size} too big"),
            (Lang::En, false) => format!("{size} to spare"),
            (Lang::ZhHans, true) => format!("超出 {size}"),
            (Lang::ZhHans, false) => format!("余 {size}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(width: u32, depth: u32, height: u32) -> Dimensions {
        Dimensions {
            width,
            depth,
            height,
        }
    }

    #[test]
    fn fits_straight_with_margins() {
        let space = FreeSpace::new(2.3, 1.0, None).expect("space");
        let f = fit(space, d(2100, 920, 830));
        assert!(f.fits && !f.turned);
        assert_eq!((f.margin.width_mm, f.margin.depth_mm), (200, 80));
        assert_eq!(
            f.describe(Units::Metric),
            "Fits, 20 cm to spare in width and 8 cm in depth"
        );
        assert_eq!(
            f.describe_in(Units::Metric, Lang::ZhHans),
            "放得下，宽度余 20 厘米，深度余 8 厘米"
        );
        assert_eq!(f.margin_label(Units::Metric, Lang::ZhHans), "余 8 厘米");
    }

    #[test]
    fn fits_only_turned() {
        // A 1 m wide, 2.3 m deep alcove and a 2.1 m sofa: only sideways.
        let space = FreeSpace::from_corners(Vec2::new(1.0, 2.0), Vec2::new(0.0, -0.3), None)
            .expect("space");
        assert_eq!((space.width_mm, space.depth_mm), (1000, 2300));
        let f = fit(space, d(2100, 920, 830));
        assert!(f.fits && f.turned);
        assert_eq!((f.margin.width_mm, f.margin.depth_mm), (80, 200));
        assert!(f.describe(Units::Metric).starts_with("Fits, turned 90°"));
    }

    #[test]
    fn exact_fit_counts() {
        let space = FreeSpace::new(0.8, 0.8, Some(0.75)).expect("space");
        let f = fit(space, d(800, 800, 750));
        assert!(f.fits);
        assert_eq!(f.margin.height_mm, Some(0));
    }

    #[test]
    fn too_big_reports_by_how_much() {
        let space = FreeSpace::new(2.0, 0.9, Some(0.8)).expect("space");
        let f = fit(space, d(2100, 920, 830));
        assert!(!f.fits && !f.turned);
        assert_eq!(
            (f.margin.width_mm, f.margin.depth_mm, f.margin.height_mm),
            (-100, -20, Some(-30))
        );
        assert_eq!(
            f.describe(Units::Metric),
            "Does not fit: 10 cm too wide, 2 cm too deep and 3 cm too tall"
        );
        assert_eq!(
            f.describe(Units::Imperial),
            "Does not fit: 3⅞ in too wide, ¾ in too deep and 1⅛ in too tall"
        );
        assert_eq!(
            f.describe_in(Units::Metric, Lang::ZhHans),
            "放不下：超宽 10 厘米，超深 2 厘米，超高 3 厘米"
        );
        assert_eq!(f.margin_label(Units::Metric, Lang::En), "10 cm too big");
        assert_eq!(f.margin_label(Units::Metric, Lang::ZhHans), "超出 10 厘米");
    }

    #[test]
    fn a_height_limit_cannot_be_turned_away() {
        let space = FreeSpace::new(3.0, 3.0, Some(0.5)).expect("space");
        assert!(!fit(space, d(500, 500, 600)).fits);
    }

    #[test]
    fn whole_catalog_and_bad_input() {
        let space = FreeSpace::new(1.0, 1.0, None).expect("space");
        let r = fit_all(
            space,
            &[d(900, 900, 900), d(1100, 500, 400), d(500, 1100, 400)],
        );
        assert_eq!(
            r.iter().map(|f| f.fits).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert!(FreeSpace::new(f32::NAN, 1.0, None).is_err());
        assert!(FreeSpace::new(0.0, 1.0, None).is_err());
        assert!(FreeSpace::new(1.0, 1.0, Some(-1.0)).is_err());
    }
}
