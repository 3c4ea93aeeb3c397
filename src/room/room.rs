//! [`Room`]: the floor, the walls and the placed items. Every change goes through
//! [`Room::change`], which keeps failed operations from leaving half-done state and records
//! undo steps. Where new items go is in `place.rs`, moves and turns in `motion.rs`.

use glam::{Mat4, Vec2};

use super::error::RoomError;
use super::geometry::Footprint;
use super::history::{Change, History};
use super::item::{ItemId, NewItem, PlacedItem, Pose, yaw_tenths};
use super::layout::{Layout, Wall};
use super::validate::{MAX_ITEMS, check_layout, check_new_item, check_state};
use crate::catalog::Placement;

/// Gap left between an item and the one it was duplicated from (metres).
const DUPLICATE_GAP: f32 = 0.02;
/// How far from the origin (metres) an add may ask for.
const NEAR_LIMIT: f32 = 90.0;

/// What the undo history snapshots: the shell and the items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct State {
    pub layout: Layout,
    pub items: Vec<PlacedItem>,
}

/// The shopper's room.
#[derive(Debug, Clone)]
pub struct Room {
    pub(crate) state: State,
    next_id: u32,
    selected: Option<ItemId>,
    snapping: bool,
    pub(crate) history: History,
}

impl Default for Room {
    fn default() -> Self {
        Self::new()
    }
}

impl Room {
    /// An empty open floor: no bounds, no walls.
    pub fn new() -> Self {
        Self {
            state: State::default(),
            next_id: 1,
            selected: None,
            snapping: true,
            history: History::default(),
        }
    }

    /// An empty room with these walls and bounds.
    pub fn with_layout(layout: Layout) -> Result<Self, RoomError> {
        check_layout(&layout)?;
        let mut room = Self::new();
        room.state.layout = layout;
        Ok(room)
    }

    /// A room restored from a checked state; items are numbered from 1.
    pub(crate) fn from_state(mut state: State) -> Result<Self, RoomError> {
        check_state(&state)?;
        for (i, item) in state.items.iter_mut().enumerate() {
            item.id = ItemId(i as u32 + 1);
        }
        let mut room = Self::new();
        room.next_id = state.items.len() as u32 + 1;
        room.state = state;
        Ok(room)
    }

    /// Walls and floor bounds.
    pub fn layout(&self) -> &Layout {
        &self.state.layout
    }

    /// The walls.
    pub fn walls(&self) -> &[Wall] {
        &self.state.layout.walls
    }

    /// The placed items, in the order they were added.
    pub fn items(&self) -> &[PlacedItem] {
        &self.state.items
    }

    /// One item.
    pub fn item(&self, id: ItemId) -> Option<&PlacedItem> {
        self.state.items.iter().find(|i| i.id == id)
    }

    pub(crate) fn get(&self, id: ItemId) -> Result<&PlacedItem, RoomError> {
        self.item(id).ok_or(RoomError::UnknownItem(id))
    }

    pub(crate) fn get_mut(&mut self, id: ItemId) -> Result<&mut PlacedItem, RoomError> {
        self.state
            .items
            .iter_mut()
            .find(|i| i.id == id)
            .ok_or(RoomError::UnknownItem(id))
    }

    /// The selected item.
    pub fn selected(&self) -> Option<ItemId> {
        self.selected
    }

    /// Selects an item (or nothing). Selection is not an undoable change.
    pub fn select(&mut self, id: Option<ItemId>) -> Result<(), RoomError> {
        if let Some(id) = id {
            self.get(id)?;
        }
        self.selected = id;
        Ok(())
    }

    /// Whether moves snap backs to walls (on by default; rotation steps are per call).
    pub fn snapping(&self) -> bool {
        self.snapping
    }

    /// Turns snapping to walls on or off.
    pub fn set_snapping(&mut self, on: bool) {
        self.snapping = on;
    }

