//! WebXR `immersive-ar` (the `ar` build, www/pkg/webgl-ar/, loaded only when AR starts): an
//! [`ArSession`] draws the shopper's room into the session's `XRWebGLLayer` with the same
//! `Renderer` and room scene as the 3D room view, through wgpu's GL backend on the page's
//! XR-compatible WebGL2 context. JavaScript (www/ar/webxr.js) runs the session and hands over
//! poses, hits, input rays and anchors; every decision (floor or wall, placement, dragging,
//! twisting, anchoring, measuring) and all drawing happens here.

mod gpu;
mod state;

use std::cell::RefCell;
use std::rc::Rc;

use glam::{Mat3, Mat4, Vec2, Vec3};
use wasm_bindgen::prelude::*;

use super::download::Download;
use super::errors::{asset_error, js_error};
use super::images;
use super::js::Obj;
use super::room_session::{RoomModel, error, share_code_products};
use crate::asset::{self, Limits};
use crate::catalog::{Dimensions, Placement};
use crate::render::occlusion::depth_metres;
use crate::render::{Lighting, sh_from_webxr, sh_rotate};
use crate::room::{
    Event, ItemId, Layout, Pointer, PointerKind, Response, Surface, Units, facing_yaw, wall_through,
};
use state::{Anchored, ArState, HitNow, parse_views, pose, vec3};

/// Pixels per metre of the pseudo screen positions given to the room's gesture interpreter
/// (an input ray's floor point): its tap slop and twist angles then work in millimetres.
const PX_PER_M: f32 = 1000.0;

/// An AR session's room and renderer.
#[wasm_bindgen]
pub struct ArSession {
    state: Rc<RefCell<ArState>>,
}

impl ArState {
    fn respond(&mut self, r: &Response) -> JsValue {
        for e in &r.events {
            if let Event::Moved { .. } | Event::Turned(..) = e {
                if let Some(id) = e.item() {
                    self.rebase_anchor(id);
                }
            }
        }
        self.session.report(r)
    }

    fn event(&mut self, e: Event) -> JsValue {
        let r = Response {
            handled: true,
            events: vec![e],
            ..Response::default()
        };
        self.respond(&r)
    }

    fn pointer(&self, id: i32, origin: &[f32], dir: &[f32]) -> Result<Option<Pointer>, JsValue> {
        let (o, d) = (vec3(origin, "origin")?, vec3(dir, "direction")?);
        let Some(ray) = self.room_ray(o, d) else {
            return Ok(None);
        };
        // The gesture interpreter measures taps and twists on the screen; in AR the ray's floor
        // point stands in for it (x, z in millimetres).
        let Some(p) = ray.floor_point() else {
            return Ok(None);
        };
        Ok(Some(Pointer {
            id,
            kind: PointerKind::Touch,
            screen: Vec2::new(p.x, p.z) * PX_PER_M,
            ray,
        }))
    }
}

#[wasm_bindgen]
impl ArSession {
    /// Opens a wgpu device on `gl` (a WebGL2 context created with `xrCompatible: true`).
    pub async fn create(gl: web_sys::WebGl2RenderingContext) -> Result<ArSession, JsValue> {
        let gpu = gpu::open(gl).await?;
        Ok(ArSession {
            state: Rc::new(RefCell::new(ArState::new(gpu))),
        })
    }

