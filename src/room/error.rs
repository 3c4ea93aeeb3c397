//! The room module's error type.

use thiserror::Error;

use super::item::ItemId;

/// What can go wrong in the room. Share codes and JSON are untrusted: every problem with them is
/// an error here, never a panic.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RoomError {
    /// No item with this id is in the room.
    #[error("no item ItemId({}) in the room", .0.0)]
    UnknownItem(ItemId),
    /// A wall item needs a wall and the room has none (or the wall index is wrong).
    #[error("this item hangs on a wall, and the room has no wall for it")]
    NoWall,
    /// There is no free spot for the item (the room is full or the item is larger than the room).
    #[error("there is no free spot for this item")]
    NoFreeSpot,
    /// Wall items face into the room; they cannot be turned.
    #[error("wall items face into the room and cannot be turned")]
    FixedOrientation,
    /// A size or coordinate is zero, negative, not finite or out of range.
    #[error("invalid {what}: {detail}")]
    Invalid {
        /// Which value.
        what: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// A share code could not be read.
    #[error("share code: {0}")]
    ShareCode(#[from] ShareCodeError),
    /// A JSON room could not be read.
    #[error("room JSON: {0}")]
    Json(String),
}

/// Why a share code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShareCodeError {
    /// The code is empty.
    #[error("it is empty")]
    Empty,
    /// The code is longer than any room roomfit writes.
    #[error("it is too long ({0} characters)")]
    TooLong(usize),
    /// A character outside the URL-safe base64 alphabet.
    #[error("character {found:?} at position {position} is not allowed")]
    BadCharacter {
        /// Zero-based character position.
        position: usize,
        /// The character.
        found: char,
    },
    /// The length cannot come from base64 without padding, or the last character has stray bits.
    #[error("it is cut off or mistyped (bad length or last character)")]
    BadLength,
    /// The checksum does not match: a character was lost or changed.
    #[error("the checksum does not match; the code was probably changed or cut off")]
    Checksum,
    /// Written by a newer roomfit.
    #[error("version {0} is not supported by this version of roomfit")]
    UnsupportedVersion(u8),
    /// The data ends before the room does.
    #[error("it ends too early")]
    Truncated,
    /// Data after the end of the room.
    #[error("it has {0} unexpected bytes at the end")]
    TrailingBytes(usize),
    /// A field holds an impossible value.
    #[error("{0}")]
    Malformed(String),
}
