//! Screen-reader announcements of what happened in the room ("Armchair placed, 82 cm from the
//! sofa"). English for now; names come from the caller in the shopper's language.

use serde::Serialize;

use super::error::RoomError;
use super::item::{ItemId, PlacedItem};
use super::measure::Units;
use super::room::Room;

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Added to the room.
    Placed,
    /// Moved.
    Moved,
    /// Turned.
    Turned,
    /// Added as a copy of another.
    Duplicated,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Placed => "placed",
            Action::Moved => "moved",
            Action::Turned => "turned",
            Action::Duplicated => "duplicated",
        }
    }
}

/// "the sofa" from "Sofa": the first letter is lowered unless the word looks like a name or an
/// acronym (a capital after the first letter, as in "KIVIK" or "iPad").
pub(crate) fn the(name: &str) -> String {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return "the item".into();
    };
    let first_word_rest: String = chars.clone().take_while(|c| !c.is_whitespace()).collect();
    if first_word_rest.chars().any(char::is_uppercase) {
        return format!("the {name}");
    }
    format!("the {}{}", first.to_lowercase(), chars.as_str())
}

impl Room {
    /// An announcement of `action` on item `id`: its name, the verb, for turns the new angle,
    /// whether it stands against a wall, and the distance to the nearest other item (or wall):
    /// `Armchair placed, 82 cm from the sofa`. `name` gives each item's display name.
    pub fn describe_placement(
        &self,
        id: ItemId,
        action: Action,
        units: Units,
        name: &dyn Fn(&PlacedItem) -> String,
    ) -> Result<String, RoomError> {
        let item = self.get(id)?;
        let mut s = format!("{} {}", name(item), action.verb());
        if action == Action::Turned {
            let deg = (self.state.yaw(item).to_degrees().round() as i64).rem_euclid(360);
            s.push_str(&format!(" to {deg}°"));
        }
        let wall = self.nearest_wall_distance(id)?;
        if wall.is_some_and(|(_, d)| d < 0.002) && item.placement != crate::catalog::Placement::Wall
        {
            s.push_str(", against the wall");
        }
        match self.nearest_item(id)? {
            Some((other, d)) => {
                let other = self.get(other)?;
                if d < 0.002 {
                    s.push_str(&format!(", touching {}", the(&name(other))));
                } else {
                    s.push_str(&format!(", {} from {}", units.length(d), the(&name(other))));
                }
            }
            None => {
                if let Some((_, d)) = wall.filter(|(_, d)| *d >= 0.002) {
                    s.push_str(&format!(", {} from the wall", units.length(d)));
                }
            }
        }
        Ok(s)
    }
}

/// The announcement for a removed item: `Armchair removed`.
pub fn describe_removal(name: &str) -> String {
    format!("{name} removed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_and_case() {
        assert_eq!(the("Sofa"), "the sofa");
        assert_eq!(the("Oak table"), "the oak table");
        assert_eq!(the("KIVIK sofa"), "the KIVIK sofa");
        assert_eq!(the("iPad stand"), "the iPad stand");
        assert_eq!(the(""), "the item");
        assert_eq!(describe_removal("Armchair"), "Armchair removed");
    }
}
