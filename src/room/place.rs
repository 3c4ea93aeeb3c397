//! Where an item goes: the free spot nearest to a point on the floor (trying preferred spots
//! first, then snapping to a wall), or the free place nearest to a point along the walls at the
//! usual hanging height.

use glam::Vec2;

use super::collision::{find_free_spot, is_free, quantize_free};
use super::error::RoomError;
use super::frame::footprint_of;
use super::geometry::Footprint;
use super::item::{ItemId, NewItem, PlacedItem, Pose, Size, m, mm, yaw_radians};
use super::layout::Wall;
use super::room::Room;
use super::snap::{snap_to_wall, wall_item_elevation_mm};
use crate::catalog::Placement;

/// Search step along a wall when hanging an item (mm).
const WALL_STEP_MM: i32 = 10;

impl Room {
    /// Whether `item` at `pose` is inside the room and overlaps nothing (it need not be in the
    /// room yet).
    pub(crate) fn pose_is_free(&self, item: &PlacedItem, pose: &Pose) -> bool {
        let shape = footprint_of(&self.state.layout, item.dimensions_mm, pose);
        let y0 = match *pose {
            Pose::Wall { elevation_mm, .. } => m(elevation_mm),
            Pose::Floor { .. } => 0.0,
        };
        let range = (y0, y0 + item.size().height);
        if let Pose::Wall {
            wall, offset_mm, ..
        } = *pose
        {
            let Some(w) = self.state.layout.walls.get(wall as usize) else {
                return false;
            };
            let (lo, hi) = wall_offset_range(w, item.dimensions_mm.width);
            if offset_mm < lo || offset_mm > hi || range.1 > w.height() + 1e-4 {
                return false;
            }
        } else if let Some(b) = self.state.layout.bounds {
            let h = shape.aabb_half_extents() - Vec2::splat(1e-4);
            let (lo, hi) = (shape.center - h, shape.center + h);
            if !(lo.cmpge(b.min()).all() && hi.cmple(b.max()).all()) {
                return false;
            }
        }
        let obstacles = self.state.obstacles(item.placement, range, Some(item.id));
        is_free(&shape, &obstacles)
    }

    /// A free pose for `new` near `near`: `prefer` floor points are tried first (for floor and
    /// tabletop items), then the nearest free spot. `exclude` is an item not to collide with.
    pub(crate) fn find_pose(
        &self,
        new: &NewItem,
        near: Vec2,
        yaw: u16,
        prefer: &[Vec2],
        exclude: Option<ItemId>,
    ) -> Result<Pose, RoomError> {
        if new.placement == Placement::Wall {
            return self.find_wall_pose(new, near, exclude);
        }
        let size = Size::from_mm(new.dimensions_mm);
        let shape = Footprint::new(near, size.width, size.depth, yaw_radians(yaw));
        let obstacles = self
            .state
            .obstacles(new.placement, (0.0, size.height), exclude);
        let bounds = self.state.layout.bounds;
        let spot = prefer
            .iter()
            .find_map(|&p| {
                let q = quantize_free(&shape, p, &obstacles)?;
                let s = shape.at(Vec2::new(m(q[0]), m(q[1])));
                let h = s.aabb_half_extents() - Vec2::splat(1e-4);
                let inside = bounds.is_none_or(|b| {
                    (s.center - h).cmpge(b.min()).all() && (s.center + h).cmple(b.max()).all()
                });
                inside.then_some(q)
            })
            .or_else(|| find_free_spot(&shape, near, &obstacles, bounds))
            .ok_or(RoomError::NoFreeSpot)?;
        let placed = shape.at(Vec2::new(m(spot[0]), m(spot[1])));
        if self.snapping() && new.placement == Placement::Floor {
            if let Some(s) = snap_to_wall(&self.state.layout, &placed, size.depth, &obstacles) {
                return Ok(Pose::Floor {
                    x_mm: s.x_mm,
                    z_mm: s.z_mm,
                    yaw_tenths: s.yaw_tenths,
                });
            }
        }
        Ok(Pose::Floor {
            x_mm: spot[0],
            z_mm: spot[1],
            yaw_tenths: yaw,
        })
    }

    /// A free place on the walls for `new`, nearest first to the point `near`.
    fn find_wall_pose(
        &self,
        new: &NewItem,
        near: Vec2,
        exclude: Option<ItemId>,
    ) -> Result<Pose, RoomError> {
        let walls = &self.state.layout.walls;
        if walls.is_empty() {
            return Err(RoomError::NoWall);
        }
        let mut order: Vec<usize> = (0..walls.len()).collect();
        order.sort_by(|&a, &b| {
            walls[a]
                .distance_to(near)
                .total_cmp(&walls[b].distance_to(near))
        });
        for i in order {
            if let Some(pose) = self.free_on_wall(new, i, walls[i].offset_of(near), None, exclude) {
                return Ok(pose);
            }
        }
        Err(RoomError::NoFreeSpot)
    }

    /// The free offset on wall `wall` nearest to `offset` (metres), searched outward in 1 cm
    /// steps, up to `reach` metres away (the whole wall when `None`).
    pub(crate) fn free_on_wall(
        &self,
        new: &NewItem,
        wall: usize,
        offset: f32,
        reach: Option<f32>,
        exclude: Option<ItemId>,
    ) -> Option<Pose> {
        let w = self.state.layout.walls.get(wall)?;
        let elevation_mm = wall_item_elevation_mm(new.dimensions_mm.height, w.height_mm)?;
        let (lo, hi) = wall_offset_range(w, new.dimensions_mm.width);
        if lo > hi {
            return None;
        }
        let start = mm(offset).clamp(lo, hi);
        let reach_mm = reach.map_or(i32::MAX, mm);
        let y0 = m(elevation_mm);
        let obstacles = self.state.obstacles(
            Placement::Wall,
            (y0, y0 + new.dimensions_mm.height as f32 / 1000.0),
            exclude,
        );
        let mut k = 0i32;
        loop {
            let d = k * WALL_STEP_MM;
            if d > hi - lo || d > reach_mm {
                return None;
            }
            let both = [start + d, start - d];
            let offsets = if k == 0 { &both[..1] } else { &both[..] };
            for &o in offsets {
                if o < lo || o > hi {
                    continue;
                }
                let pose = Pose::Wall {
                    wall: wall as u32,
                    offset_mm: o,
                    elevation_mm,
                };
                let shape = footprint_of(&self.state.layout, new.dimensions_mm, &pose);
                if is_free(&shape, &obstacles) {
                    return Some(pose);
                }
            }
            k += 1;
        }
    }
}

/// The range of centre offsets (mm) at which an item `width_mm` wide stays on wall `w`.
pub(crate) fn wall_offset_range(w: &Wall, width_mm: u32) -> (i32, i32) {
    let len = (w.length() * 1000.0).floor() as i64;
    let half = (width_mm as i64 + 1) / 2;
    let lo = half;
    let hi = len - half;
    (
        lo.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
        hi.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
    )
}
