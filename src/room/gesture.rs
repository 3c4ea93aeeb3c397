//! Pointer gestures in the 3D room view, interpreted here so the browser (and later AR) only
//! forwards raw pointers: one finger or the mouse on an item drags it on the floor (it stops at
//! contact), on empty space orbits the camera; a tap selects (or, on empty floor, deselects);
//! two fingers pinch to zoom and twist to turn the selected item, in 15° steps unless free
//! twisting is on. The caller gives each pointer's screen position (CSS pixels) and its ray
//! into the scene; camera changes come back in the [`Response`] for the caller to apply.

use std::f32::consts::PI;

use glam::{Vec2, Vec3};

use super::collision::Blocker;
use super::event::Event;
use super::item::{ItemId, Pose};
use super::pick::{Hit, Ray, Target};
use super::room::Room;

/// A press that moves less than this (CSS pixels) before it ends is a tap.
pub const TAP_SLOP: f32 = 6.0;
/// Orbit: a drag across the whole view width turns the camera by this much (radians)…
pub const ORBIT_PER_WIDTH: f32 = PI;
/// …and one across its whole height tilts it by this much.
pub const TILT_PER_HEIGHT: f32 = PI * 0.5;
/// A dragged item never goes further than this from the camera (metres): near the horizon the
/// floor point under the pointer runs away.
const MAX_DRAG_DISTANCE: f32 = 30.0;

/// What kind of device a pointer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerKind {
    /// A mouse.
    Mouse,
    /// A finger.
    Touch,
    /// A pen.
    Pen,
}

impl PointerKind {
    /// From a DOM `PointerEvent.pointerType` (`"mouse"`, `"touch"`, `"pen"`; others count as
    /// a mouse).
    pub fn parse(s: &str) -> Self {
        match s {
            "touch" => PointerKind::Touch,
            "pen" => PointerKind::Pen,
            _ => PointerKind::Mouse,
        }
    }
}

/// One pointer sample.
#[derive(Debug, Clone, Copy)]
pub struct Pointer {
    /// The DOM pointer id.
    pub id: i32,
    /// Mouse, finger or pen.
    pub kind: PointerKind,
    /// Position in the view, CSS pixels from its top-left corner.
    pub screen: Vec2,
    /// The ray from the camera through that position.
    pub ray: Ray,
}

/// What an input did.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Whether the input was used (the browser's default action should then be prevented).
    pub handled: bool,
    /// Camera turn: x turns around the vertical (radians, positive turns the view to the
    /// right), y tilts (positive looks more from above).
    pub orbit: Vec2,
    /// Camera zoom factor (> 1 comes closer; 1 for none).
    pub zoom: f32,
    /// Whether the camera should frame the whole room again.
    pub reset_view: bool,
    /// Whether something visible changed (an item moved while dragging, the selection).
    pub redraw: bool,
    /// What happened to the room, to announce and report.
    pub events: Vec<Event>,
}

impl Default for Response {
    fn default() -> Self {
        Self {
            handled: false,
            orbit: Vec2::ZERO,
            zoom: 1.0,
            reset_view: false,
            redraw: false,
            events: Vec::new(),
        }
    }
}

impl Response {
    pub(crate) fn handled() -> Self {
        Self {
            handled: true,
            ..Self::default()
        }
    }

    fn event(mut self, e: Event) -> Self {
        self.redraw = true;
        self.events.push(e);
        self
    }
}

/// Where a drag holds an item: the pointer's ray meets a horizontal plane at the height it
/// grabbed the item (or the item's wall), and the item's centre keeps its offset from there.
#[derive(Debug, Clone, Copy)]
struct Grab {
    plane_y: f32,
    wall: Option<usize>,
    offset: Vec2,
}

#[derive(Debug, Clone, Copy)]
struct Tracked {
    id: i32,
    start: Vec2,
    last: Vec2,
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    Idle,
    /// One pointer down, not moved beyond the tap slop yet.
    Press {
        id: i32,
        grab: Option<(ItemId, Grab)>,
    },
    Drag {
        id: i32,
        item: ItemId,
        grab: Grab,
        start: Pose,
        blocked_by: Option<Blocker>,
    },
    Orbit {
        id: i32,
    },
    Two {
        item: Option<ItemId>,
        start_angle: f32,
        start_yaw: f32,
        last_dist: f32,
        turned: bool,
    },
    /// A two-finger gesture lost a finger: ignore the rest until all are up.
    Spent,
}

/// The pointer gesture state of one view.
#[derive(Debug, Clone)]
pub struct Gestures {
    pointers: Vec<Tracked>,
    mode: Mode,
    viewport: Vec2,
    free_twist: bool,
}

impl Default for Gestures {
    fn default() -> Self {
        Self::new()
    }
}