    /// Runs `f` as one change of kind `kind`: on error the room is left as it was; on success
    /// an undo step is recorded if anything changed.
    pub(crate) fn change<R>(
        &mut self,
        kind: Change,
        f: impl FnOnce(&mut Self) -> Result<R, RoomError>,
    ) -> Result<R, RoomError> {
        let before = self.state.clone();
        match f(self) {
            Ok(r) => {
                if self.state != before {
                    self.history.record(before, kind);
                }
                self.fix_selection();
                Ok(r)
            }
            Err(e) => {
                self.state = before;
                Err(e)
            }
        }
    }

    fn fix_selection(&mut self) {
        if self.selected.is_some_and(|id| self.item(id).is_none()) {
            self.selected = None;
        }
    }

    fn take_id(&mut self) -> ItemId {
        let id = ItemId(self.next_id);
        self.next_id = self.next_id.saturating_add(1);
        id
    }

    /// Adds a product at the free spot nearest to `near` (floor x, z in metres), turned by
    /// `yaw` (radians, counter-clockwise seen from above; rounded to 0.1°, not to 15° steps).
    /// Floor items near a wall snap against it. Wall items hang on the wall nearest to `near`
    /// at the usual height and ignore `yaw`.
    pub fn add(&mut self, new: NewItem, near: Vec2, yaw: f32) -> Result<ItemId, RoomError> {
        check_new_item(&new)?;
        if self.state.items.len() >= MAX_ITEMS {
            return Err(RoomError::NoFreeSpot);
        }
        if !near.is_finite() {
            return Err(RoomError::Invalid {
                what: "position",
                detail: "not finite".into(),
            });
        }
        let near = near.clamp(Vec2::splat(-NEAR_LIMIT), Vec2::splat(NEAR_LIMIT));
        self.change(Change::Add, |room| {
            let pose = room.find_pose(&new, near, yaw_tenths(yaw), &[], None)?;
            let id = room.take_id();
            room.state.items.push(PlacedItem {
                id,
                retailer: new.retailer,
                product: new.product,
                variant: new.variant,
                dimensions_mm: new.dimensions_mm,
                placement: new.placement,
                pose,
            });
            Ok(id)
        })
    }

    /// Removes an item and returns it.
    pub fn remove(&mut self, id: ItemId) -> Result<PlacedItem, RoomError> {
        self.get(id)?;
        self.change(Change::Remove, |room| {
            let i = room
                .state
                .items
                .iter()
                .position(|i| i.id == id)
                .ok_or(RoomError::UnknownItem(id))?;
            Ok(room.state.items.remove(i))
        })
    }

    /// Places a copy of an item next to it (to its right, left, behind or in front, whichever
    /// is free first; else the nearest free spot), with the same variant and yaw.
    pub fn duplicate(&mut self, id: ItemId) -> Result<ItemId, RoomError> {
        let item = self.get(id)?.clone();
        if self.state.items.len() >= MAX_ITEMS {
            return Err(RoomError::NoFreeSpot);
        }
        let shape = self.state.footprint(&item);
        let size = item.size();
        let (x, z) = (shape.axis, shape.depth_axis());
        let c = shape.center;
        let beside = [
            c + x * (size.width + DUPLICATE_GAP),
            c - x * (size.width + DUPLICATE_GAP),
            c - z * (size.depth + DUPLICATE_GAP),
            c + z * (size.depth + DUPLICATE_GAP),
        ];
        let yaw = match item.pose {
            Pose::Floor { yaw_tenths, .. } => yaw_tenths,
            Pose::Wall { .. } => 0,
        };
        self.change(Change::Duplicate, |room| {
            let new = item.product_ref();
            let near = match item.placement {
                Placement::Wall => beside[0] - z * (size.depth * 0.5),
                _ => beside[0],
            };
            let pose = room.find_pose(&new, near, yaw, &beside, None)?;
            let copy = room.take_id();
            room.state.items.push(PlacedItem {
                id: copy,
                pose,
                ..item
            });
            Ok(copy)
        })
    }

