//! The 3D room view of the `Viewer`: a `room::Room` of products from several retailers, their
//! models (loaded once per URL, shared by every copy), pointer and key input (interpreted by
//! `room::Gestures`), and the room methods the element offers. Rendering goes through
//! `render::room_scene`; nothing here draws or decides by itself.

use std::rc::Rc;

use glam::{Vec2, Vec3};
use wasm_bindgen::prelude::*;

use super::camera_view::{self, CameraView};
use super::download::Download;
use super::errors::{asset_error, js_error};
use super::images;
use super::js::{Obj, array};
use super::room_session::{RoomModel, RoomSession, error, share_code_products};
use super::viewer::{State, Viewer};
use crate::asset::{self, Bounds, Limits};
use crate::catalog::Dimensions;
use crate::render::{Camera, room_bounds};
use crate::room::{
    Event, FreeSpace, ItemId, KeyPress, Layout, Pointer, PointerKind, Ray, Response, Units, fit_all,
};

/// The room view's state.
pub(super) struct RoomState {
    /// Whether the view shows the room (else the single product).
    pub active: bool,
    /// The room, its products and models (shared with the AR session's code).
    pub session: RoomSession,
    /// What the camera frames (updated when items are added or the room is restored, not while
    /// dragging, so the view holds still under the pointer).
    framed: Bounds,
    /// The view's size in CSS pixels.
    css: Vec2,
    /// The camera view (the room over the live camera image), when shown.
    pub camera_view: Option<CameraView>,
    /// The camera view's height of the camera above the floor (metres), kept between visits.
    pub camera_height: f32,
}

/// Room view camera angles when it opens or is framed again.
pub(super) const ROOM_YAW: f32 = 0.5;
pub(super) const ROOM_PITCH: f32 = 0.7;

impl RoomState {
    pub fn new() -> Self {
        Self {
            active: false,
            session: RoomSession::new(),
            framed: Bounds::EMPTY,
            css: Vec2::ONE,
            camera_view: None,
            camera_height: camera_view::DEFAULT_HEIGHT,
        }
    }

    /// What the camera frames.
    pub fn framed(&self) -> Bounds {
        self.framed
    }

    /// Frames the room's contents (a 4 m square of floor when it is empty).
    pub fn frame_all(&mut self) {
        let b = room_bounds(&self.session.room);
        self.framed = if b.is_empty() {
            Bounds {
                min: Vec3::new(-2.0, 0.0, -2.0),
                max: Vec3::new(2.0, 1.0, 2.0),
            }
        } else {
            b
        };
    }

    pub fn camera(&self, yaw: f32, pitch: f32, aspect: f32, zoom: f32) -> Camera {
        Camera::framing(&self.framed, yaw, pitch, aspect, zoom)
    }
}

impl State {
    fn aspect(&self) -> f32 {
        self.gpu.config.width as f32 / self.gpu.config.height.max(1) as f32
    }

    /// The camera of the room view (the camera view's when that is shown).
    pub(super) fn room_camera(&self) -> Camera {
        self.camera_view_camera().unwrap_or_else(|| {
            self.room
                .camera(self.yaw, self.pitch, self.aspect(), self.zoom)
        })
    }

    fn pointer(&self, id: i32, kind: &str, x: f32, y: f32) -> Option<Pointer> {
        let css = self.room.css;
        let ndc = Vec2::new(x / css.x * 2.0 - 1.0, 1.0 - y / css.y * 2.0);
        let (origin, dir) = self.room_camera().ray(ndc)?;
        Some(Pointer {
            id,
            kind: PointerKind::parse(kind),
            screen: Vec2::new(x, y),
            ray: Ray::new(origin, dir),
        })
    }

    /// Applies a response's camera changes and returns its report.
    fn apply(&mut self, r: &Response) -> JsValue {
        if let Some(cv) = self.room.camera_view.as_mut() {
            // Over the camera a drag off the items turns the view (for a camera without
            // orientation sensors); Home faces the room again.
            if r.orbit != Vec2::ZERO && r.orbit.is_finite() {
                cv.turn(r.orbit.x, r.orbit.y);
            }
            if r.reset_view {
                cv.recentre();
            }
        } else if r.orbit != Vec2::ZERO && r.orbit.is_finite() {
            self.yaw -= r.orbit.x;
            self.pitch = (self.pitch + r.orbit.y).clamp(0.05, 1.45);
        }
        if r.zoom.is_finite() && r.zoom > 0.0 && r.zoom != 1.0 {
            self.zoom = (self.zoom * r.zoom).clamp(0.4, 6.0);
        }
        if r.reset_view {
            self.room.frame_all();
            self.yaw = ROOM_YAW;
            self.pitch = ROOM_PITCH;
            self.zoom = 1.0;
        }
        if r.handled || r.redraw || !r.events.is_empty() {
            self.dirty = true;
        }
        if r.events.iter().any(|e| matches!(e, Event::Restored(_))) {
            self.room.frame_all();
        }
        self.room.session.report(r)
    }