fn horizontal_point(ray: &Ray, y: f32) -> Option<Vec3> {
    let d = ray.dir.try_normalize()?;
    if d.y.abs() < 1e-6 {
        return None;
    }
    let t = (y - ray.origin.y) / d.y;
    (t > 0.0 && t.is_finite()).then(|| ray.origin + d * t.min(MAX_DRAG_DISTANCE))
}

fn xz(p: Vec3) -> Vec2 {
    Vec2::new(p.x, p.z)
}

/// `a - b` wrapped into `-PI..PI`.
fn angle_between(a: f32, b: f32) -> f32 {
    (a - b + PI).rem_euclid(2.0 * PI) - PI
}

impl Gestures {
    /// No pointers down; a 1×1 view until [`Gestures::set_viewport`].
    pub fn new() -> Self {
        Self {
            pointers: Vec::new(),
            mode: Mode::Idle,
            viewport: Vec2::ONE,
            free_twist: false,
        }
    }

    /// The view's size in CSS pixels (orbit speed is relative to it).
    pub fn set_viewport(&mut self, width: f32, height: f32) {
        if width.is_finite() && height.is_finite() {
            self.viewport = Vec2::new(width.max(1.0), height.max(1.0));
        }
    }

    /// Whether a two-finger twist turns freely (true) or in 15° steps (false, the default).
    pub fn set_free_twist(&mut self, free: bool) {
        self.free_twist = free;
    }

    /// Whether a pointer gesture is under way.
    pub fn active(&self) -> bool {
        !self.pointers.is_empty()
    }

    fn orbit_for(&self, delta: Vec2) -> Vec2 {
        Vec2::new(
            delta.x / self.viewport.x * ORBIT_PER_WIDTH,
            delta.y / self.viewport.y * TILT_PER_HEIGHT,
        )
    }

    fn grab(room: &Room, hit: Hit) -> Option<(ItemId, Grab)> {
        let Target::Item(id) = hit.target else {
            return None;
        };
        let item = room.item(id)?;
        let centre = room.footprint(id)?.center;
        let wall = match item.pose {
            Pose::Wall { wall, .. } => Some(wall as usize),
            Pose::Floor { .. } => None,
        };
        Some((
            id,
            Grab {
                plane_y: hit.point.y,
                wall,
                offset: centre - xz(hit.point),
            },
        ))
    }

    fn drag_target(room: &Room, grab: &Grab, ray: &Ray) -> Option<Vec2> {
        let p = match grab.wall {
            Some(w) => ray.wall_point(room.walls().get(w)?)?,
            None => horizontal_point(ray, grab.plane_y)?,
        };
        Some(xz(p) + grab.offset)
    }

    fn two(&self) -> Option<(Vec2, Vec2)> {
        match self.pointers.as_slice() {
            [a, b] => Some((a.last, b.last)),
            _ => None,
        }
    }

    /// Ends a one-pointer drag in progress (when a second finger lands or the pointer is lost).
    fn finish_drag(&mut self, room: &mut Room) -> Response {
        let mut r = Response::handled();
        if let Mode::Drag {
            item,
            start,
            blocked_by,
            ..
        } = self.mode
        {
            room.end_gesture();
            let moved = room.item(item).is_some_and(|i| i.pose != start);
            r = r.event(if moved {
                Event::Moved {
                    id: item,
                    blocked_by,
                }
            } else {
                Event::Unchanged {
                    id: item,
                    blocked_by,
                }
            });
        }
        self.mode = Mode::Idle;
        r
    }

    /// A pointer went down.
    pub fn pointer_down(&mut self, room: &mut Room, p: Pointer) -> Response {
        if self.pointers.iter().any(|t| t.id == p.id) || self.pointers.len() >= 2 {
            return Response::handled();
        }
        self.pointers.push(Tracked {
            id: p.id,
            start: p.screen,
            last: p.screen,
        });
        match self.pointers.len() {
            1 => {
                let grab = room.pick(p.ray).and_then(|hit| Self::grab(room, hit));
                self.mode = Mode::Press { id: p.id, grab };
                Response::handled()
            }
            _ => {
                let r = self.finish_drag(room);
                let Some((a, b)) = self.two() else {
                    return r;
                };
                let item = room.selected().filter(|id| {
                    matches!(room.item(*id).map(|i| i.pose), Some(Pose::Floor { .. }))
                });
                if item.is_some() {
                    room.begin_gesture();
                }
                let d = b - a;
                self.mode = Mode::Two {
                    item,
                    start_angle: d.y.atan2(d.x),
                    start_yaw: item.and_then(|id| room.yaw(id)).unwrap_or(0.0),
                    last_dist: d.length(),
                    turned: false,
                };
                r
            }
        }
    }

