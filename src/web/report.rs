//! What the viewer tells the element after an input or a room method: what happened, the
//! sentence for the aria-live region, and whether `roomchange` / `select` should fire.

use wasm_bindgen::JsValue;

use super::js::{Obj, array};
use crate::room::{Event, Lang, PlacedItem, Response, Room, Units};

/// An item as the element sees it.
pub fn item_object(room: &Room, item: &PlacedItem, name: &str) -> JsValue {
    let f = room.footprint(item.id);
    let yaw = room.yaw(item.id).unwrap_or(0.0).to_degrees();
    let d = item.dimensions_mm;
    Obj::new()
        .set("id", item.id.0)
        .set("retailer", item.retailer.as_str())
        .set("product", item.product.as_str())
        .set_opt("variant", item.variant.as_deref())
        .set("name", name)
        .set(
            "placement",
            match item.placement {
                crate::catalog::Placement::Floor => "floor",
                crate::catalog::Placement::Wall => "wall",
                crate::catalog::Placement::Tabletop => "tabletop",
            },
        )
        .set("x", f.map_or(0.0, |f| f.center.x))
        .set("z", f.map_or(0.0, |f| f.center.y))
        .set("yaw", (yaw.rem_euclid(360.0) * 10.0).round() / 10.0)
        .set("width", d.width)
        .set("depth", d.depth)
        .set("height", d.height)
        .build()
}

/// The report of `response` on `room`: `{ handled, events: [{ kind, item, announce }],
/// announce, roomChanged, selectionChanged, selected, redraw }`.
pub fn report(
    room: &Room,
    response: &Response,
    units: Units,
    lang: Lang,
    name: &dyn Fn(&PlacedItem) -> String,
) -> JsValue {
    let mut sentences = Vec::new();
    let mut room_changed = false;
    let mut selection_changed = false;
    let events = response.events.iter().map(|e| {
        let said = room.describe_event_in(e, units, lang, name);
        if !said.is_empty() {
            sentences.push(said.clone());
        }
        room_changed |= e.changes_room();
        selection_changed |= matches!(
            e,
            Event::Selected(_)
                | Event::Placed(_)
                | Event::Removed(_)
                | Event::Duplicated(_)
                | Event::Restored(_)
        ) || matches!(e, Event::Undone(_) | Event::Redone(_));
        Obj::new()
            .set("kind", e.kind())
            .set_opt("item", e.item().map(|i| i.0))
            .set("announce", said)
            .build()
    });
    let events = array(events.collect::<Vec<_>>());
    Obj::new()
        .set("handled", response.handled)
        .set("events", events)
        .set("announce", sentences.join(lang.sentence_join()))
        .set("roomChanged", room_changed)
        .set("selectionChanged", selection_changed)
        .set_opt("selected", room.selected().map(|i| i.0))
        .set("redraw", response.redraw || response.handled)
        .build()
}
