//! What an AR session holds: the room (handed over by share code), the products the overlay
//! offers and their models, the current hit, anchors, the tape measure and the GPU side.

use std::collections::HashMap;

use glam::{Mat4, Vec2, Vec3, Vec4};
use wasm_bindgen::JsValue;

use super::super::errors::js_error;
use super::super::room_session::RoomSession;
use super::gpu::{COLOR, ViewTarget, XrGpu};
use crate::render::composite::Composite;
use crate::render::occlusion::Occlusion;
use crate::render::reticle::{Marker, Reticle};
use crate::render::{Backdrop, Camera, Renderer, Scene, room_scene};
use crate::room::{ItemId, Ray, RoomError, Surface};

/// An anchor an item follows: where the anchor was and where the item stood when they were
/// paired; when tracking moves the anchor, the item moves by as much.
#[derive(Clone, Copy)]
pub struct Anchored {
    pub anchor: Vec3,
    pub item: Vec2,
}

/// The current hit-test result.
#[derive(Clone, Copy)]
pub struct HitNow {
    pub pose: Mat4,
    pub surface: Surface,
}

/// One XR view of a frame: projection (wgpu depth 0..1), view matrix, viewport.
pub struct XrView {
    pub proj: Mat4,
    pub view: Mat4,
    pub viewport: [f32; 4],
}

pub struct ArState {
    pub gpu: XrGpu,
    pub renderer: Renderer,
    reticle: Reticle,
    composite: Composite,
    targets: Vec<ViewTarget>,
    /// Real depth hiding the furniture (depth sensing; fed per view each frame).
    pub occlusion: Occlusion,
    /// Whether real depth hides furniture (on by default; tests and benchmarks switch it).
    pub occlusion_on: bool,
    /// Scratch for depth maps converted to metres.
    pub depth_scratch: Vec<f32>,
    /// The room, its products and models (shared with the 3D room view's code).
    pub session: RoomSession,
    pub hit: Option<HitNow>,
    /// Which surface the reticle is shown on (floor, or wall while a wall item is chosen).
    pub reticle_on: Surface,
    /// Height of the real floor in the session's space (the room's y = 0).
    pub floor_y: f32,
    pub anchors: HashMap<ItemId, Anchored>,
    pub measure: Vec<Vec3>,
    pub frames: u32,
    /// A restored arrangement waiting for the shopper's first floor tap: the room point
    /// (`Room::arrangement_origin`) that goes where they tap. Until then the arrangement
    /// follows the reticle.
    pub awaiting: Option<Vec2>,
}

impl ArState {
    pub fn new(gpu: XrGpu) -> Self {
        let renderer = Renderer::new(&gpu.device, &gpu.queue, COLOR);
        let reticle = Reticle::new(&gpu.device, COLOR);
        let composite = Composite::new(&gpu.device, COLOR);
        let occlusion = Occlusion::new(&gpu.device, renderer.pass_formats());
        Self {
            gpu,
            renderer,
            reticle,
            composite,
            targets: Vec::new(),
            occlusion,
            occlusion_on: true,
            depth_scratch: Vec::new(),
            session: RoomSession::new(),
            hit: None,
            reticle_on: Surface::Floor,
            floor_y: 0.0,
            anchors: HashMap::new(),
            measure: Vec::new(),
            frames: 0,
            awaiting: None,
        }
    }

    /// The current hit, if it is on the floor.
    pub fn floor_hit(&self) -> Option<HitNow> {
        self.hit.filter(|h| h.surface == Surface::Floor)
    }

    /// Puts a restored arrangement where the current floor hit is: its origin point there,
    /// relative positions and turns kept, in one undo step. The hit's height becomes the
    /// floor's. Returns `None` when there is no floor hit or no arrangement waits.
    pub fn place_arrangement(&mut self) -> Result<Option<usize>, RoomError> {
        let (Some(origin), Some(hit)) = (self.awaiting, self.floor_hit()) else {
            return Ok(None);
        };
        let at = hit.pose.w_axis.truncate();
        self.session.room.shift(Vec2::new(at.x, at.z) - origin)?;
        self.floor_y = at.y;
        self.awaiting = None;
        Ok(Some(self.session.room.items().len()))
    }