    /// Changes an item's variant (`None` for the product's default).
    pub fn set_variant(&mut self, id: ItemId, variant: Option<String>) -> Result<(), RoomError> {
        if let Some(v) = &variant {
            let mut probe = self.get(id)?.product_ref();
            probe.variant = Some(v.clone());
            check_new_item(&probe)?;
        }
        self.change(Change::Variant, |room| {
            room.get_mut(id)?.variant = variant;
            Ok(())
        })
    }

    /// Replaces the walls and floor bounds. Items that no longer fit where they are move to the
    /// nearest free spot; wall items hang on the nearest wall. Fails, changing nothing, if an
    /// item finds no place (or a wall item finds no wall).
    pub fn set_layout(&mut self, layout: Layout) -> Result<(), RoomError> {
        check_layout(&layout)?;
        self.change(Change::Walls, |room| {
            let old = std::mem::replace(
                &mut room.state,
                State {
                    layout,
                    items: Vec::new(),
                },
            );
            for item in old.items.clone() {
                let shape = old.footprint(&item);
                let same_wall = match item.pose {
                    Pose::Wall { wall, .. } => {
                        old.layout.walls.get(wall as usize)
                            == room.state.layout.walls.get(wall as usize)
                    }
                    Pose::Floor { .. } => true,
                };
                let keep = same_wall && room.pose_is_free(&item, &item.pose);
                let pose = if keep {
                    item.pose
                } else {
                    let near = match item.pose {
                        Pose::Wall { .. } => shape.center - shape.depth_axis() * 0.001,
                        Pose::Floor { .. } => shape.center,
                    };
                    let yaw = yaw_tenths(old.yaw(&item));
                    room.find_pose(&item.product_ref(), near, yaw, &[], Some(item.id))?
                };
                room.state.items.push(PlacedItem { pose, ..item });
            }
            Ok(())
        })
    }

    /// Starts a gesture (a drag or a twist): changes until [`Room::end_gesture`] undo as one.
    pub fn begin_gesture(&mut self) {
        self.history.begin_gesture(&self.state);
    }

    /// Ends the gesture started by [`Room::begin_gesture`].
    pub fn end_gesture(&mut self) {
        self.history.end_gesture(&self.state);
    }

    /// Whether a gesture is open.
    pub fn in_gesture(&self) -> bool {
        self.history.in_gesture()
    }

    /// Undoes the last change (ending an open gesture first); returns what was undone.
    pub fn undo(&mut self) -> Option<Change> {
        let current = self.state.clone();
        let (state, change) = self.history.undo(current)?;
        self.state = state;
        self.fix_selection();
        Some(change)
    }

    /// Redoes the last undone change; returns what was redone.
    pub fn redo(&mut self) -> Option<Change> {
        let current = self.state.clone();
        let (state, change) = self.history.redo(current)?;
        self.state = state;
        self.fix_selection();
        Some(change)
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether there is a change to redo.
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Forgets all undo and redo steps.
    pub fn clear_history(&mut self) {
        self.history.clear();
    }

    /// Each item's model-to-world transform, in item order. Floor models have their origin at
    /// the footprint centre on the floor, wall models at their back-bottom-centre; front is +Z.
    pub fn scene_transforms(&self) -> Vec<(ItemId, Mat4)> {
        self.state
            .items
            .iter()
            .map(|i| (i.id, self.state.transform(i)))
            .collect()
    }

    /// One item's model-to-world transform.
    pub fn transform(&self, id: ItemId) -> Option<Mat4> {
        self.item(id).map(|i| self.state.transform(i))
    }

    /// One item's footprint on the floor (a wall item's is its shadow on the floor).
    pub fn footprint(&self, id: ItemId) -> Option<Footprint> {
        self.item(id).map(|i| self.state.footprint(i))
    }

    /// One item's bottom and top heights in metres (tabletop items stand on the floor item
    /// under their centre, if any).
    pub fn height_range(&self, id: ItemId) -> Option<(f32, f32)> {
        self.item(id).map(|i| self.state.vertical_range(i))
    }

    /// One item's yaw in radians.
    pub fn yaw(&self, id: ItemId) -> Option<f32> {
        self.item(id).map(|i| self.state.yaw(i))
    }
}