    fn event(&mut self, e: Event) -> JsValue {
        let r = Response {
            handled: true,
            events: vec![e],
            ..Response::default()
        };
        self.apply(&r)
    }
}

#[wasm_bindgen]
impl Viewer {
    /// Switches between the 3D room view (`true`) and the single product (`false`).
    pub fn show_room(&self, on: bool) {
        let mut s = self.state.borrow_mut();
        if !on {
            s.room.camera_view = None;
        }
        if s.room.active != on {
            s.room.active = on;
            if on {
                s.room.frame_all();
                s.yaw = ROOM_YAW;
                s.pitch = ROOM_PITCH;
                s.zoom = 1.0;
            }
            s.dirty = true;
        }
    }

    /// Whether the room view is shown.
    pub fn room_shown(&self) -> bool {
        self.state.borrow().room.active
    }

    /// The view's size in CSS pixels (pointer positions are in these).
    pub fn set_css_size(&self, width: f32, height: f32) {
        let mut s = self.state.borrow_mut();
        if width.is_finite() && height.is_finite() {
            s.room.css = Vec2::new(width.max(1.0), height.max(1.0));
            s.room.session.gestures.set_viewport(width, height);
        }
    }

    /// Units for sizes and distances in announcements, from a BCP 47 locale (`en-US`: inches),
    /// and the language of the room's sentences (Simplified Chinese for `zh-CN`, else English).
    pub fn set_locale(&self, locale: &str) {
        self.state
            .borrow_mut()
            .room
            .session
            .set_locale(locale, locale);
    }

    /// Units from the locale `units_locale`, language from `lang_locale` (for an explicit
    /// `units` attribute that differs from the language's usual units).
    pub fn set_units_and_language(&self, units_locale: &str, lang_locale: &str) {
        self.state
            .borrow_mut()
            .room
            .session
            .set_locale(units_locale, lang_locale);
    }

    /// Whether a two-finger twist turns freely (else in 15° steps).
    pub fn set_free_twist(&self, free: bool) {
        self.state
            .borrow_mut()
            .room
            .session
            .gestures
            .set_free_twist(free);
    }

    /// Whether the room already has the model at `url`.
    pub fn has_model(&self, url: &str) -> bool {
        self.state.borrow().room.session.models.contains_key(url)
    }

    /// Loads the model at `url` (its bytes) for the room, once: every item of every product
    /// using this URL shares it. Resolves to `{ url, triangles, variants }`; rejects with
    /// `{code, pointer, message}` when the file is refused.
    pub fn load_model(&self, url: String, bytes: Vec<u8>) -> js_sys::Promise {
        self.load_model_bytes(url, bytes)
    }

    /// Like `load_model`, for a file received with a `Download` (which this consumes): the
    /// bytes are already in WebAssembly memory and are not copied again.
    pub fn load_model_download(&self, url: String, download: Download) -> js_sys::Promise {
        self.load_model_bytes(url, download.bytes)
    }
}

impl Viewer {
    fn load_model_bytes(&self, url: String, bytes: Vec<u8>) -> js_sys::Promise {
        let state = Rc::clone(&self.state);
        wasm_bindgen_futures::future_to_promise(async move {
            let info = |triangles: u64, variants: &[String]| {
                Obj::new()
                    .set("url", url.as_str())
                    .set("triangles", triangles as f64)
                    .set(
                        "variants",
                        array(variants.iter().map(|v| JsValue::from_str(v))),
                    )
                    .build()
            };
            if state.borrow().room.session.models.contains_key(&url) {
                return Ok(info(0, &[]));
            }
            let model =
                asset::load_owned(bytes, &Limits::default(), None).map_err(|e| asset_error(&e))?;
            let (decoded, _failed) = images::decode_all(&model).await;
            let mut s = state.borrow_mut();
            if s.room.session.models.contains_key(&url) {
                return Ok(info(model.stats.triangles as u64, &model.variants));
            }
            let id = s.renderer.upload(&model, &decoded);
            s.room.session.models.insert(
                url.clone(),
                RoomModel {
                    id,
                    variants: model.variants.clone(),
                },
            );
            s.dirty = true;
            Ok(info(model.stats.triangles as u64, &model.variants))
        })
    }
}