    /// Tells the session about a product it may place (as `Viewer.register_product`).
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
        self.state.borrow_mut().session.register(
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

    /// Whether the model at `url` is loaded.
    pub fn has_model(&self, url: &str) -> bool {
        self.state.borrow().session.models.contains_key(url)
    }

    /// Loads the model at `url` from a `Download` (consumed). Resolves to its triangle count;
    /// rejects with `{ code, pointer, message }` when the file is refused.
    pub fn load_model_download(&self, url: String, download: Download) -> js_sys::Promise {
        let state = Rc::clone(&self.state);
        let bytes = download.bytes;
        wasm_bindgen_futures::future_to_promise(async move {
            if state.borrow().session.models.contains_key(&url) {
                return Ok(JsValue::from_f64(0.0));
            }
            let model =
                asset::load_owned(bytes, &Limits::default(), None).map_err(|e| asset_error(&e))?;
            let (decoded, _failed) = images::decode_all(&model).await;
            let mut s = state.borrow_mut();
            if !s.session.models.contains_key(&url) {
                let id = s.renderer.upload(&model, &decoded);
                s.session.models.insert(
                    url,
                    RoomModel {
                        id,
                        variants: model.variants.clone(),
                    },
                );
            }
            Ok(JsValue::from_f64(model.stats.triangles as f64))
        })
    }

    /// The `[retailer, product]` pairs a share code uses (to load them before `restore`).
    pub fn share_code_products(&self, code: &str) -> Result<JsValue, JsValue> {
        share_code_products(code)
    }

    /// Takes over the room of a share code (its products must be registered). Until the
    /// shopper's first floor tap ([`ArSession::place_room`]) the arrangement follows the
    /// reticle (its first floor item's centre on the hit) and cannot be picked; without a
    /// floor hit it is drawn around the session's origin (where AR started).
    pub fn restore(&self, code: &str) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        let n = s.session.restore(code)?;
        s.awaiting = (n > 0).then(|| s.session.room.arrangement_origin());
        s.anchors.clear();
        Ok(s.event(Event::Restored(n)))
    }

    /// Whether a restored arrangement waits for the shopper's tap to put it on the floor.
    pub fn awaiting_room(&self) -> bool {
        self.state.borrow().awaiting.is_some()
    }

    /// Puts the restored arrangement on the current floor hit (its first floor item's centre
    /// there, the others at their offsets, turns kept; one undo step). Returns how many items
    /// it holds. Throws `{ code: "no-surface" }` without a floor hit and `{ code: "nothing" }`
    /// when no arrangement waits.
    pub fn place_room(&self) -> Result<u32, JsValue> {
        let mut s = self.state.borrow_mut();
        if s.awaiting.is_none() {
            return Err(js_error(
                "nothing",
                "",
                "no restored room waits to be placed",
            ));
        }
        match s.place_arrangement().map_err(|e| error(&e))? {
            Some(n) => Ok(n as u32),
            None => Err(js_error(
                "no-surface",
                "",
                "point at the floor to put your room there",
            )),
        }
    }

    /// The room's share code (what the element restores when the session ends).
    pub fn share_code(&self) -> String {
        self.state.borrow().session.room.share_code()
    }

    /// The placed items, as the element's `roomItems()` gives them.
    pub fn items(&self) -> JsValue {
        self.state.borrow().session.items()
    }

    /// Units of the tape measure and announcements, from a BCP 47 locale (`en-US`: inches),
    /// and the language of the announcements (Simplified Chinese for `zh-CN`, else English).
    pub fn set_locale(&self, locale: &str) {
        self.state.borrow_mut().session.set_locale(locale, locale);
    }

    /// Units from `units_locale` (`en-US`: inches; `und`: metres) and the announcements'
    /// language from `lang_locale`, as the element's `units` attribute can differ from its
    /// language (a zh-CN page measuring in inches, an en-GB one in metres).
    pub fn set_units_and_language(&self, units_locale: &str, lang_locale: &str) {
        self.state
            .borrow_mut()
            .session
            .set_locale(units_locale, lang_locale);
    }

    /// The units in use: `metric` or `imperial`.
    pub fn units(&self) -> String {
        match self.state.borrow().session.units {
            Units::Metric => "metric".into(),
            Units::Imperial => "imperial".into(),
        }
    }