    /// A ray of the session's space in room coordinates (the room's floor is y = 0). None
    /// while a restored arrangement waits for its place (it is not really anywhere yet).
    pub fn room_ray(&self, origin: Vec3, dir: Vec3) -> Option<Ray> {
        if self.awaiting.is_some() {
            return None;
        }
        let dir = dir.try_normalize()?;
        origin
            .is_finite()
            .then(|| Ray::new(origin - Vec3::Y * self.floor_y, dir))
    }

    /// The session-space point of a hit in room coordinates.
    pub fn to_room(&self, p: Vec3) -> Vec3 {
        p - Vec3::Y * self.floor_y
    }

    /// Re-pairs an item with its anchor's last known position after the shopper moved it.
    pub fn rebase_anchor(&mut self, id: ItemId) {
        let Some(centre) = self.session.room.footprint(id).map(|f| f.center) else {
            return;
        };
        if let Some(a) = self.anchors.get_mut(&id) {
            a.item = centre;
        }
    }

    /// Follows an anchor the session tracks at `at` (session space). Returns whether the item
    /// moved.
    pub fn follow_anchor(&mut self, id: ItemId, at: Vec3) -> Result<bool, RoomError> {
        let Some(a) = self.anchors.get(&id).copied() else {
            return Ok(false);
        };
        // While the shopper drags or twists, the hand decides; the pair is re-made after.
        if self.session.gestures.active() {
            return Ok(false);
        }
        let target = a.item + Vec2::new(at.x - a.anchor.x, at.z - a.anchor.z);
        let Some(now) = self.session.room.footprint(id).map(|f| f.center) else {
            self.anchors.remove(&id);
            return Ok(false);
        };
        // Tracking jitter below 2 mm is not worth an undo step.
        if target.distance(now) < 0.002 || !target.is_finite() {
            return Ok(false);
        }
        Ok(self.session.room.move_to(id, target)?.changed)
    }

    /// Draws the room for each view and copies the pictures into the layer.
    pub fn frame(
        &mut self,
        framebuffer: Option<web_sys::WebGlFramebuffer>,
        width: u32,
        height: u32,
        views: &[XrView],
    ) -> Result<(), JsValue> {
        if width == 0 || height == 0 {
            return Err(js_error("invalid", "", "the XR layer has no pixels"));
        }
        // A restored arrangement waiting for its place follows the reticle on the floor.
        let lift = match (self.awaiting, self.floor_hit()) {
            (Some(origin), Some(h)) => {
                let at = h.pose.w_axis.truncate();
                Mat4::from_translation(at - Vec3::new(origin.x, 0.0, origin.y))
            }
            _ => Mat4::from_translation(Vec3::Y * self.floor_y),
        };
        let rs = &self.session;
        let mut scene: Scene = room_scene(&rs.room, &|i| rs.model_of(i), Backdrop::CameraImage);
        scene.clear = Some([0.0; 4]);
        for item in &mut scene.items {
            item.transform = lift * item.transform;
        }
        let mut markers = Vec::new();
        if let Some(h) = self.hit.filter(|h| h.surface == self.reticle_on) {
            markers.push(Marker::reticle(h.pose));
        }
        for p in &self.measure {
            markers.push(Marker::point(*p));
        }
        if let [a, b] = self.measure[..] {
            markers.extend(Marker::line(a, b));
        }
        let mut drawn = Vec::new();
        for (i, v) in views.iter().enumerate() {
            let [x, y, w, h] = v.viewport;
            // iwer's mono mode has a right eye 0 px wide: skip empty views.
            let size = (w.max(0.0) as u32, h.max(0.0) as u32);
            if size.0 == 0 || size.1 == 0 || x < 0.0 || y < 0.0 {
                continue;
            }
            if x + w > width as f32 + 0.5 || y + h > height as f32 + 0.5 {
                return Err(js_error(
                    "invalid",
                    "",
                    "an XR viewport lies outside the layer",
                ));
            }
            if self.targets.get(i).is_none_or(|t| t.size != size) {
                let t = ViewTarget::new(&self.gpu, &self.composite, size);
                if i < self.targets.len() {
                    self.targets[i] = t;
                } else {
                    self.targets.push(t);
                }
            }
            let camera = Camera {
                view: v.view,
                proj: v.proj,
                position: v.view.inverse().transform_point3(Vec3::ZERO),
            };
            let target = &self.targets[i];
            // Real depth first, when this view has a depth map this frame.
            let prime = if self.occlusion_on {
                self.occlusion
                    .prime((&self.gpu.device, &self.gpu.queue), i, v.proj, size)
            } else {
                None
            };
            match &prime {
                Some(first) => self
                    .renderer
                    .render_after(first, &scene, &camera, &target.view),
                None => self.renderer.render(&scene, &camera, &target.view),
            }
            self.reticle.draw(
                &self.gpu.device,
                &self.gpu.queue,
                camera.view_proj(),
                &markers,
                &target.view,
            );
            drawn.push(i);
        }
        // A depth map is for the frame it came with.
        self.occlusion.clear();
        let layer = self.gpu.wrap_layer(framebuffer, width, height);
        let layer_view = layer.create_view(&Default::default());
        let sources: Vec<_> = drawn
            .iter()
            .map(|&i| (&self.targets[i].source, views[i].viewport))
            .collect();
        self.composite
            .draw(&self.gpu.device, &self.gpu.queue, &sources, &layer_view);
        self.frames = self.frames.wrapping_add(1);
        Ok(())
    }
}

