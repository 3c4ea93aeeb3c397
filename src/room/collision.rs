//! Collision: what an item may not overlap, the swept move that stops at first contact and
//! slides along it, rounding to millimetres without creating overlap, and free-spot search.
//!
//! Floor items collide with floor items, tabletop items with tabletop items, wall items with
//! wall items whose height ranges overlap. Flat floor items (rugs, mats: at most
//! [`FLAT_ITEM_MAX_HEIGHT_MM`] tall) lie under furniture and collide with no item. Floor and
//! tabletop items also collide with the walls (10 cm thick, outside the room) and stay inside
//! the floor bounds.

use glam::Vec2;
use serde::Serialize;

use super::geometry::{CONTACT_GAP, Footprint};
use super::item::{ItemId, PlacedItem};
use super::layout::{FloorBounds, Layout};
use super::room::State;
use crate::catalog::Placement;

/// Thickness given to walls as obstacles, outside the room (metres).
const WALL_THICKNESS: f32 = 0.1;
/// Thickness of the out-of-bounds slabs around the floor bounds (metres).
const SLAB: f32 = 100.0;
/// How many times a blocked move may slide along what it hit.
const SLIDES: usize = 3;
/// How far from the origin (mm) items may go on an open floor.
const WORLD_MM: i32 = super::validate::MAX_COORD_MM - 5_000;
/// Floor items at most this tall (mm) are flat: rugs and mats that furniture stands on.
pub const FLAT_ITEM_MAX_HEIGHT_MM: u32 = 30;

/// Whether an item of this height (mm) is flat and collides with no other item.
pub(crate) fn is_flat(placement: Placement, height_mm: u32) -> bool {
    placement == Placement::Floor && height_mm <= FLAT_ITEM_MAX_HEIGHT_MM
}

/// What stopped a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "lowercase")]
pub enum Blocker {
    /// Another item.
    Item(ItemId),
    /// A wall, by index.
    Wall(usize),
    /// The edge of the floor bounds.
    Bounds,
}

/// Something a moving item must not overlap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Obstacle {
    pub shape: Footprint,
    pub blocker: Blocker,
}

/// The obstacles of the walls and bounds.
pub(crate) fn shell_obstacles(layout: &Layout) -> Vec<Obstacle> {
    let mut out = Vec::with_capacity(layout.walls.len() + 4);
    for (i, w) in layout.walls.iter().enumerate() {
        let len = w.length();
        if len <= 0.0 {
            continue;
        }
        out.push(Obstacle {
            shape: Footprint {
                center: w.point_at(len * 0.5) - w.inward() * (WALL_THICKNESS * 0.5),
                half_extents: Vec2::new(len * 0.5, WALL_THICKNESS * 0.5),
                axis: w.direction(),
            },
            blocker: Blocker::Wall(i),
        });
    }
    // Without floor bounds, items still stay within the coordinates a share code can carry.
    let world = FloorBounds {
        min_x_mm: -WORLD_MM,
        min_z_mm: -WORLD_MM,
        max_x_mm: WORLD_MM,
        max_z_mm: WORLD_MM,
    };
    let b = layout.bounds.unwrap_or(world);
    let (lo, hi) = (b.min(), b.max());
    let s = Vec2::splat(SLAB);
    let slabs = [
        (lo - s, Vec2::new(lo.x, hi.y + SLAB)),
        (Vec2::new(hi.x, lo.y - SLAB), hi + s),
        (lo - s, Vec2::new(hi.x + SLAB, lo.y)),
        (Vec2::new(lo.x - SLAB, hi.y), hi + s),
    ];
    for (a, c) in slabs {
        out.push(Obstacle {
            shape: Footprint::aligned(a, c),
            blocker: Blocker::Bounds,
        });
    }
    out
}

impl State {
    /// What an item of `placement`, spanning heights `vertical`, must not overlap; `exclude`
    /// leaves out the moving item itself.
    pub(crate) fn obstacles(
        &self,
        placement: Placement,
        vertical: (f32, f32),
        exclude: Option<ItemId>,
    ) -> Vec<Obstacle> {
        let mut out = match placement {
            Placement::Wall => Vec::new(),
            Placement::Floor | Placement::Tabletop => shell_obstacles(&self.layout),
        };
        let height_mm = ((vertical.1 - vertical.0) * 1000.0).round() as u32;
        if is_flat(placement, height_mm) {
            return out;
        }
        for other in &self.items {
            if Some(other.id) == exclude
                || other.placement != placement
                || is_flat(other.placement, other.dimensions_mm.height)
            {
                continue;
            }
            if placement == Placement::Wall {
                let (y0, y1) = self.vertical_range(other);
                if y1 <= vertical.0 || y0 >= vertical.1 {
                    continue;
                }
            }
            out.push(Obstacle {
                shape: self.footprint(other),
                blocker: Blocker::Item(other.id),
            });
        }
        out
    }

