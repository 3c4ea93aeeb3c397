//! What an action in the 3D view did to the room, and the sentence a screen reader announces
//! for it. Shared by pointer gestures, keys and the element's methods, so each action is
//! announced the same way however it was triggered.

use super::announce::{Action, describe_removal_in, the};
use super::collision::Blocker;
use super::history::Change;
use super::item::{ItemId, PlacedItem};
use super::locale::Lang;
use super::measure::Units;
use super::room::Room;

/// Something that happened in the room.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An item was added.
    Placed(ItemId),
    /// An item was moved (by a drag or a key); `blocked_by` says what stopped it, if anything.
    Moved {
        /// The item.
        id: ItemId,
        /// What it stopped against.
        blocked_by: Option<Blocker>,
    },
    /// An item was turned.
    Turned(ItemId),
    /// A move or turn was asked for but nothing changed (it is blocked, or a wall item turned).
    Unchanged {
        /// The item.
        id: ItemId,
        /// What stopped it, if known.
        blocked_by: Option<Blocker>,
    },
    /// An item was added as a copy of another.
    Duplicated(ItemId),
    /// An item was removed.
    Removed(PlacedItem),
    /// The selection changed (`None`: nothing selected).
    Selected(Option<ItemId>),
    /// The last change was undone.
    Undone(Change),
    /// The last undone change was redone.
    Redone(Change),
    /// Undo or redo was asked for with nothing to undo or redo.
    NothingTo(&'static str),
    /// The room was replaced (restored from a share code).
    Restored(usize),
}

impl Event {
    /// Whether the room's items or walls changed (the element then fires `roomchange`).
    pub fn changes_room(&self) -> bool {
        matches!(
            self,
            Event::Placed(_)
                | Event::Moved { .. }
                | Event::Turned(_)
                | Event::Duplicated(_)
                | Event::Removed(_)
                | Event::Undone(_)
                | Event::Redone(_)
                | Event::Restored(_)
        )
    }

    /// A short machine-readable name: `placed`, `moved`, `turned`, `unchanged`, `duplicated`,
    /// `removed`, `selected`, `undone`, `redone`, `nothing`, `restored`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Placed(_) => "placed",
            Event::Moved { .. } => "moved",
            Event::Turned(_) => "turned",
            Event::Unchanged { .. } => "unchanged",
            Event::Duplicated(_) => "duplicated",
            Event::Removed(_) => "removed",
            Event::Selected(_) => "selected",
            Event::Undone(_) => "undone",
            Event::Redone(_) => "redone",
            Event::NothingTo(_) => "nothing",
            Event::Restored(_) => "restored",
        }
    }

    /// The item the event is about, if it is still in the room.
    pub fn item(&self) -> Option<ItemId> {
        match self {
            Event::Placed(id)
            | Event::Moved { id, .. }
            | Event::Turned(id)
            | Event::Unchanged { id, .. }
            | Event::Duplicated(id)
            | Event::Selected(Some(id)) => Some(*id),
            _ => None,
        }
    }
}

impl Room {
    /// The announcement for `event`: "Armchair placed, 82 cm from the sofa", "Sofa moved,
    /// touching the armchair", "Armchair selected, 86 × 88 × 80 cm", "Undid the move".
    /// `name` gives each item's display name.
    pub fn describe_event(
        &self,
        event: &Event,
        units: Units,
        name: &dyn Fn(&PlacedItem) -> String,
    ) -> String {
        self.describe_event_in(event, units, Lang::En, name)
    }

    /// [`Room::describe_event`] in `lang` ("已选择奥斯陆扶手椅，86 × 88 × 80 厘米").
    pub fn describe_event_in(
        &self,
        event: &Event,
        units: Units,
        lang: Lang,
        name: &dyn Fn(&PlacedItem) -> String,
    ) -> String {
        let zh = lang == Lang::ZhHans;
        let placement = |id: ItemId, action: Action| {
            self.describe_placement_in(id, action, units, lang, name)
                .unwrap_or_default()
        };
        match event {
            Event::Placed(id) => placement(*id, Action::Placed),
            Event::Moved { id, .. } => placement(*id, Action::Moved),
            Event::Turned(id) => placement(*id, Action::Turned),
            Event::Duplicated(id) => placement(*id, Action::Duplicated),
            Event::Unchanged { id, blocked_by } => {
                let Some(item) = self.item(*id) else {
                    return String::new();
                };
                let why = match blocked_by {
                    Some(Blocker::Item(other)) => self.item(*other).map(|o| {
                        if zh {
                            format!("：它碰到了{}", name(o))
                        } else {
                            format!(": it touches {}", the(&name(o)))
                        }
                    }),
                    Some(Blocker::Wall(_)) if zh => Some("：它已靠墙".into()),
                    Some(Blocker::Wall(_)) => Some(": it is against the wall".into()),
                    Some(Blocker::Bounds) if zh => Some("：它已在房间边缘".into()),
                    Some(Blocker::Bounds) => Some(": it is at the edge of the room".into()),
                    None => None,
                };
                if zh {
                    format!("{}无法再移动{}", name(item), why.unwrap_or_default())
                } else {
                    format!(
                        "{} cannot move further{}",
                        name(item),
                        why.unwrap_or_default()
                    )
                }
            }
            Event::Removed(item) => describe_removal_in(&name(item), lang),
            Event::Selected(Some(id)) => match self.item(*id) {
                Some(item) if zh => format!(
                    "已选择{}，{}",
                    name(item),
                    lang.dimensions(units, item.dimensions_mm)
                ),
                Some(item) => format!(
                    "{} selected, {}",
                    name(item),
                    lang.dimensions(units, item.dimensions_mm)
                ),
                None => String::new(),
            },
            Event::Selected(None) if zh => "未选择任何物品".into(),
            Event::Selected(None) => "Nothing selected".into(),
            Event::Undone(change) if zh => format!("已撤销{}", lang.change(*change)),
            Event::Undone(change) => format!("Undid the {}", change.label()),
            Event::Redone(change) if zh => format!("已重做{}", lang.change(*change)),
            Event::Redone(change) => format!("Redid the {}", change.label()),
            Event::NothingTo(what) if zh => match *what {
                "redo" => "没有可重做的操作".into(),
                _ => "没有可撤销的操作".into(),
            },
            Event::NothingTo(what) => format!("Nothing to {what}"),
            Event::Restored(n) if zh => format!("房间已恢复，共 {n} 件物品"),
            Event::Restored(n) => match n {
                1 => "Room restored with 1 item".into(),
                n => format!("Room restored with {n} items"),
            },
        }
    }
}
