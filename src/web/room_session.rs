//! What the 3D room view and the AR session share: the shopper's `room::Room` with its gesture
//! interpreter (and the room's undo history), the products the element registered, the models
//! loaded for them (once per URL), and the units and language announcements use. Each view adds
//! its own camera, drawing and input on top.

use std::collections::HashMap;

use wasm_bindgen::JsValue;

use super::errors::js_error;
use super::js::array;
use super::report::{item_object, report};
use crate::catalog::{Dimensions, Placement};
use crate::render::ModelId;
use crate::room::{Event, Gestures, Lang, NewItem, PlacedItem, Response, Room, RoomError, Units};

/// What the element told the view about a catalog product.
pub(super) struct Product {
    pub name: String,
    pub url: String,
    pub dimensions_mm: Dimensions,
    pub placement: Placement,
    /// Variant SKU → `KHR_materials_variants` name, if the variant has one.
    pub variants: Vec<(String, Option<String>)>,
}

/// A model uploaded for the room.
pub(super) struct RoomModel {
    pub id: ModelId,
    pub variants: Vec<String>,
}

/// The room and what it needs to be drawn and announced.
pub(super) struct RoomSession {
    pub room: Room,
    pub gestures: Gestures,
    pub models: HashMap<String, RoomModel>,
    pub products: HashMap<(String, String), Product>,
    pub units: Units,
    /// The language of announcements, size labels and fit answers.
    pub lang: Lang,
}

/// A room error as `{ code, pointer, message }` for JavaScript.
pub(super) fn error(e: &RoomError) -> JsValue {
    let code = match e {
        RoomError::UnknownItem(_) => "unknown-item",
        RoomError::NoWall => "no-wall",
        RoomError::NoFreeSpot => "no-free-spot",
        RoomError::FixedOrientation => "fixed-orientation",
        RoomError::Invalid { .. } => "invalid",
        RoomError::ShareCode(_) => "bad-share-code",
        RoomError::Json(_) => "bad-room-json",
    };
    js_error(code, "", &e.to_string())
}

/// A placement kind from its catalog name.
pub(super) fn placement(s: &str) -> Result<Placement, JsValue> {
    match s {
        "floor" => Ok(Placement::Floor),
        "wall" => Ok(Placement::Wall),
        "tabletop" => Ok(Placement::Tabletop),
        other => Err(js_error(
            "invalid",
            "/placement",
            &format!("placement must be floor, wall or tabletop, not \"{other}\""),
        )),
    }
}

/// The products a share code needs, without restoring it: `[[retailer, product], …]`, each
/// once. Rejects with `{code: "bad-share-code", message}` for a broken code.
pub(super) fn share_code_products(code: &str) -> Result<JsValue, JsValue> {
    let room = Room::from_share_code(code).map_err(|e| error(&e))?;
    let mut seen: Vec<(String, String)> = Vec::new();
    for i in room.items() {
        let k = (i.retailer.clone(), i.product.clone());
        if !seen.contains(&k) {
            seen.push(k);
        }
    }
    Ok(array(seen.into_iter().map(|(r, p)| {
        array([JsValue::from_str(&r), JsValue::from_str(&p)])
    })))
}

impl RoomSession {
    pub fn new() -> Self {
        Self {
            room: Room::new(),
            gestures: Gestures::new(),
            models: HashMap::new(),
            products: HashMap::new(),
            units: Units::Metric,
            lang: Lang::En,
        }
    }

    /// Units (`en-US`: inches) and language (Simplified Chinese for `zh-CN`, else English)
    /// from BCP 47 locales.
    pub fn set_locale(&mut self, units_locale: &str, lang_locale: &str) {
        self.units = Units::for_locale(units_locale);
        self.lang = Lang::for_locale(lang_locale);
    }

    fn product(&self, item: &PlacedItem) -> Option<&Product> {
        self.products
            .get(&(item.retailer.clone(), item.product.clone()))
    }

    /// The display name of an item (its product id if the element never named it).
    pub fn name(&self, item: &PlacedItem) -> String {
        self.product(item)
            .map_or_else(|| item.product.clone(), |p| p.name.clone())
    }