    /// A pointer moved.
    pub fn pointer_move(&mut self, room: &mut Room, p: Pointer) -> Response {
        let Some(t) = self.pointers.iter_mut().find(|t| t.id == p.id) else {
            return Response::default();
        };
        let (start, prev) = (t.start, t.last);
        t.last = p.screen;
        let mut r = Response::handled();
        match self.mode {
            Mode::Press { id, grab } if id == p.id => {
                if p.screen.distance(start) < TAP_SLOP {
                    return r;
                }
                match grab {
                    Some((item, grab)) => {
                        if room.selected() != Some(item) && room.select(Some(item)).is_ok() {
                            r = r.event(Event::Selected(Some(item)));
                        }
                        let Some(start) = room.item(item).map(|i| i.pose) else {
                            self.mode = Mode::Idle;
                            return r;
                        };
                        room.begin_gesture();
                        self.mode = Mode::Drag {
                            id,
                            item,
                            grab,
                            start,
                            blocked_by: None,
                        };
                        r.redraw |= self.drag(room, &p);
                    }
                    None => {
                        self.mode = Mode::Orbit { id };
                        r.orbit = self.orbit_for(p.screen - start);
                    }
                }
            }
            Mode::Drag { id, .. } if id == p.id => r.redraw |= self.drag(room, &p),
            Mode::Orbit { id } if id == p.id => r.orbit = self.orbit_for(p.screen - prev),
            Mode::Two {
                item,
                start_angle,
                start_yaw,
                last_dist,
                turned,
            } => {
                let Some((a, b)) = self.two() else {
                    return r;
                };
                let d = b - a;
                let dist = d.length();
                if last_dist > 1.0 && dist > 1.0 {
                    r.zoom = dist / last_dist;
                }
                let mut now_turned = turned;
                if let Some(id) = item {
                    let twist = angle_between(d.y.atan2(d.x), start_angle);
                    // Clockwise on screen (y down) is clockwise seen from above: yaw decreases.
                    if let Ok(out) = room.rotate_to(id, start_yaw - twist, self.free_twist) {
                        now_turned |= out.changed;
                        r.redraw |= out.changed;
                    }
                }
                self.mode = Mode::Two {
                    item,
                    start_angle,
                    start_yaw,
                    last_dist: dist,
                    turned: now_turned,
                };
            }
            _ => {}
        }
        r
    }

    fn drag(&mut self, room: &mut Room, p: &Pointer) -> bool {
        let Mode::Drag {
            item,
            grab,
            ref mut blocked_by,
            ..
        } = self.mode
        else {
            return false;
        };
        let Some(target) = Self::drag_target(room, &grab, &p.ray) else {
            return false;
        };
        match room.move_to(item, target) {
            Ok(out) => {
                *blocked_by = out.blocked_by;
                out.changed
            }
            Err(_) => false,
        }
    }

    /// A pointer went up: ends a drag (announcing where the item ended), a twist, or a tap
    /// (selecting the item under it, or deselecting on empty floor).
    pub fn pointer_up(&mut self, room: &mut Room, p: Pointer) -> Response {
        self.release(room, p.id, true)
    }

    /// The browser took a pointer away (`pointercancel`): like up, but never a tap.
    pub fn pointer_cancel(&mut self, room: &mut Room, id: i32) -> Response {
        self.release(room, id, false)
    }

    fn release(&mut self, room: &mut Room, id: i32, may_tap: bool) -> Response {
        let Some(i) = self.pointers.iter().position(|t| t.id == id) else {
            return Response::default();
        };
        self.pointers.remove(i);
        let mut r = Response::handled();
        match self.mode {
            Mode::Press { id: pid, grab } if pid == id => {
                self.mode = Mode::Idle;
                let wanted = grab.map(|(item, _)| item);
                if may_tap && room.selected() != wanted && room.select(wanted).is_ok() {
                    r = r.event(Event::Selected(wanted));
                }
            }
            Mode::Drag { id: pid, .. } if pid == id => r = self.finish_drag(room),
            Mode::Orbit { id: pid } if pid == id => self.mode = Mode::Idle,
            Mode::Two { item, turned, .. } => {
                if let Some(item) = item {
                    room.end_gesture();
                    if turned {
                        r = r.event(Event::Turned(item));
                    }
                }
                self.mode = Mode::Spent;
            }
            _ => {}
        }
        if self.pointers.is_empty() {
            self.mode = Mode::Idle;
        }
        r
    }

    /// A wheel turn (`deltaY` in pixels): zooms.
    pub fn wheel(&mut self, delta_y: f32) -> Response {
        if !delta_y.is_finite() {
            return Response::default();
        }
        Response {
            zoom: (-delta_y.clamp(-1000.0, 1000.0) * 0.002).exp(),
            ..Response::handled()
        }
    }
}