    /// Obstacles for moving `item`, leaving out any it already overlaps (so a crowded room
    /// restored from a share code can be pulled apart).
    pub(crate) fn move_obstacles(&self, item: &PlacedItem) -> Vec<Obstacle> {
        let shape = self.footprint(item);
        let mut obs = self.obstacles(item.placement, self.vertical_range(item), Some(item.id));
        obs.retain(|o| !shape.overlaps(&o.shape));
        obs
    }
}

/// Whether `shape` overlaps none of `obstacles`.
pub(crate) fn is_free(shape: &Footprint, obstacles: &[Obstacle]) -> bool {
    obstacles.iter().all(|o| !shape.overlaps(&o.shape))
}

/// The first obstacle `shape` overlaps.
pub(crate) fn first_overlap(shape: &Footprint, obstacles: &[Obstacle]) -> Option<Blocker> {
    obstacles
        .iter()
        .find(|o| shape.overlaps(&o.shape))
        .map(|o| o.blocker)
}

/// Moves `shape` by `motion`: stops [`CONTACT_GAP`] short of the first contact, then, if
/// `slide`, slides the rest of the motion along the contact (a few times at most). Returns the
/// end centre and the first thing hit.
pub(crate) fn sweep_slide(
    shape: &Footprint,
    motion: Vec2,
    obstacles: &[Obstacle],
    slide: bool,
) -> (Vec2, Option<Blocker>) {
    let mut pos = shape.center;
    let mut v = motion;
    let mut first = None;
    let rounds = if slide { SLIDES + 1 } else { 1 };
    for _ in 0..rounds {
        let len = v.length();
        if !len.is_finite() || len < 1e-7 {
            break;
        }
        let moving = shape.at(pos);
        let hit = obstacles
            .iter()
            .filter_map(|o| moving.sweep(v, &o.shape).map(|c| (c, o.blocker)))
            .min_by(|a, b| a.0.t.total_cmp(&b.0.t));
        let Some((contact, blocker)) = hit else {
            pos += v;
            break;
        };
        let t = (contact.t - CONTACT_GAP / len).max(0.0);
        pos += v * t;
        first.get_or_insert(blocker);
        let rest = v * (1.0 - t);
        v = rest - contact.normal * rest.dot(contact.normal);
    }
    (pos, first)
}

/// Rounds a free position to millimetres without overlapping anything: tries the four nearest
/// millimetre points, nearest first.
pub(crate) fn quantize_free(
    shape: &Footprint,
    p: Vec2,
    obstacles: &[Obstacle],
) -> Option<[i32; 2]> {
    let (x, z) = (p.x * 1000.0, p.y * 1000.0);
    if !x.is_finite() || !z.is_finite() || x.abs() > 1e9 || z.abs() > 1e9 {
        return None;
    }
    let mut candidates = [
        [x.floor(), z.floor()],
        [x.ceil(), z.floor()],
        [x.floor(), z.ceil()],
        [x.ceil(), z.ceil()],
    ];
    candidates.sort_by(|a, b| {
        let da = (a[0] - x).hypot(a[1] - z);
        let db = (b[0] - x).hypot(b[1] - z);
        da.total_cmp(&db)
    });
    candidates.into_iter().find_map(|[cx, cz]| {
        let q = [cx as i32, cz as i32];
        let at = Vec2::new(q[0] as f32 / 1000.0, q[1] as f32 / 1000.0);
        is_free(&shape.at(at), obstacles).then_some(q)
    })
}

/// The end of a swept move rounded to millimetres: the nearest free millimetre point, else one
/// backed off along the motion, else `None` (stay where you are).
pub(crate) fn settle(
    shape: &Footprint,
    end: Vec2,
    motion: Vec2,
    obstacles: &[Obstacle],
) -> Option<[i32; 2]> {
    let back = motion.normalize_or_zero() * 0.001;
    (0..4).find_map(|k| quantize_free(shape, end - back * k as f32, obstacles))
}

/// Whether `shape` lies inside `bounds` (cheap test before the obstacle checks).
fn inside(shape: &Footprint, bounds: Option<FloorBounds>) -> bool {
    let Some(b) = bounds else { return true };
    let h = shape.aabb_half_extents() - Vec2::splat(1e-4);
    let (lo, hi) = (shape.center - h, shape.center + h);
    lo.cmpge(b.min()).all() && hi.cmple(b.max()).all()
}

