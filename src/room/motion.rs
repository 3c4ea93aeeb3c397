//! Moving and turning items: swept moves that stop at the first contact and slide along it,
//! wall items along their wall, and turns in 15° steps or free.

use glam::Vec2;
use serde::Serialize;

use super::collision::{Blocker, first_overlap, is_free, quantize_free, settle, sweep_slide};
use super::error::RoomError;
use super::geometry::{CONTACT_GAP, Footprint};
use super::history::Change;
use super::item::{ItemId, Pose, floor_pos, m, mm, yaw_radians, yaw_tenths};
use super::place::wall_offset_range;
use super::room::Room;
use super::snap::{snap_to_wall, snap_yaw};
use crate::catalog::Placement;

/// How many pushes a turn may use to get out of what it would overlap.
const TURN_PUSHES: usize = 8;

/// What a move or turn did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Outcome {
    /// Whether the item's pose changed.
    pub changed: bool,
    /// What stopped (or, for a turn, shifted or refused) it, if anything.
    pub blocked_by: Option<Blocker>,
    /// The wall the item's back now stands flush against, if it snapped to one.
    pub against_wall: Option<usize>,
}

impl Room {
    /// Moves an item toward `target` (floor x, z of its footprint centre, metres). Floor and
    /// tabletop items sweep along the straight line and stop at the first contact (less than
    /// 1 mm short), then slide along what they hit; with snapping on, a back that ends within
    /// 10 cm of a wall and within 15° of parallel snaps flush against it. Wall items move only
    /// along a wall: `target` is projected on the nearest wall (they change walls when another
    /// wall is nearest and there is room there).
    pub fn move_to(&mut self, id: ItemId, target: Vec2) -> Result<Outcome, RoomError> {
        if !target.is_finite() {
            return Err(RoomError::Invalid {
                what: "position",
                detail: "not finite".into(),
            });
        }
        let item = self.get(id)?.clone();
        self.change(Change::Move, |room| {
            let (pose, outcome) = match item.pose {
                Pose::Floor { .. } => room.floor_move(id, target)?,
                Pose::Wall { .. } => room.wall_move(id, target)?,
            };
            room.get_mut(id)?.pose = pose;
            Ok(Outcome {
                changed: pose != item.pose,
                ..outcome
            })
        })
    }

    /// Moves an item by `delta` (metres on the floor); see [`Room::move_to`]. A wall item moves
    /// along its wall by the part of `delta` along the wall.
    pub fn move_by(&mut self, id: ItemId, delta: Vec2) -> Result<Outcome, RoomError> {
        let item = self.get(id)?;
        let target = match item.pose {
            Pose::Floor { x_mm, z_mm, .. } => floor_pos(x_mm, z_mm) + delta,
            Pose::Wall { wall, .. } => {
                let shape = self.state.footprint(item);
                let dir = self
                    .state
                    .layout
                    .walls
                    .get(wall as usize)
                    .map_or(Vec2::ZERO, |w| w.direction());
                shape.center - shape.depth_axis() * shape.half_extents.y + dir * delta.dot(dir)
            }
        };
        self.move_to(id, target)
    }

    fn floor_move(&self, id: ItemId, target: Vec2) -> Result<(Pose, Outcome), RoomError> {
        let item = self.get(id)?;
        let Pose::Floor {
            x_mm,
            z_mm,
            yaw_tenths,
        } = item.pose
        else {
            return Err(RoomError::UnknownItem(id));
        };
        let shape = self.state.footprint(item);
        let obstacles = self.state.move_obstacles(item);
        let motion = target - shape.center;
        let (end, blocked_by) = sweep_slide(&shape, motion, &obstacles, true);
        let [x, z] = settle(&shape, end, motion, &obstacles).unwrap_or([x_mm, z_mm]);
        let mut outcome = Outcome {
            blocked_by,
            ..Outcome::default()
        };
        let mut pose = Pose::Floor {
            x_mm: x,
            z_mm: z,
            yaw_tenths,
        };
        if self.snapping() && item.placement == Placement::Floor {
            let at = shape.at(floor_pos(x, z));
            let depth = item.size().depth;
            if let Some(s) = snap_to_wall(&self.state.layout, &at, depth, &obstacles) {
                pose = Pose::Floor {
                    x_mm: s.x_mm,
                    z_mm: s.z_mm,
                    yaw_tenths: s.yaw_tenths,
                };
                outcome.against_wall = Some(s.wall);
            }
        }
        Ok((pose, outcome))
    }

