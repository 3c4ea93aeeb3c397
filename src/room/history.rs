//! Undo and redo: whole-room snapshots (a room is small), bounded, with gestures that make a
//! drag or a twist one step.

use std::collections::VecDeque;

use serde::Serialize;

use super::room::State;

/// How many changes can be undone.
pub const HISTORY_LIMIT: usize = 200;

/// The kind of a change, for announcing what undo and redo did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// An item was added.
    Add,
    /// An item was removed.
    Remove,
    /// An item was moved.
    Move,
    /// An item was turned.
    Rotate,
    /// An item's variant changed.
    Variant,
    /// An item was duplicated.
    Duplicate,
    /// The walls or floor bounds changed.
    Walls,
}

impl Change {
    /// A short English verb phrase for announcements ("move", "variant change").
    pub fn label(self) -> &'static str {
        match self {
            Change::Add => "add",
            Change::Remove => "removal",
            Change::Move => "move",
            Change::Rotate => "turn",
            Change::Variant => "variant change",
            Change::Duplicate => "duplicate",
            Change::Walls => "walls change",
        }
    }
}

#[derive(Debug, Clone)]
struct Step {
    before: State,
    change: Change,
}

/// The undo and redo stacks.
#[derive(Debug, Clone)]
pub(crate) struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    limit: usize,
    /// `Some` while a gesture is open; holds the state before its first change.
    gesture: Option<Option<Step>>,
}

impl Default for History {
    fn default() -> Self {
        Self::with_limit(HISTORY_LIMIT)
    }
}

impl History {
    pub(crate) fn with_limit(limit: usize) -> Self {
        Self {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
            gesture: None,
        }
    }

    /// Records that the room was `before` until a `change` happened.
    pub(crate) fn record(&mut self, before: State, change: Change) {
        self.redo.clear();
        match &mut self.gesture {
            Some(slot) => {
                if slot.is_none() {
                    *slot = Some(Step { before, change });
                }
            }
            None => self.push(Step { before, change }),
        }
    }

    fn push(&mut self, step: Step) {
        self.undo.push_back(step);
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
    }

    /// Starts a gesture: changes until [`History::end_gesture`] undo as one step.
    pub(crate) fn begin_gesture(&mut self, current: &State) {
        self.end_gesture(current);
        self.gesture = Some(None);
    }

    /// Ends the open gesture, if any, recording it as one step when it changed the room.
    pub(crate) fn end_gesture(&mut self, current: &State) {
        if let Some(Some(step)) = self.gesture.take() {
            if step.before != *current {
                self.push(step);
            }
        }
    }

    /// Whether a gesture is open.
    pub(crate) fn in_gesture(&self) -> bool {
        self.gesture.is_some()
    }

    /// Takes the state to return to, saving `current` for redo.
    pub(crate) fn undo(&mut self, current: State) -> Option<(State, Change)> {
        self.end_gesture(&current);
        let step = self.undo.pop_back()?;
        self.redo.push(Step {
            before: current,
            change: step.change,
        });
        Some((step.before, step.change))
    }

    /// Takes the state to go forward to, saving `current` for undo.
    pub(crate) fn redo(&mut self, current: State) -> Option<(State, Change)> {
        self.end_gesture(&current);
        let step = self.redo.pop()?;
        self.push(Step {
            before: current,
            change: step.change,
        });
        Some((step.before, step.change))
    }

    pub(crate) fn can_undo(&self) -> bool {
        !self.undo.is_empty() || matches!(self.gesture, Some(Some(_)))
    }

    pub(crate) fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub(crate) fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.gesture = None;
    }
}