/// The free millimetre position nearest to `near` (searched on rings around it, 2.5 cm apart
/// up to 1 m, then 10 cm apart), or `None` when there is none.
pub(crate) fn find_free_spot(
    shape: &Footprint,
    near: Vec2,
    obstacles: &[Obstacle],
    bounds: Option<FloorBounds>,
) -> Option<[i32; 2]> {
    let near = bounds.map_or(near, |b| b.clamp(near));
    let reach = match bounds {
        Some(b) => {
            let far = (b.min() - near).abs().max((b.max() - near).abs());
            far.length() + 0.1
        }
        None => 20.0,
    };
    let try_at = |c: Vec2| -> Option<[i32; 2]> {
        let q = [(c.x * 1000.0).round() as i32, (c.y * 1000.0).round() as i32];
        let s = shape.at(Vec2::new(q[0] as f32 / 1000.0, q[1] as f32 / 1000.0));
        (inside(&s, bounds) && is_free(&s, obstacles)).then_some(q)
    };
    if let Some(q) = try_at(near) {
        return Some(q);
    }
    let mut r = 0.0f32;
    while r < reach {
        let step = if r < 1.0 { 0.025 } else { 0.1 };
        r += step;
        let n = ((std::f32::consts::TAU * r / step).ceil() as usize).max(8);
        for k in 0..n {
            let a = std::f32::consts::TAU * k as f32 / n as f32;
            if let Some(q) = try_at(near + Vec2::new(a.cos(), a.sin()) * r) {
                return Some(q);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item_at(x: f32, z: f32) -> Obstacle {
        Obstacle {
            shape: Footprint::new(Vec2::new(x, z), 1.0, 1.0, 0.0),
            blocker: Blocker::Item(ItemId(9)),
        }
    }

    #[test]
    fn head_on_move_stops_at_contact() {
        let a = Footprint::new(Vec2::ZERO, 1.0, 1.0, 0.0);
        let obs = [item_at(3.0, 0.0)];
        let motion = Vec2::new(5.0, 0.0);
        let (end, hit) = sweep_slide(&a, motion, &obs, true);
        assert_eq!(hit, Some(Blocker::Item(ItemId(9))));
        let gap = 2.5 - (end.x + 0.5);
        assert!(gap > 0.0 && gap <= 0.001, "gap {gap}");
        let q = settle(&a, end, motion, &obs).expect("settles");
        let gap_mm = 2000 - q[0];
        assert!((0..=1).contains(&gap_mm), "{q:?}");
    }

    #[test]
    fn oblique_move_slides_along_the_face() {
        let a = Footprint::new(Vec2::ZERO, 1.0, 1.0, 0.0);
        let obs = [Obstacle {
            shape: Footprint::new(Vec2::new(2.0, 0.0), 1.0, 10.0, 0.0),
            blocker: Blocker::Wall(0),
        }];
        let (end, hit) = sweep_slide(&a, Vec2::new(2.0, 2.0), &obs, true);
        assert_eq!(hit, Some(Blocker::Wall(0)));
        assert!((end.x - 1.0).abs() < 0.001, "{end}");
        assert!((end.y - 2.0).abs() < 1e-4, "slid to {end}");
    }

    #[test]
    fn bounds_keep_items_inside() {
        let layout = Layout::rectangle(4.0, 3.0, 2.5);
        let obs = shell_obstacles(&layout);
        let a = Footprint::new(Vec2::ZERO, 1.0, 0.5, 0.3);
        let (end, hit) = sweep_slide(&a, Vec2::new(10.0, 7.0), &obs, true);
        assert!(hit.is_some());
        let s = a.at(end);
        assert!(is_free(&s, &obs));
        let h = s.aabb_half_extents();
        assert!((end.x + h.x - 2.0).abs() < 0.002, "{end} {h}");
        assert!((end.y + h.y - 1.5).abs() < 0.002, "{end} {h}");
    }

    #[test]
    fn free_spot_is_next_to_the_blocker() {
        let a = Footprint::new(Vec2::ZERO, 1.0, 1.0, 0.0);
        let obs = [item_at(0.0, 0.0)];
        let q = find_free_spot(&a, Vec2::ZERO, &obs, None).expect("spot");
        let p = Vec2::new(q[0] as f32, q[1] as f32) / 1000.0;
        assert!(is_free(&a.at(p), &obs));
        assert!(p.length() < 1.05, "{p}");
        // A room too small for the item has no spot.
        let tiny = Layout::rectangle(0.8, 0.8, 2.0);
        let none = find_free_spot(&a, Vec2::ZERO, &shell_obstacles(&tiny), tiny.bounds);
        assert_eq!(none, None);
    }
}
