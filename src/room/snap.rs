//! Snapping: 15° rotation steps, a floor item's back flush against a wall, and the height at
//! which wall items hang.

use super::collision::{Obstacle, quantize_free};
use super::geometry::Footprint;
use super::item::{YAW_STEPS, yaw_radians, yaw_tenths};
use super::layout::Layout;

/// Rotation step when the shopper does not twist freely: 15° (in tenths of a degree).
pub const YAW_STEP_TENTHS: i32 = 150;
/// A back this close to a wall (metres) snaps flush against it.
pub const WALL_SNAP_DISTANCE: f32 = 0.10;
/// A back within this angle (degrees) of parallel to a wall snaps and aligns.
pub const WALL_SNAP_ANGLE_DEG: f32 = 15.0;
/// Wall items hang with their centre at this height (metres)…
pub const WALL_ITEM_CENTER: f32 = 1.45;
/// …but a tall item's bottom stays at least this high (metres).
pub const WALL_ITEM_MIN_BOTTOM: f32 = 0.9;

/// The yaw rounded to the nearest 15° step, in tenths of a degree (`0..3600`).
pub fn snap_yaw(radians: f32) -> u16 {
    let t = yaw_tenths(radians) as i32;
    let k = (t + YAW_STEP_TENTHS / 2).div_euclid(YAW_STEP_TENTHS);
    (k * YAW_STEP_TENTHS).rem_euclid(YAW_STEPS) as u16
}

/// The bottom height (mm) of a wall item `height_mm` tall on a wall `wall_height_mm` tall:
/// centre at 1.45 m, bottom at least 0.9 m, top at most the wall's top. `None` when the item is
/// taller than the wall.
pub fn wall_item_elevation_mm(height_mm: u32, wall_height_mm: u32) -> Option<i32> {
    if height_mm > wall_height_mm {
        return None;
    }
    let centred = (WALL_ITEM_CENTER * 1000.0) as i64 - (height_mm as i64 + 1) / 2;
    let bottom = centred.max((WALL_ITEM_MIN_BOTTOM * 1000.0) as i64);
    let highest = wall_height_mm as i64 - height_mm as i64;
    i32::try_from(bottom.min(highest).max(0)).ok()
}

/// A floor pose flush against a wall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WallSnap {
    pub wall: usize,
    pub x_mm: i32,
    pub z_mm: i32,
    pub yaw_tenths: u16,
}

/// If `shape` (an item `depth` deep, turned by `yaw`) has its back within
/// [`WALL_SNAP_DISTANCE`] of a wall and within [`WALL_SNAP_ANGLE_DEG`] of parallel to it, the
/// free pose with its back flush against the nearest such wall and its yaw aligned.
pub(crate) fn snap_to_wall(
    layout: &Layout,
    shape: &Footprint,
    depth: f32,
    obstacles: &[Obstacle],
) -> Option<WallSnap> {
    let front = shape.depth_axis();
    let cos_limit = (WALL_SNAP_ANGLE_DEG - 0.05).to_radians().cos();
    let mut best: Option<(f32, WallSnap)> = None;
    for (i, wall) in layout.walls.iter().enumerate() {
        let n = wall.inward();
        let len = wall.length();
        if len <= 0.0 || front.dot(n) < cos_limit {
            continue;
        }
        // The back's closest corner, measured from the wall's inner face.
        let gap = shape
            .corners()
            .iter()
            .map(|c| (*c - wall.start()).dot(n))
            .fold(f32::INFINITY, f32::min);
        let along = wall.offset_of(shape.center);
        if !(-0.002..=WALL_SNAP_DISTANCE).contains(&gap) || along < 0.0 || along > len {
            continue;
        }
        if best.is_some_and(|(g, _)| g <= gap) {
            continue;
        }
        let yaw = yaw_tenths(wall.facing_yaw());
        let aligned = Footprint::new(shape.center, 0.0, 0.0, yaw_radians(yaw));
        let target = wall.point_at(along) + n * (depth * 0.5);
        let snapped = Footprint {
            center: target,
            axis: aligned.axis,
            half_extents: shape.half_extents,
        };
        // Round away from the wall if the nearest millimetre would touch it.
        let q = quantize_free(&snapped, target, obstacles)
            .or_else(|| quantize_free(&snapped, target + n * 0.001, obstacles));
        if let Some([x_mm, z_mm]) = q {
            let pose = WallSnap {
                wall: i,
                x_mm,
                z_mm,
                yaw_tenths: yaw,
            };
            best = Some((gap, pose));
        }
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::collision::shell_obstacles;
    use glam::Vec2;

    #[test]
    fn yaw_snaps_to_15_degree_steps() {
        let deg = |d: f32| d.to_radians();
        assert_eq!(snap_yaw(deg(7.4)), 0);
        assert_eq!(snap_yaw(deg(7.6)), 150);
        assert_eq!(snap_yaw(deg(44.0)), 450);
        assert_eq!(snap_yaw(deg(-10.0)), 3450);
        assert_eq!(snap_yaw(deg(359.0)), 0);
        assert_eq!(snap_yaw(deg(721.0)), 0);
    }

    #[test]
    fn wall_item_heights() {
        // A 50 cm picture: centre at 1.45 m.
        assert_eq!(wall_item_elevation_mm(500, 2500), Some(1200));
        // A 1.6 m mirror: bottom held at 0.9 m.
        assert_eq!(wall_item_elevation_mm(1600, 2600), Some(900));
        // The same mirror under a 2.2 m ceiling: top at the ceiling.
        assert_eq!(wall_item_elevation_mm(1600, 2200), Some(600));
        // Taller than the wall: no place.
        assert_eq!(wall_item_elevation_mm(2300, 2200), None);
    }

    #[test]
    fn back_near_wall_snaps_flush() {
        let layout = Layout::rectangle(4.0, 3.0, 2.5);
        let obs = shell_obstacles(&layout);
        // A sofa 2.1 × 0.925 facing +z, 6 cm from the back wall (z = -1.5), turned 8°.
        let yaw = 8f32.to_radians();
        let reach = 0.4625 * yaw.cos() + 1.05 * yaw.sin();
        let c = Vec2::new(0.3, -1.5 + 0.06 + reach);
        let shape = Footprint::new(c, 2.1, 0.925, yaw);
        let s = snap_to_wall(&layout, &shape, 0.925, &obs).expect("snaps");
        assert_eq!((s.wall, s.yaw_tenths), (0, 0));
        let back = s.z_mm - 463;
        assert!((-1500..=-1499).contains(&back), "back at {back} mm");
        // Turned 20°: no snap; 12 cm away: no snap.
        let turned = Footprint::new(c, 2.1, 0.925, 20f32.to_radians());
        assert!(snap_to_wall(&layout, &turned, 0.925, &obs).is_none());
        let far = Footprint::new(Vec2::new(0.3, -1.5 + 0.12 + 0.4625), 2.1, 0.925, 0.0);
        assert!(snap_to_wall(&layout, &far, 0.925, &obs).is_none());
    }

    #[test]
    fn facing_the_wall_does_not_snap() {
        let layout = Layout::rectangle(4.0, 3.0, 2.5);
        let obs = shell_obstacles(&layout);
        // Its front, not its back, is 5 cm from the back wall.
        let shape = Footprint::new(Vec2::new(0.0, -1.0), 1.0, 0.9, std::f32::consts::PI);
        assert!(snap_to_wall(&layout, &shape, 0.9, &obs).is_none());
    }
}