    /// An item's model and variant index, once its model is loaded.
    pub fn model_of(&self, item: &PlacedItem) -> Option<(ModelId, Option<usize>)> {
        let product = self.product(item)?;
        let model = self.models.get(&product.url)?;
        let gltf = item.variant.as_ref().and_then(|sku| {
            product
                .variants
                .iter()
                .find(|(s, _)| s == sku)
                .and_then(|(_, g)| g.as_ref())
        });
        let variant = gltf.and_then(|g| model.variants.iter().position(|v| v == g));
        Some((model.id, variant))
    }

    /// Registers a catalog product (`skus[i]` shows the model's variant `gltf_variants[i]`;
    /// an empty name for none). Its size and ids are checked as any item's would be, so a bad
    /// product is refused here rather than at the first add.
    #[allow(clippy::too_many_arguments)]
    pub fn register(
        &mut self,
        retailer: String,
        product: String,
        name: String,
        url: String,
        dimensions_mm: Dimensions,
        placement_kind: &str,
        skus: Vec<String>,
        gltf_variants: Vec<String>,
    ) -> Result<(), JsValue> {
        let placement = placement(placement_kind)?;
        NewItem {
            retailer: retailer.clone(),
            product: product.clone(),
            variant: None,
            dimensions_mm,
            placement,
        }
        .check()
        .map_err(|e| error(&e))?;
        let variants = skus
            .into_iter()
            .enumerate()
            .map(|(i, sku)| (sku, gltf_variants.get(i).filter(|g| !g.is_empty()).cloned()))
            .collect();
        self.products.insert(
            (retailer, product),
            Product {
                name,
                url,
                dimensions_mm,
                placement,
                variants,
            },
        );
        Ok(())
    }

    /// A registered product in variant `sku` (or none), ready to add. Throws `{ code:
    /// "unknown-product" }` or `{ code: "unknown-variant" }`.
    pub fn new_item(
        &self,
        retailer: String,
        product: String,
        sku: Option<String>,
    ) -> Result<NewItem, JsValue> {
        let Some(p) = self.products.get(&(retailer.clone(), product.clone())) else {
            return Err(js_error(
                "unknown-product",
                "",
                &format!("product {retailer}/{product} was not registered"),
            ));
        };
        if let Some(sku) = &sku {
            if !p.variants.iter().any(|(v, _)| v == sku) {
                return Err(js_error(
                    "unknown-variant",
                    "",
                    &format!("product {retailer}/{product} has no variant {sku}"),
                ));
            }
        }
        Ok(NewItem {
            retailer,
            product,
            variant: sku,
            dimensions_mm: p.dimensions_mm,
            placement: p.placement,
        })
    }

    /// Replaces the room with the one in a share code and returns how many items it holds.
    /// Every product in it must have been registered; the current room is kept when the code
    /// is refused.
    pub fn restore(&mut self, code: &str) -> Result<usize, JsValue> {
        let room = Room::from_share_code(code).map_err(|e| error(&e))?;
        if let Some(i) = room.items().iter().find(|i| self.product(i).is_none()) {
            return Err(js_error(
                "unknown-product",
                "",
                &format!("product {}/{} was not registered", i.retailer, i.product),
            ));
        }
        self.room = room;
        Ok(self.room.items().len())
    }

    /// The placed items: `[{ id, retailer, product, variant, name, placement, x, z, yaw,
    /// width, depth, height }]` (metres and degrees for the pose, mm for the size).
    pub fn items(&self) -> JsValue {
        array(
            self.room
                .items()
                .iter()
                .map(|i| item_object(&self.room, i, &self.name(i))),
        )
    }

    /// The report of a response, with its announcement in the shopper's language and units.
    pub fn report(&self, r: &Response) -> JsValue {
        report(&self.room, r, self.units, self.lang, &|i| self.name(i))
    }

    /// Undoes the last change to the room (its undo history).
    pub fn undo(&mut self) -> Event {
        crate::room::undo(&mut self.room)
    }

    /// Redoes the last undone change.
    pub fn redo(&mut self) -> Event {
        crate::room::redo(&mut self.room)
    }
}