    fn wall_move(&self, id: ItemId, target: Vec2) -> Result<(Pose, Outcome), RoomError> {
        let item = self.get(id)?;
        let Pose::Wall {
            wall, offset_mm, ..
        } = item.pose
        else {
            return Err(RoomError::UnknownItem(id));
        };
        let walls = &self.state.layout.walls;
        let nearest = self
            .state
            .layout
            .nearest_wall(target)
            .ok_or(RoomError::NoWall)?;
        if nearest != wall as usize {
            // Hop to the other wall if there is room within 50 cm of the target.
            let w = &walls[nearest];
            let pose = self.free_on_wall(
                &item.product_ref(),
                nearest,
                w.offset_of(target),
                Some(0.5),
                Some(id),
            );
            return Ok(match pose {
                Some(p) => (p, Outcome::default()),
                None => (
                    item.pose,
                    Outcome {
                        blocked_by: Some(Blocker::Wall(nearest)),
                        ..Outcome::default()
                    },
                ),
            });
        }
        let w = walls.get(wall as usize).ok_or(RoomError::NoWall)?;
        let (lo, hi) = wall_offset_range(w, item.dimensions_mm.width);
        let wanted = mm(w.offset_of(target));
        let clamped = wanted.clamp(lo, hi.max(lo));
        let mut blocked_by = (clamped != wanted).then_some(Blocker::Bounds);
        let shape = self.state.footprint(item);
        let obstacles = self.state.move_obstacles(item);
        let motion = w.direction() * m(clamped - offset_mm);
        let (end, hit) = sweep_slide(&shape, motion, &obstacles, false);
        if hit.is_some() {
            blocked_by = hit;
        }
        let travelled = (end - shape.center).dot(w.direction());
        let exact = m(offset_mm) + travelled;
        // Round toward where it came from, so rounding never closes the contact gap.
        let step = (clamped - offset_mm).signum();
        let mut o = mm(exact);
        let fits = |o: i32| {
            let pose = Pose::Wall {
                wall,
                offset_mm: o,
                elevation_mm: match item.pose {
                    Pose::Wall { elevation_mm, .. } => elevation_mm,
                    Pose::Floor { .. } => 0,
                },
            };
            let s = super::frame::footprint_of(&self.state.layout, item.dimensions_mm, &pose);
            (lo..=hi).contains(&o) && is_free(&s, &obstacles)
        };
        let mut tries = 0;
        while !fits(o) && tries < 3 && o != offset_mm {
            o -= step;
            tries += 1;
        }
        let offset = if fits(o) { o } else { offset_mm };
        let pose = match item.pose {
            Pose::Wall { elevation_mm, .. } => Pose::Wall {
                wall,
                offset_mm: offset,
                elevation_mm,
            },
            p => p,
        };
        Ok((
            pose,
            Outcome {
                blocked_by,
                ..Outcome::default()
            },
        ))
    }

    /// Turns an item to `yaw` (radians, counter-clockwise seen from above; 0 = front toward
    /// +Z). Unless `free`, the yaw is rounded to the nearest 15° step. If the turned footprint
    /// would overlap something it is pushed out by the shortest way (at most half its size);
    /// if that fails the item does not turn and `blocked_by` says why. Wall items cannot turn.
    pub fn rotate_to(&mut self, id: ItemId, yaw: f32, free: bool) -> Result<Outcome, RoomError> {
        if !yaw.is_finite() {
            return Err(RoomError::Invalid {
                what: "yaw",
                detail: "not finite".into(),
            });
        }
        let item = self.get(id)?.clone();
        let Pose::Floor {
            x_mm,
            z_mm,
            yaw_tenths: current,
        } = item.pose
        else {
            return Err(RoomError::FixedOrientation);
        };
        let tenths = if free { yaw_tenths(yaw) } else { snap_yaw(yaw) };
        if tenths == current {
            return Ok(Outcome::default());
        }
        let obstacles = self.state.move_obstacles(&item);
        let size = item.size();
        let centre = floor_pos(x_mm, z_mm);
        let turned = Footprint::new(centre, size.width, size.depth, yaw_radians(tenths));
        let blocker = first_overlap(&turned, &obstacles);
        let spot = if blocker.is_none() {
            Some([x_mm, z_mm])
        } else {
            push_out(&turned, &obstacles, 0.5 * size.width.max(size.depth))
        };
        let Some([x, z]) = spot else {
            return Ok(Outcome {
                blocked_by: blocker,
                ..Outcome::default()
            });
        };
        self.change(Change::Rotate, |room| {
            room.get_mut(id)?.pose = Pose::Floor {
                x_mm: x,
                z_mm: z,
                yaw_tenths: tenths,
            };
            Ok(Outcome {
                changed: true,
                blocked_by: blocker,
                against_wall: None,
            })
        })
    }

    /// Turns an item by `delta` radians from its current yaw; see [`Room::rotate_to`].
    pub fn rotate_by(&mut self, id: ItemId, delta: f32, free: bool) -> Result<Outcome, RoomError> {
        let current = self.state.yaw(self.get(id)?);
        self.rotate_to(id, current + delta, free)
    }
}

/// Pushes `shape` out of what it overlaps, deepest first, moving at most `limit` metres; the
/// free millimetre position, or `None`.
fn push_out(
    shape: &Footprint,
    obstacles: &[super::collision::Obstacle],
    limit: f32,
) -> Option<[i32; 2]> {
    let mut pos = shape.center;
    for _ in 0..TURN_PUSHES {
        let s = shape.at(pos);
        let deepest = obstacles
            .iter()
            .filter_map(|o| s.penetration(&o.shape))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((depth, dir)) = deepest else {
            break;
        };
        pos += dir * (depth + CONTACT_GAP);
    }
    if pos.distance(shape.center) > limit {
        return None;
    }
    quantize_free(shape, pos, obstacles)
}