#[wasm_bindgen]
impl Viewer {
    /// Tells the viewer about a catalog product: its display name, model URL, true size (mm),
    /// placement (`floor`, `wall`, `tabletop`) and its variants (`skus[i]` shows the model's
    /// `KHR_materials_variants` variant `gltf_variants[i]`; an empty name for none).
    #[allow(clippy::too_many_arguments)]
    pub fn register_product(
        &self,
        retailer: String,
        product: String,
        name: String,
        url: String,
        width_mm: u32,
        depth_mm: u32,
        height_mm: u32,
        placement_kind: &str,
        skus: Vec<String>,
        gltf_variants: Vec<String>,
    ) -> Result<(), JsValue> {
        self.state.borrow_mut().room.session.register(
            retailer,
            product,
            name,
            url,
            Dimensions {
                width: width_mm,
                depth: depth_mm,
                height: height_mm,
            },
            placement_kind,
            skus,
            gltf_variants,
        )
    }

    /// Adds a registered product (in variant `sku`, or its default) at the free spot nearest
    /// to the middle of the view, selects it and switches to the room view. Returns the report
    /// (`events[0].item` is the new item's id).
    pub fn add_item(
        &self,
        retailer: String,
        product: String,
        sku: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        let new = s.room.session.new_item(retailer, product, sku)?;
        let was_empty = s.room.session.room.items().is_empty();
        let near = if was_empty {
            Vec2::ZERO
        } else {
            let c = s.room.framed.center();
            Vec2::new(c.x, c.z)
        };
        let id = s
            .room
            .session
            .room
            .add(new, near, 0.0)
            .map_err(|e| error(&e))?;
        s.room
            .session
            .room
            .select(Some(id))
            .map_err(|e| error(&e))?;
        if !s.room.active {
            s.room.active = true;
            s.yaw = ROOM_YAW;
            s.pitch = ROOM_PITCH;
            s.zoom = 1.0;
        }
        s.room.frame_all();
        Ok(s.event(Event::Placed(id)))
    }