/// Parses the views JavaScript packs per frame: for each view 36 floats, the WebXR projection
/// (GL clip depth -1..1), `transform.inverse.matrix` and the viewport `[x, y, width, height]`.
pub fn parse_views(floats: &[f32]) -> Result<Vec<XrView>, JsValue> {
    if floats.is_empty() || !floats.len().is_multiple_of(36) || floats.len() > 36 * 4 {
        return Err(js_error(
            "invalid",
            "/views",
            "views: 36 numbers per view, 1 to 4 views",
        ));
    }
    if floats.iter().any(|f| !f.is_finite()) {
        return Err(js_error(
            "invalid",
            "/views",
            "views: a number is not finite",
        ));
    }
    // GL clip z (-1..1) to wgpu's (0..1).
    let gl_to_wgpu = Mat4::from_cols(
        Vec4::X,
        Vec4::Y,
        Vec4::new(0.0, 0.0, 0.5, 0.0),
        Vec4::new(0.0, 0.0, 0.5, 1.0),
    );
    Ok(floats
        .chunks_exact(36)
        .map(|c| XrView {
            proj: gl_to_wgpu * Mat4::from_cols_slice(&c[0..16]),
            view: Mat4::from_cols_slice(&c[16..32]),
            viewport: [c[32], c[33], c[34], c[35]],
        })
        .collect())
}

/// A pose matrix from 16 column-major numbers.
pub fn pose(m: &[f32]) -> Result<Mat4, JsValue> {
    if m.len() != 16 || m.iter().any(|f| !f.is_finite()) {
        return Err(js_error(
            "invalid",
            "/pose",
            "a pose is 16 finite numbers (column-major)",
        ));
    }
    Ok(Mat4::from_cols_slice(m))
}

/// A point or direction from 3 numbers.
pub fn vec3(v: &[f32], what: &str) -> Result<Vec3, JsValue> {
    match v {
        [x, y, z] if v.iter().all(|f| f.is_finite()) => Ok(Vec3::new(*x, *y, *z)),
        _ => Err(js_error(
            "invalid",
            &format!("/{what}"),
            &format!("{what}: 3 finite numbers"),
        )),
    }
}
