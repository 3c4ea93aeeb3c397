//! Screen-reader announcements of what happened in the room ("Armchair placed, 82 cm from the
//! sofa"), in English or Simplified Chinese (`locale.rs`); names come from the caller in the
//! shopper's language.

use serde::Serialize;

use super::error::RoomError;
use super::item::{ItemId, PlacedItem};
use super::locale::Lang;
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

    fn verb_zh(self) -> &'static str {
        match self {
            Action::Placed => "已放置",
            Action::Moved => "已移动",
            Action::Turned => "已旋转",
            Action::Duplicated => "已复制",
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
        self.describe_placement_in(id, action, units, Lang::En, name)
    }

    /// [`Room::describe_placement`] in `lang`: `扶手椅已放置，距咖啡桌 82 厘米`.
    pub fn describe_placement_in(
        &self,
        id: ItemId,
        action: Action,
        units: Units,
        lang: Lang,
        name: &dyn Fn(&PlacedItem) -> String,
    ) -> Result<String, RoomError> {
        let item = self.get(id)?;
        let mut s = match lang {
            Lang::En => format!("{} {}", name(item), action.verb()),
            Lang::ZhHans => format!("{}{}", name(item), action.verb_zh()),
        };
        if action == Action::Turned {
            let deg = (self.state.yaw(item).to_degrees().round() as i64).rem_euclid(360);
            s.push_str(&match lang {
                Lang::En => format!(" to {deg}°"),
                Lang::ZhHans => format!("至 {deg}°"),
            });
        }
        let wall = self.nearest_wall_distance(id)?;
        if wall.is_some_and(|(_, d)| d < 0.002) && item.placement != crate::catalog::Placement::Wall
        {
            s.push_str(match lang {
                Lang::En => ", against the wall",
                Lang::ZhHans => "，靠墙",
            });
        }
        match self.nearest_item(id)? {
            Some((other, d)) => {
                let other = name(self.get(other)?);
                s.push_str(&match (lang, d < 0.002) {
                    (Lang::En, true) => format!(", touching {}", the(&other)),
                    (Lang::En, false) => {
                        format!(", {} from {}", lang.length(units, d), the(&other))
                    }
                    (Lang::ZhHans, true) => format!("，紧挨{other}"),
                    (Lang::ZhHans, false) => format!("，距{other} {}", lang.length(units, d)),
                });
            }
            None => {
                if let Some((_, d)) = wall.filter(|(_, d)| *d >= 0.002) {
                    s.push_str(&match lang {
                        Lang::En => format!(", {} from the wall", lang.length(units, d)),
                        Lang::ZhHans => format!("，距墙 {}", lang.length(units, d)),
                    });
                }
            }
        }
        Ok(s)
    }
}

/// The announcement for a removed item: `Armchair removed`.
pub fn describe_removal(name: &str) -> String {
    describe_removal_in(name, Lang::En)
}

/// [`describe_removal`] in `lang`: `扶手椅已移除`.
pub fn describe_removal_in(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{name} removed"),
        Lang::ZhHans => format!("{name}已移除"),
    }
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
