//! The shopper's room: a floor and optional walls, furniture from several retailers placed at
//! true size, moved with collision, snapped to walls, measured, checked for fit, undone and
//! redone, shared as a compact code, and summed up per retailer. Pure glam math: no GPU, no
//! web, no I/O.
//!
//! Conventions (shared with `render` and AR): metres, +Y up, the floor is y = 0; floor points
//! are `Vec2(x, z)`; yaw is about +Y in radians (counter-clockwise seen from above), and yaw 0
//! faces the item's front toward +Z. Floor and tabletop models have their origin at the
//! footprint centre on their base; wall models at their back-bottom-centre. Poses are stored
//! quantized (mm, 0.1°) so a share code restores the room exactly.

mod announce;
mod codec;
mod collision;
mod error;
mod event;
mod fit;
mod frame;
mod geometry;
mod gesture;
mod history;
mod item;
mod json_out;
mod keys;
mod layout;
mod locale;
mod measure;
mod money;
mod motion;
mod pick;
mod place;
// `Room` lives in room.rs, like every type with behaviour in its own file.
#[allow(clippy::module_inception)]
mod room;
mod share;
mod shift;
mod snap;
mod summary;
mod surface;
mod validate;

#[cfg(test)]
mod room_tests;

pub use announce::{Action, describe_removal, describe_removal_in};
pub use collision::{Blocker, FLAT_ITEM_MAX_HEIGHT_MM};
pub use error::{RoomError, ShareCodeError};
pub use event::Event;
pub use fit::{Fit, FreeSpace, Margin, fit, fit_all};
pub use geometry::Footprint;
pub use gesture::{
    Gestures, ORBIT_PER_WIDTH, Pointer, PointerKind, Response, TAP_SLOP, TILT_PER_HEIGHT,
};
pub use history::{Change, HISTORY_LIMIT};
pub use item::{ItemId, NewItem, PlacedItem, Pose, Size, yaw_radians, yaw_tenths};
pub use keys::{
    KEY_FINE_STEP, KEY_ORBIT, KEY_STEP, KEY_ZOOM, KeyPress, cycle_selection, duplicate_selected,
    redo, remove_selected, undo,
};
pub use layout::{FloorBounds, Layout, Wall};
pub use locale::Lang;
pub use measure::{Units, floor_distance, tape_measure};
pub use money::{Money, currency_decimals};
pub use motion::Outcome;
pub use pick::{Hit, Ray, Target};
pub use room::Room;
pub use share::{MAX_JSON_LEN, MAX_SHARE_CODE_LEN, SHARE_CODE_VERSION};
pub use snap::{
    WALL_ITEM_CENTER, WALL_ITEM_MIN_BOTTOM, WALL_SNAP_ANGLE_DEG, WALL_SNAP_DISTANCE,
    YAW_STEP_TENTHS, snap_yaw, wall_item_elevation_mm,
};
pub use summary::{
    PriceIssue, PriceLookup, Quote, RetailerSummary, Summary, SummaryLine, summarize,
};
pub use surface::{
    AR_WALL_HEIGHT, AR_WALL_LENGTH, FLOOR_MIN_UP, Surface, WALL_MAX_UP, facing_yaw, wall_through,
};
pub use validate::{MAX_COORD_MM, MAX_ID_LEN, MAX_ITEMS, MAX_SIZE_MM, MAX_WALLS};