    /// Removes an item (the selected one when `id` is undefined).
    pub fn remove_item(&self, id: Option<u32>) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        let id = id.map(ItemId).or(s.room.session.room.selected());
        let Some(id) = id else {
            return Err(js_error("no-selection", "", "no item is selected"));
        };
        let item = s.room.session.room.remove(id).map_err(|e| error(&e))?;
        Ok(s.event(Event::Removed(item)))
    }

    /// Selects an item (`undefined`: nothing).
    pub fn select_item(&self, id: Option<u32>) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        let id = id.map(ItemId);
        s.room.session.room.select(id).map_err(|e| error(&e))?;
        Ok(s.event(Event::Selected(id)))
    }

    /// Duplicates an item (the selected one when `id` is undefined) and selects the copy.
    pub fn duplicate_item(&self, id: Option<u32>) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        let id = id.map(ItemId).or(s.room.session.room.selected());
        let Some(id) = id else {
            return Err(js_error("no-selection", "", "no item is selected"));
        };
        let copy = s.room.session.room.duplicate(id).map_err(|e| error(&e))?;
        s.room
            .session
            .room
            .select(Some(copy))
            .map_err(|e| error(&e))?;
        s.room.frame_all();
        Ok(s.event(Event::Duplicated(copy)))
    }

    /// Undoes the last change to the room.
    pub fn undo(&self) -> JsValue {
        let mut s = self.state.borrow_mut();
        let e = s.room.session.undo();
        s.event(e)
    }

    /// Redoes the last undone change.
    pub fn redo(&self) -> JsValue {
        let mut s = self.state.borrow_mut();
        let e = s.room.session.redo();
        s.event(e)
    }

    /// Whether there is a change to undo / redo: `[canUndo, canRedo]`.
    pub fn history_state(&self) -> Vec<u8> {
        let s = self.state.borrow();
        vec![
            s.room.session.room.can_undo() as u8,
            s.room.session.room.can_redo() as u8,
        ]
    }

    /// Gives the room four walls (a `width`×`depth` rectangle, mm, `height` tall), or takes
    /// them away when any of them is 0. Items move to the nearest free spot if they must.
    pub fn set_walls(
        &self,
        width_mm: u32,
        depth_mm: u32,
        height_mm: u32,
    ) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        let layout = if width_mm == 0 || depth_mm == 0 || height_mm == 0 {
            Layout::open()
        } else {
            Layout::rectangle_mm(width_mm, depth_mm, height_mm)
        };
        s.room
            .session
            .room
            .set_layout(layout)
            .map_err(|e| error(&e))?;
        s.room.frame_all();
        s.dirty = true;
        Ok(s.apply(&Response {
            handled: true,
            ..Response::default()
        }))
    }

    /// The room's share code (compact, URL-safe, versioned).
    pub fn share_code(&self) -> String {
        self.state.borrow().room.session.room.share_code()
    }

    /// The products a share code needs, without restoring it: `[[retailer, product], …]`,
    /// each once. Rejects with `{code: "bad-share-code", message}` for a broken code.
    pub fn share_code_products(&self, code: &str) -> Result<JsValue, JsValue> {
        share_code_products(code)
    }

    /// Replaces the room with the one in a share code and frames it. Every product in it must
    /// have been registered; the current room is kept when the code is refused.
    pub fn restore(&self, code: &str) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        let n = s.room.session.restore(code)?;
        s.room.active = true;
        s.yaw = ROOM_YAW;
        s.pitch = ROOM_PITCH;
        s.zoom = 1.0;
        Ok(s.event(Event::Restored(n)))
    }

    /// The room as JSON (the export format of `room::Room::to_json`).
    pub fn room_json(&self) -> String {
        self.state.borrow().room.session.room.to_json()
    }

    /// The placed items: `[{ id, retailer, product, variant, name, placement, x, z, yaw,
    /// width, depth, height }]` (metres and degrees for the pose, mm for the size).
    pub fn items(&self) -> JsValue {
        self.state.borrow().room.session.items()
    }

    /// An item's width × depth × height in the shopper's units (`210 × 92 × 83 cm`).
    pub fn dimensions(&self, id: u32) -> Result<String, JsValue> {
        let s = self.state.borrow();
        let item = s.room.session.room.get(ItemId(id)).map_err(|e| error(&e))?;
        Ok(s.room
            .session
            .lang
            .dimensions(s.room.session.units, item.dimensions_mm))
    }

    /// "Will it fit": a free space `width` × `depth` metres (up to `height` metres if given)
    /// against products of true size `widths[i]` × `depths[i]` × `heights[i]` mm. Returns
    /// `[{ fits, turned, widthMm, depthMm, heightMm, margin, text }]` in order: the margins
    /// in mm (negative: too big), `margin` the smallest one labelled in the shopper's units,
    /// `text` the sentence for the shopper.
    pub fn fit_check(
        &self,
        width: f32,
        depth: f32,
        height: Option<f32>,
        widths: Vec<u32>,
        depths: Vec<u32>,
        heights: Vec<u32>,
    ) -> Result<JsValue, JsValue> {
        let space = FreeSpace::new(width, depth, height).map_err(|e| error(&e))?;
        if widths.len() != depths.len() || widths.len() != heights.len() {
            return Err(js_error(
                "invalid",
                "",
                "fit check: widths, depths and heights differ in length",
            ));
        }
        let (units, lang) = {
            let s = self.state.borrow();
            (s.room.session.units, s.room.session.lang)
        };
        let products: Vec<Dimensions> = (0..widths.len())
            .map(|i| Dimensions {
                width: widths[i],
                depth: depths[i],
                height: heights[i],
            })
            .collect();
        Ok(array(fit_all(space, &products).into_iter().map(|f| {
            let m = f.margin;
            let margin = f.margin_label(units, lang);
            Obj::new()
                .set("fits", f.fits)
                .set("turned", f.turned)
                .set("widthMm", m.width_mm as f64)
                .set("depthMm", m.depth_mm as f64)
                .set_opt("heightMm", m.height_mm.map(|h| h as f64))
                .set("margin", margin)
                .set("text", f.describe_in(units, lang))
                .build()
        })))
    }

    /// The units of sizes and distances: `metric` or `imperial`.
    pub fn units(&self) -> String {
        match self.state.borrow().room.session.units {
            Units::Metric => "metric".into(),
            Units::Imperial => "imperial".into(),
        }
    }

    /// The selected item's id, if any.
    pub fn selected(&self) -> Option<u32> {
        self.state
            .borrow()
            .room
            .session
            .room
            .selected()
            .map(|i| i.0)
    }

    /// Distance in metres between two items' boxes (0 when they touch).
    pub fn distance_between(&self, a: u32, b: u32) -> Result<f32, JsValue> {
        let s = self.state.borrow();
        s.room
            .session
            .room
            .distance_between(ItemId(a), ItemId(b))
            .map_err(|e| error(&e))
    }

    /// Where an item's footprint centre (at `height` metres above the floor) is in the view,
    /// in CSS pixels: `[x, y]`, or undefined when the item is unknown or behind the camera.
    pub fn item_on_screen(&self, id: u32, height: f32) -> Option<Vec<f32>> {
        let s = self.state.borrow();
        let f = s.room.session.room.footprint(ItemId(id))?;
        let clip =
            s.room_camera().view_proj() * glam::Vec4::new(f.center.x, height, f.center.y, 1.0);
        if clip.w <= 1e-6 {
            return None;
        }
        let ndc = clip.truncate() / clip.w;
        let css = s.room.css;
        Some(vec![
            (ndc.x + 1.0) * 0.5 * css.x,
            (1.0 - ndc.y) * 0.5 * css.y,
        ])
    }

    /// An item's model-to-world matrix as the renderer draws it (16 numbers, column-major,
    /// metres, Y up), or undefined for an unknown item. For writing the room as USDZ
    /// (`www/ar/quicklook.js`).
    pub fn item_transform(&self, id: u32) -> Option<Vec<f32>> {
        let s = self.state.borrow();
        let m = s.room.session.room.transform(ItemId(id))?;
        Some(m.to_cols_array().to_vec())
    }

    /// Frames the whole room again (also the Home key).
    pub fn frame_room(&self) {
        let mut s = self.state.borrow_mut();
        s.apply(&Response {
            reset_view: true,
            ..Response::default()
        });
        s.dirty = true;
    }

    /// A pointer went down at (`x`, `y`) CSS pixels in the view; `kind` is the DOM
    /// `pointerType`. Returns the report.
    pub fn pointer_down(&self, id: i32, kind: &str, x: f32, y: f32) -> JsValue {
        self.pointer_event(id, kind, x, y, 0)
    }

    /// A pointer moved.
    pub fn pointer_move(&self, id: i32, kind: &str, x: f32, y: f32) -> JsValue {
        self.pointer_event(id, kind, x, y, 1)
    }

    /// A pointer went up.
    pub fn pointer_up(&self, id: i32, kind: &str, x: f32, y: f32) -> JsValue {
        self.pointer_event(id, kind, x, y, 2)
    }

    /// The browser cancelled a pointer.
    pub fn pointer_cancel(&self, id: i32) -> JsValue {
        let mut s = self.state.borrow_mut();
        let room = &mut s.room.session;
        let r = room.gestures.pointer_cancel(&mut room.room, id);
        s.apply(&r)
    }

    fn pointer_event(&self, id: i32, kind: &str, x: f32, y: f32, phase: u8) -> JsValue {
        let mut s = self.state.borrow_mut();
        let Some(p) = (x.is_finite() && y.is_finite())
            .then(|| s.pointer(id, kind, x, y))
            .flatten()
        else {
            return s.apply(&Response::default());
        };
        let room = &mut s.room.session;
        let r = match phase {
            0 => room.gestures.pointer_down(&mut room.room, p),
            1 => room.gestures.pointer_move(&mut room.room, p),
            _ => room.gestures.pointer_up(&mut room.room, p),
        };
        s.apply(&r)
    }

    /// A wheel turn (`deltaY` in pixels).
    pub fn wheel(&self, delta_y: f32) -> JsValue {
        let mut s = self.state.borrow_mut();
        let r = s.room.session.gestures.wheel(delta_y);
        s.apply(&r)
    }

    /// A key went down (`key` as in `KeyboardEvent.key`; `ctrl` for Ctrl or Cmd). The report's
    /// `handled` says whether to prevent the browser's default.
    pub fn key(&self, key: &str, shift: bool, ctrl: bool) -> JsValue {
        let mut s = self.state.borrow_mut();
        let cam = s.room_camera();
        let target = s.room.framed.center();
        let forward = Vec2::new(target.x - cam.position.x, target.z - cam.position.z);
        let room = &mut s.room.session;
        let r = room.gestures.key(
            &mut room.room,
            KeyPress {
                key,
                shift,
                ctrl,
                forward,
            },
        );
        s.apply(&r)
    }
}
