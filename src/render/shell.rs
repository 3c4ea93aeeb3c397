//! The room's shell in the 3D view: the floor (a grid every 50 cm, fading out at its edge when
//! there are no walls) and the walls' inner faces. Outer faces are culled, so from any side the
//! camera looks over the near walls into the room. See shell.wgsl.

use bytemuck::{Pod, Zeroable};
use glam::{Vec2, Vec3};
use wgpu::util::DeviceExt;

use super::pipeline::{self, Pass, PerSamples};

/// The floor to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Floor {
    /// Corner with the smallest x and z (metres).
    pub min: Vec2,
    /// Corner with the largest x and z.
    pub max: Vec2,
    /// Grid spacing (metres).
    pub grid: f32,
    /// Width of the soft edge (metres); 0 for a hard edge (a floor inside walls).
    pub fade: f32,
}

/// One wall to draw: a vertical rectangle from `start` to `end` on the floor, `height` tall,
/// seen from the side `inward` points to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WallPanel {
    /// One end on the floor (x, z).
    pub start: Vec2,
    /// The other end.
    pub end: Vec2,
    /// Height in metres.
    pub height: f32,
    /// Unit normal of the inner face (x, z).
    pub inward: Vec2,
}

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct ShellVertex {
    position: [f32; 3],
    normal: [f32; 3],
    kind: f32,
}

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct ShellUniform {
    grid: [f32; 4],
    rect: [f32; 4],
    floor_color: [f32; 4],
    wall_color: [f32; 4],
}

/// Floor grid line width (metres).
const LINE_WIDTH: f32 = 0.008;
/// Floor colour (sRGB) and how much grid lines darken it.
const FLOOR_COLOR: [f32; 4] = [0.87, 0.86, 0.84, 0.12];
/// Wall colour (sRGB).
const WALL_COLOR: [f32; 4] = [0.95, 0.94, 0.92, 0.0];

/// Pipeline and geometry of the shell.
pub struct Shell {
    /// One per sample count of the main pass.
    pub pipelines: PerSamples,
    uniform: wgpu::Buffer,
    group: wgpu::BindGroup,
    vertices: Option<(wgpu::Buffer, u32)>,
    drawn: Option<(Option<Floor>, Vec<WallPanel>)>,
}

/// Two triangles for the quad `a b c d` (in order around it), wound so `normal` faces front.
fn quad(out: &mut Vec<ShellVertex>, corners: [Vec3; 4], normal: Vec3, kind: f32) {
    let [a, b, c, d] = corners;
    let flip = (b - a).cross(c - a).dot(normal) < 0.0;
    let order = if flip {
        [a, c, b, a, d, c]
    } else {
        [a, b, c, a, c, d]
    };
    out.extend(order.iter().map(|p| ShellVertex {
        position: p.to_array(),
        normal: normal.to_array(),
        kind,
    }));
}

const ATTRIBUTES: [wgpu::VertexAttribute; 3] =
    wgpu::vertex_attr_array![0 => Float32x3, 1 => Float32x3, 2 => Float32];

/// The shell's pipeline but for its sample count.
const DESCRIBE: pipeline::Describe = |shader, layout, format, depth| {
    Pass::new("shell", layout, shader, pipeline::blended(format))
        .vertex(wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<ShellVertex>() as u64,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &ATTRIBUTES,
        })
        .cull(Some(wgpu::Face::Back))
        .depth(depth, true, 1)
};

impl Shell {
    /// Creates the pipeline for the main pass (`format`, `samples`, `depth` as there).
    pub fn new(
        device: &wgpu::Device,
        frame_layout: &wgpu::BindGroupLayout,
        format: wgpu::TextureFormat,
        samples: u32,
        depth: wgpu::TextureFormat,
    ) -> Self {
        let shader = device.create_shader_module(wgsl!("render/shell.wgsl"));
        let layout = pipeline::uniform_layout(device, "shell", wgpu::ShaderStages::FRAGMENT, false);
        let pipeline_layout =
            pipeline::layout(device, "shell", &[Some(frame_layout), Some(&layout)]);
        let uniform = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("shell"),
            size: std::mem::size_of::<ShellUniform>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("shell"),
            layout: &layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: uniform.as_entire_binding(),
            }],
        });
        Self {
            pipelines: PerSamples::new(
                device,
                (shader, pipeline_layout),
                (format, depth, samples),
                DESCRIBE,
            ),
            uniform,
            group,
            vertices: None,
            drawn: None,
        }
    }

    /// Uploads the geometry of `floor` and `walls` if it differs from the last frame's; says
    /// whether it did (the vertex buffer is then a new one).
    pub fn prepare(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        floor: Option<Floor>,
        walls: &[WallPanel],
    ) -> bool {
        if self
            .drawn
            .as_ref()
            .is_some_and(|(f, w)| *f == floor && w == walls)
        {
            return false;
        }
        let mut verts = Vec::with_capacity(6 + walls.len() * 6);
        if let Some(f) = floor {
            let (a, b) = (f.min, f.max);
            quad(
                &mut verts,
                [
                    Vec3::new(a.x, 0.0, a.y),
                    Vec3::new(b.x, 0.0, a.y),
                    Vec3::new(b.x, 0.0, b.y),
                    Vec3::new(a.x, 0.0, b.y),
                ],
                Vec3::Y,
                0.0,
            );
            let u = ShellUniform {
                grid: [f.grid.max(0.01), LINE_WIDTH, f.fade.max(0.0), 0.0],
                rect: [a.x, a.y, b.x, b.y],
                floor_color: FLOOR_COLOR,
                wall_color: WALL_COLOR,
            };
            queue.write_buffer(&self.uniform, 0, bytemuck::bytes_of(&u));
        } else {
            let u = ShellUniform {
                grid: [1.0, LINE_WIDTH, 0.0, 0.0],
                rect: [0.0; 4],
                floor_color: FLOOR_COLOR,
                wall_color: WALL_COLOR,
            };
            queue.write_buffer(&self.uniform, 0, bytemuck::bytes_of(&u));
        }
        for w in walls {
            let n = Vec3::new(w.inward.x, 0.0, w.inward.y);
            let (s, e) = (
                Vec3::new(w.start.x, 0.0, w.start.y),
                Vec3::new(w.end.x, 0.0, w.end.y),
            );
            let up = Vec3::Y * w.height.max(0.0);
            quad(&mut verts, [s, e, e + up, s + up], n, 1.0);
        }
        if let Some((old, _)) = self.vertices.take() {
            old.destroy();
        }
        if !verts.is_empty() {
            let buffer = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some("shell"),
                contents: bytemuck::cast_slice(&verts),
                usage: wgpu::BufferUsages::VERTEX,
            });
            self.vertices = Some((buffer, verts.len() as u32));
        }
        self.drawn = Some((floor, walls.to_vec()));
        true
    }

    /// Draws what [`Shell::prepare`] uploaded into a pass of `samples` samples per pixel
    /// (made by `PerSamples::ensure`). The frame bind group must be set at group 0.
    pub fn draw<'a>(&'a self, pass: &mut wgpu::RenderBundleEncoder<'a>, samples: u32) {
        let (Some((buffer, count)), Some(pipeline)) = (&self.vertices, self.pipelines.get(samples))
        else {
            return;
        };
        pass.set_pipeline(pipeline);
        pass.set_bind_group(1, &self.group, &[]);
        pass.set_vertex_buffer(0, buffer.slice(..));
        pass.draw(0..*count, 0..1);
    }
}
