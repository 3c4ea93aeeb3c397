//! Moving the whole arrangement at once: walls, floor bounds and floor items shift together
//! (wall items ride on their walls), relative positions and turns kept, in one undo step. AR
//! uses it to put a restored room where the shopper taps.

use glam::Vec2;

use super::error::RoomError;
use super::history::Change;
use super::item::{Pose, mm};
use super::room::Room;
use super::validate::check_state;

impl Room {
    /// The point the arrangement is placed by: the footprint centre of the first floor (or
    /// tabletop) item, else of the first item, else the origin.
    pub fn arrangement_origin(&self) -> Vec2 {
        let first = self
            .items()
            .iter()
            .find(|i| matches!(i.pose, Pose::Floor { .. }))
            .or_else(|| self.items().first());
        first
            .and_then(|i| self.footprint(i.id))
            .map_or(Vec2::ZERO, |f| f.center)
    }

    /// Shifts walls, floor bounds and every floor item by `delta` (metres on the floor,
    /// rounded to millimetres) as one undo step ([`Change::Move`]). Returns whether anything
    /// moved. Fails, changing nothing, if a coordinate would leave the room's limits.
    pub fn shift(&mut self, delta: Vec2) -> Result<bool, RoomError> {
        if !delta.is_finite() {
            return Err(RoomError::Invalid {
                what: "shift",
                detail: "not finite".into(),
            });
        }
        let (dx, dz) = (mm(delta.x), mm(delta.y));
        if dx == 0 && dz == 0 {
            return Ok(false);
        }
        let add = |v: i32, d: i32| {
            v.checked_add(d).ok_or_else(|| RoomError::Invalid {
                what: "shift",
                detail: format!("{v} mm + {d} mm overflows"),
            })
        };
        self.change(Change::Move, |room| {
            let state = &mut room.state;
            if let Some(b) = &mut state.layout.bounds {
                b.min_x_mm = add(b.min_x_mm, dx)?;
                b.max_x_mm = add(b.max_x_mm, dx)?;
                b.min_z_mm = add(b.min_z_mm, dz)?;
                b.max_z_mm = add(b.max_z_mm, dz)?;
            }
            for w in &mut state.layout.walls {
                for p in [&mut w.start_mm, &mut w.end_mm] {
                    *p = [add(p[0], dx)?, add(p[1], dz)?];
                }
            }
            for item in &mut state.items {
                if let Pose::Floor { x_mm, z_mm, .. } = &mut item.pose {
                    *x_mm = add(*x_mm, dx)?;
                    *z_mm = add(*z_mm, dz)?;
                }
            }
            check_state(state)?;
            Ok(true)
        })
    }
}