    /// The latest hit-test result (16 numbers, column-major; its Y axis is the surface normal),
    /// or `undefined` when nothing was hit. Returns what was hit: `floor`, `wall`, `other` or
    /// `none`.
    pub fn set_hit(&self, pose_matrix: Option<Vec<f32>>) -> Result<String, JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(m) = pose_matrix else {
            s.hit = None;
            return Ok("none".into());
        };
        let p = pose(&m)?;
        let surface = Surface::of_normal(p.y_axis.truncate());
        s.hit = Some(HitNow { pose: p, surface });
        Ok(surface.as_str().into())
    }

    /// Shows the reticle on walls (`wall`, while a wall item is chosen) or on the floor.
    pub fn show_reticle_on(&self, surface: &str) {
        self.state.borrow_mut().reticle_on = if surface == "wall" {
            Surface::Wall
        } else {
            Surface::Floor
        };
    }

    /// Places a registered product (variant `sku` or its default) at the current hit: floor
    /// and tabletop items on a floor hit, turned to face the eye at (`eye_x`, `eye_z`); wall
    /// items on a wall hit, which becomes a wall of the room. Selects it and returns the
    /// report (`events[0].item` is the new item). Throws `{ code: "no-surface" }` when the
    /// reticle is not on a fitting surface and `{ code: "room-waiting" }` while a restored room
    /// waits for [`ArSession::place_room`].
    pub fn place(
        &self,
        retailer: String,
        product: String,
        sku: Option<String>,
        eye_x: f32,
        eye_z: f32,
    ) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        if s.awaiting.is_some() {
            return Err(js_error(
                "room-waiting",
                "",
                "tap the floor to put your room there first",
            ));
        }
        let new = s.session.new_item(retailer, product, sku)?;
        let wanted = if new.placement == Placement::Wall {
            Surface::Wall
        } else {
            Surface::Floor
        };
        let Some(hit) = s.hit.filter(|h| h.surface == wanted) else {
            return Err(js_error(
                "no-surface",
                "",
                if wanted == Surface::Wall {
                    "point at a wall to hang this"
                } else {
                    "point at the floor to place this"
                },
            ));
        };
        let at = hit.pose.w_axis.truncate();
        if s.session.room.items().is_empty() && wanted == Surface::Floor {
            // The first floor hit tells where the real floor is.
            s.floor_y = at.y;
        }
        let at_room = s.to_room(at);
        let spot = Vec2::new(at_room.x, at_room.z);
        if wanted == Surface::Wall {
            let wall = wall_through(at_room, hit.pose.y_axis.truncate())
                .ok_or_else(|| js_error("no-surface", "", "this wall hit has no direction"))?;
            let mut layout: Layout = s.session.room.layout().clone();
            // Replace a wall of the room that this one overlaps (the same real wall hit again).
            layout
                .walls
                .retain(|w| w.distance_to(spot) > 0.1 || w.inward().dot(wall.inward()) < 0.9);
            layout.walls.push(wall);
            s.session.room.set_layout(layout).map_err(|e| error(&e))?;
        }
        let yaw = facing_yaw(spot, Vec2::new(eye_x, eye_z));
        let id = s.session.room.add(new, spot, yaw).map_err(|e| error(&e))?;
        s.session.room.select(Some(id)).map_err(|e| error(&e))?;
        Ok(s.event(Event::Placed(id)))
    }

    /// Pairs an item with an anchor the session created for it, now at `position` (3 numbers,
    /// session space).
    pub fn anchor_created(&self, id: u32, position: &[f32]) -> Result<(), JsValue> {
        let p = vec3(position, "position")?;
        let mut s = self.state.borrow_mut();
        let centre = s
            .session
            .room
            .footprint(ItemId(id))
            .map(|f| f.center)
            .ok_or_else(|| js_error("unknown-item", "", &format!("no item {id}")))?;
        s.anchors.insert(
            ItemId(id),
            Anchored {
                anchor: p,
                item: centre,
            },
        );
        Ok(())
    }

    /// Where the session now tracks an item's anchor (3 numbers). The item moves as far as the
    /// anchor did since they were paired. Returns whether it moved.
    pub fn follow_anchor(&self, id: u32, position: &[f32]) -> Result<bool, JsValue> {
        let p = vec3(position, "position")?;
        self.state
            .borrow_mut()
            .follow_anchor(ItemId(id), p)
            .map_err(|e| error(&e))
    }

    /// The item an input ray (origin, direction; session space) points at, if any.
    pub fn pick(&self, origin: &[f32], dir: &[f32]) -> Result<Option<u32>, JsValue> {
        let s = self.state.borrow();
        let Some(ray) = s.room_ray(vec3(origin, "origin")?, vec3(dir, "direction")?) else {
            return Ok(None);
        };
        Ok(s.session.room.pick_item(ray).map(|i| i.0))
    }

    /// An input (a finger on the screen, a controller's trigger) went down with this ray.
    /// One input on an item drags it across the floor; two inputs twist the selected item.
    pub fn pointer_down(&self, id: i32, origin: &[f32], dir: &[f32]) -> Result<JsValue, JsValue> {
        self.pointer_event(id, origin, dir, 0)
    }

    /// An input that is down has this ray now.
    pub fn pointer_move(&self, id: i32, origin: &[f32], dir: &[f32]) -> Result<JsValue, JsValue> {
        self.pointer_event(id, origin, dir, 1)
    }

    /// An input went up.
    pub fn pointer_up(&self, id: i32, origin: &[f32], dir: &[f32]) -> Result<JsValue, JsValue> {
        self.pointer_event(id, origin, dir, 2)
    }

    /// An input went away (its ray is unknown).
    pub fn pointer_cancel(&self, id: i32) -> JsValue {
        let mut s = self.state.borrow_mut();
        let st = &mut *s;
        let r = st.session.gestures.pointer_cancel(&mut st.session.room, id);
        s.respond(&r)
    }

    fn pointer_event(
        &self,
        id: i32,
        origin: &[f32],
        dir: &[f32],
        phase: u8,
    ) -> Result<JsValue, JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(p) = s.pointer(id, origin, dir)? else {
            return Ok(s.respond(&Response::default()));
        };
        let st = &mut *s;
        let r = match phase {
            0 => st.session.gestures.pointer_down(&mut st.session.room, p),
            1 => st.session.gestures.pointer_move(&mut st.session.room, p),
            _ => st.session.gestures.pointer_up(&mut st.session.room, p),
        };
        Ok(s.respond(&r))
    }

    /// Adds the current hit to the tape measure. With two points it returns the distance in the
    /// shopper's units and language (`1.25 m`, `4 ft 1 in`, `1.25 米`); a third tap starts a new measurement.
    pub fn measure_point(&self) -> Result<Option<String>, JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(h) = s.hit else {
            return Err(js_error("no-surface", "", "point at a surface to measure"));
        };
        if s.measure.len() >= 2 {
            s.measure.clear();
        }
        let p = h.pose.w_axis.truncate();
        s.measure.push(p);
        Ok(match s.measure[..] {
            // In the session's units and language (`1.23 m`, `1.23 米`).
            [a, b] => Some(s.session.lang.length(s.session.units, a.distance(b))),
            _ => None,
        })
    }

    /// Removes the tape measure.
    pub fn measure_clear(&self) {
        self.state.borrow_mut().measure.clear();
    }

    /// Light estimation: the unit direction towards the main light, its intensity (linear
    /// RGB) and, if given, 27 spherical-harmonics numbers (9 RGB coefficients) of the
    /// surrounding light, all in the light probe's `probeSpace`; `probe_pose` (16 numbers,
    /// column-major: `frame.getPose(probe.probeSpace, refSpace).transform.matrix`) turns the
    /// direction and the SH into the session's space (its rotation only). Without it they are
    /// taken as given in the session's space.
    pub fn set_light(
        &self,
        direction: &[f32],
        intensity: &[f32],
        sh: Option<Vec<f32>>,
        probe_pose: Option<Vec<f32>>,
    ) -> Result<(), JsValue> {
        let rot = match probe_pose {
            Some(m) => probe_rotation(&m)?,
            None => Mat3::IDENTITY,
        };
        let dir = (rot * vec3(direction, "direction")?)
            .try_normalize()
            .ok_or_else(|| js_error("invalid", "/direction", "direction: zero length"))?;
        let rgb = vec3(intensity, "intensity")?.max(Vec3::ZERO);
        let mut l = Lighting::studio();
        l.key_direction = dir;
        l.key_color = rgb;
        if let Some(sh) = sh {
            let sh = sh_from_webxr(&sh)
                .ok_or_else(|| js_error("invalid", "/sh", "sh: 27 finite numbers"))?;
            l.sh = sh_rotate(&sh, rot);
        }
        self.state.borrow_mut().renderer.set_lighting(l);
        Ok(())
    }

    /// The SH in use (27 numbers, as WebXR orders them; for tests).
    pub fn light_sh(&self) -> Vec<f32> {
        let s = self.state.borrow();
        s.renderer
            .lighting()
            .sh
            .iter()
            .flat_map(|c| c.to_array())
            .collect()
    }

    /// This frame's depth map of view `view` (its index in the frame's views), from
    /// `XRCPUDepthInformation`: `width` × `height` values in `data` (its bytes) of
    /// `data_format` (`float32` or `luminance-alpha`), times `raw_to_meters`, and
    /// `norm_depth_buffer_from_norm_view` (16 numbers, column-major). Call it before
    /// [`ArSession::frame`]; real things nearer than the furniture then hide it in that frame.
    /// Throws `{ code: "invalid", pointer }` naming the field at fault.
    #[allow(clippy::too_many_arguments)]
    pub fn set_view_depth(
        &self,
        view: u32,
        width: u32,
        height: u32,
        data: &[u8],
        data_format: &str,
        raw_to_meters: f32,
        norm_depth_buffer_from_norm_view: &[f32],
    ) -> Result<(), JsValue> {
        if view >= 4 {
            return Err(js_error("invalid", "/view", "view: 0 to 3"));
        }
        let m = norm_depth_buffer_from_norm_view;
        if m.len() != 16 || m.iter().any(|f| !f.is_finite()) {
            return Err(js_error(
                "invalid",
                "/normDepthBufferFromNormView",
                "normDepthBufferFromNormView: 16 finite numbers",
            ));
        }
        let uv = Mat4::from_cols_slice(m);
        let mut s = self.state.borrow_mut();
        let st = &mut *s;
        depth_metres(
            data,
            (width, height),
            data_format,
            raw_to_meters,
            &mut st.depth_scratch,
        )
        .map_err(|e| {
            let (pointer, message) = e.describe();
            js_error("invalid", pointer, &message)
        })?;
        st.occlusion.set_depth(
            (&st.gpu.device, &st.gpu.queue),
            view as usize,
            (width, height),
            &st.depth_scratch,
            uv,
        );
        Ok(())
    }

    /// Whether real depth hides furniture behind real things (on by default; only matters
    /// while depth maps come in).
    pub fn set_occlusion(&self, on: bool) {
        let mut s = self.state.borrow_mut();
        s.occlusion_on = on;
        if !on {
            s.occlusion.clear();
        }
    }

    /// Whether occlusion by real depth is on.
    pub fn occlusion(&self) -> bool {
        self.state.borrow().occlusion_on
    }

    /// The key light's direction and colour in use (6 numbers; for tests).
    pub fn light(&self) -> Vec<f32> {
        let s = self.state.borrow();
        let l = s.renderer.lighting();
        vec![
            l.key_direction.x,
            l.key_direction.y,
            l.key_direction.z,
            l.key_color.x,
            l.key_color.y,
            l.key_color.z,
        ]
    }

    /// Draws one XR frame into the layer: `framebuffer` is `XRWebGLLayer.framebuffer` (null
    /// for the default one), `width` × `height` its size, `views` 36 numbers per view
    /// (projection, `transform.inverse.matrix`, viewport). Call it inside the XR frame
    /// callback; the GL commands run before it returns.
    pub fn frame(
        &self,
        framebuffer: Option<web_sys::WebGlFramebuffer>,
        width: u32,
        height: u32,
        views: &[f32],
    ) -> Result<(), JsValue> {
        let views = parse_views(views)?;
        self.state
            .borrow_mut()
            .frame(framebuffer, width, height, &views)
    }

    /// How many frames were drawn.
    pub fn frames(&self) -> u32 {
        self.state.borrow().frames
    }

    /// The height of the real floor in the session's space (the room's y = 0).
    pub fn floor_y(&self) -> f32 {
        self.state.borrow().floor_y
    }

    /// A summary for the overlay: `{ items, selected }`.
    pub fn summary(&self) -> JsValue {
        let s = self.state.borrow();
        Obj::new()
            .set("items", s.session.room.items().len() as u32)
            .set_opt("selected", s.session.room.selected().map(|i| i.0))
            .build()
    }
}

/// The rotation of a pose (16 numbers, column-major; scale and translation dropped).
fn probe_rotation(m: &[f32]) -> Result<Mat3, JsValue> {
    let bad = || {
        js_error(
            "invalid",
            "/probePose",
            "probe pose: 16 finite numbers of a rigid transform",
        )
    };
    if m.len() != 16 || m.iter().any(|f| !f.is_finite()) {
        return Err(bad());
    }
    let (_, q, _) = Mat4::from_cols_slice(m).to_scale_rotation_translation();
    if !q.is_finite() || q.length_squared() < 0.5 {
        return Err(bad());
    }
    Ok(Mat3::from_quat(q.normalize()))
}
