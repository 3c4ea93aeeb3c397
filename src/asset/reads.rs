//! The geometry reads of the loader (a primitive's attributes and indices), and reading them
//! ahead for [`super::load_owned`]: in descending order of where they lie in buffer 0 (the GLB
//! binary chunk), cutting the buffer back behind each read, so that the memory of the file is
//! reused for the model as it is read.
//!
//! A read ahead gives exactly what the loader's own read would have given, error included (the
//! same function does both, with the same arguments): the loader takes its results in its own
//! order, so a file with several problems is refused for the same one either way.

use std::borrow::Cow;
use std::collections::{BTreeSet, BinaryHeap};

use super::accessor::{self, Buffers, Expect};
use super::doc::{Root, Type};
use super::error::Result;
use super::limits::Limits;

/// How the loader reads one vertex attribute: into vectors of `N` floats.
pub(super) struct Attribute<const N: usize> {
    /// The attribute's name in the primitive.
    pub name: &'static str,
    /// The element types allowed.
    types: &'static [Type],
    /// Whether integer components are allowed in any file; otherwise only in files using
    /// `KHR_mesh_quantization`.
    integers: bool,
    /// The value of the components an element lacks (alpha of a VEC3 colour).
    fill: [f32; N],
}

const VEC2: &[Type] = &[Type::Vec2];
const VEC3: &[Type] = &[Type::Vec3];
const VEC4: &[Type] = &[Type::Vec4];
const VEC3_4: &[Type] = &[Type::Vec3, Type::Vec4];

pub(super) const POSITION: Attribute<3> = Attribute {
    name: "POSITION",
    types: VEC3,
    integers: false,
    fill: [0.0; 3],
};
pub(super) const NORMAL: Attribute<3> = Attribute {
    name: "NORMAL",
    types: VEC3,
    integers: false,
    fill: [0.0; 3],
};
pub(super) const TANGENT: Attribute<4> = Attribute {
    name: "TANGENT",
    types: VEC4,
    integers: false,
    fill: [0.0; 4],
};
pub(super) const TEXCOORD_0: Attribute<2> = Attribute {
    name: "TEXCOORD_0",
    types: VEC2,
    integers: true,
    fill: [0.0; 2],
};
pub(super) const TEXCOORD_1: Attribute<2> = Attribute {
    name: "TEXCOORD_1",
    types: VEC2,
    integers: true,
    fill: [0.0; 2],
};
pub(super) const COLOR_0: Attribute<4> = Attribute {
    name: "COLOR_0",
    types: VEC3_4,
    integers: true,
    fill: [0.0, 0.0, 0.0, 1.0],
};

/// The attributes read after POSITION, in the loader's order.
const AFTER_POSITION: [Kind; 5] = [
    Kind::V3(&NORMAL),
    Kind::V4(&TANGENT),
    Kind::V2(&TEXCOORD_0),
    Kind::V2(&TEXCOORD_1),
    Kind::V4(&COLOR_0),
];

/// Reads attribute `a` from accessor `index` for the reference `referrer`.
fn read_attribute<const N: usize>(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
    a: &Attribute<N>,
    index: usize,
    referrer: &str,
    quantized: bool,
    limits: &Limits,
) -> Result<Vec<[f32; N]>> {
    let expect = Expect {
        types: a.types,
        integers: a.integers || quantized,
        finite: true,
    };
    accessor::read_vectors(
        root,
        buffers,
        index,
        referrer,
        &expect,
        limits.max_vertices_per_primitive,
        a.fill,
    )
}

/// Reads index accessor `index` for the reference `referrer`, for `vertices` vertices.
fn read_indices(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
    index: usize,
    referrer: &str,
    vertices: usize,
    limits: &Limits,
) -> Result<Vec<u32>> {
    let max = limits.max_vertices_per_primitive.saturating_mul(3);
    accessor::read_indices(root, buffers, index, referrer, vertices, max)
}

/// Reads done ahead, in the order the loader takes them (its meshes in the order it loads
/// them, their primitives, and in each the attributes in its order, then the indices), each
/// with its key: the JSON pointer of the reference, which names the primitive and the
/// attribute, or its indices. The loader takes them one after the other. (A queue rather than
/// a map: the same result for less code in the browser build.)
pub(super) struct Queue<T> {
    slots: Vec<(String, Option<Result<Vec<T>>>)>,
    next: usize,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue {
            slots: Vec::new(),
            next: 0,
        }
    }
}

impl<T> Queue<T> {
    /// Reserves the next slot for the read `key`; returns its position.
    fn plan(&mut self, key: String) -> usize {
        self.slots.push((key, None));
        self.slots.len() - 1
    }

    fn fill(&mut self, at: usize, read: Result<Vec<T>>) {
        if let Some(slot) = self.slots.get_mut(at) {
            slot.1 = Some(read);
        }
    }

    /// The next read, if it is `key`'s.
    fn take(&mut self, key: &str) -> Option<Result<Vec<T>>> {
        let slot = self.slots.get_mut(self.next).filter(|s| s.0 == key)?;
        self.next += 1;
        slot.1.take()
    }
}

/// Geometry read ahead by [`Reads::prefetch`], by element type.
#[derive(Default)]
pub(super) struct Reads {
    v2: Queue<[f32; 2]>,
    v3: Queue<[f32; 3]>,
    v4: Queue<[f32; 4]>,
    /// Keyed by the reference and the vertex count the indices were checked against.
    indices: Queue<u32>,
    /// Whether [`Reads::prefetch`] ran: every read is then expected to have been read ahead.
    prefetched: bool,
}

/// An element type the loader reads attributes into, with its queue in [`Reads`].
pub(super) trait Element: Copy + Sized {
    /// The queue of read-ahead attributes of this type.
    fn read_ahead(reads: &mut Reads) -> &mut Queue<Self>;
}

impl Element for [f32; 2] {
    fn read_ahead(reads: &mut Reads) -> &mut Queue<Self> {
        &mut reads.v2
    }
}

impl Element for [f32; 3] {
    fn read_ahead(reads: &mut Reads) -> &mut Queue<Self> {
        &mut reads.v3
    }
}

impl Element for [f32; 4] {
    fn read_ahead(reads: &mut Reads) -> &mut Queue<Self> {
        &mut reads.v4
    }
}

/// The key of the indices of the primitive at `ptr`, checked against `vertices` vertices.
fn indices_key(ptr: &str, vertices: usize) -> String {
    format!("{ptr}/indices {vertices}")
}

/// A read to do ahead.
#[derive(Clone, Copy)]
enum Kind {
    V2(&'static Attribute<2>),
    V3(&'static Attribute<3>),
    V4(&'static Attribute<4>),
    /// Indices for this many vertices.
    Indices(usize),
}

struct Planned {
    kind: Kind,
    /// The primitive's JSON pointer.
    ptr: String,
    accessor: usize,
    /// Its slot in the queue of its type.
    slot: usize,
    /// The range of buffer 0 the read may touch (`None`: none).
    footprint: Option<(u64, u64)>,
}

/// The range of buffer 0 that reading accessor `index` may touch: its bufferView and its sparse
/// views there. A view that does not exist keeps the whole buffer until it is read (and
/// refused).
fn footprint(root: &Root<'_>, index: usize) -> Option<(u64, u64)> {
    let acc = root.accessors.get(index)?;
    let sparse = acc
        .sparse
        .iter()
        .flat_map(|s| [s.indices_view, s.values_view]);
    let mut out: Option<(u64, u64)> = None;
    for v in acc.buffer_view.into_iter().chain(sparse) {
        let (start, end) = match root.buffer_views.get(v) {
            Some(view) if view.buffer != 0 => continue,
            Some(view) => (
                view.byte_offset,
                view.byte_offset.saturating_add(view.byte_length),
            ),
            None => (0, u64::MAX),
        };
        out = Some(out.map_or((start, end), |(s, e)| (s.min(start), e.max(end))));
    }
    out
}

impl Reads {
    /// Attribute `a` of the primitive at `ptr` (a JSON pointer), from accessor `index`: read
    /// now, or taken from what [`Reads::prefetch`] read.
    #[allow(clippy::too_many_arguments)]
    pub fn attribute<const N: usize>(
        &mut self,
        root: &Root<'_>,
        buffers: &Buffers<'_>,
        a: &Attribute<N>,
        index: usize,
        ptr: &str,
        quantized: bool,
        limits: &Limits,
    ) -> Result<Vec<[f32; N]>>
    where
        [f32; N]: Element,
    {
        let referrer = format!("{ptr}/attributes/{}", a.name);
        if let Some(read) = <[f32; N] as Element>::read_ahead(self).take(&referrer) {
            return read;
        }
        debug_assert!(!self.prefetched, "{referrer} was not read ahead");
        read_attribute(root, buffers, a, index, &referrer, quantized, limits)
    }

    /// The indices of the primitive at `ptr`, from accessor `index`, each checked to be below
    /// `vertices`: read now, or taken from what [`Reads::prefetch`] read.
    pub fn indices(
        &mut self,
        root: &Root<'_>,
        buffers: &Buffers<'_>,
        index: usize,
        ptr: &str,
        vertices: usize,
        limits: &Limits,
    ) -> Result<Vec<u32>> {
        if let Some(read) = self.indices.take(&indices_key(ptr, vertices)) {
            return read;
        }
        debug_assert!(!self.prefetched, "{ptr}/indices were not read ahead");
        read_indices(
            root,
            buffers,
            index,
            &format!("{ptr}/indices"),
            vertices,
            limits,
        )
    }

    /// Reads ahead every attribute and index accessor the loader will read for the triangle
    /// primitives of `meshes` (in the order the loader loads them; repeats are loaded once), in
    /// descending order of where they lie in buffer 0, and after each read cuts buffer 0 (if
    /// the loader owns it) back to the end of the data still to be read.
    ///
    /// It reads what the loader would read, no more: an attribute whose count differs from
    /// POSITION's is refused by the loader before it is read, so it is not read ahead either
    /// (the loader's vertex budget, counted on POSITION, then bounds what is read). Nothing else
    /// may read buffer 0 after this (images are read before).
    pub fn prefetch(
        root: &Root<'_>,
        buffers: &mut Buffers<'_>,
        meshes: impl Iterator<Item = usize>,
        quantized: bool,
        limits: &Limits,
    ) -> Reads {
        let mut reads = Reads {
            prefetched: true,
            ..Reads::default()
        };
        let mut plan = Vec::new();
        let max = limits.max_vertices_per_primitive;
        let mut seen = BTreeSet::new();
        for m in meshes {
            let Some(mesh) = root.meshes.get(m).filter(|_| seen.insert(m)) else {
                continue;
            };
            for (pi, p) in mesh.primitives.iter().enumerate() {
                let Some(position) = p.attribute("POSITION").filter(|_| p.is_triangles()) else {
                    continue;
                };
                let ptr = format!("/meshes/{m}/primitives/{pi}");
                let mut add = |kind, accessor| {
                    let attribute = |name| format!("{ptr}/attributes/{name}");
                    let slot = match kind {
                        Kind::V2(a) => reads.v2.plan(attribute(a.name)),
                        Kind::V3(a) => reads.v3.plan(attribute(a.name)),
                        Kind::V4(a) => reads.v4.plan(attribute(a.name)),
                        Kind::Indices(n) => reads.indices.plan(indices_key(&ptr, n)),
                    };
                    plan.push(Planned {
                        kind,
                        ptr: ptr.clone(),
                        accessor,
                        slot,
                        footprint: footprint(root, accessor),
                    });
                };
                add(Kind::V3(&POSITION), position);
                // Nothing else is read unless POSITION is (with this count).
                let Some(count) = root
                    .accessors
                    .get(position)
                    .map(|a| a.count)
                    .filter(|&n| n <= max)
                else {
                    continue;
                };
                for kind in AFTER_POSITION {
                    let name = match kind {
                        Kind::V2(a) => a.name,
                        Kind::V3(a) => a.name,
                        Kind::V4(a) => a.name,
                        Kind::Indices(_) => continue,
                    };
                    let Some(i) = p.attribute(name) else {
                        continue;
                    };
                    let declared = root.accessors.get(i).map(|a| a.count);
                    if declared.is_some_and(|n| n <= max && n != count) {
                        continue; // refused by the loader before it is read
                    }
                    add(kind, i);
                }
                if let Some(i) = p.indices {
                    // `count` fits in usize: it is at most `max`, which the loader allocates.
                    add(Kind::Indices(count as usize), i);
                }
            }
        }
        // The order of the reads: from the end of buffer 0 down, then those outside buffer 0.
        // (A heap sort: less code in the browser build than the slice sorts.)
        let order: Vec<(Option<u64>, usize)> = BinaryHeap::from_iter(
            plan.iter()
                .enumerate()
                .map(|(k, r)| (std::cmp::Reverse(r.footprint.map(|(s, _)| s)), k)),
        )
        .into_sorted_vec()
        .into_iter()
        .map(|(std::cmp::Reverse(start), k)| (start, k))
        .collect();
        // still_needed[j]: the end of what reads j.. (in that order) read in buffer 0.
        let mut still_needed = vec![0u64; order.len() + 1];
        for j in (0..order.len()).rev() {
            let end = plan[order[j].1].footprint.map_or(0, |(_, e)| e);
            still_needed[j] = still_needed[j + 1].max(end);
        }
        for (j, &(_, k)) in order.iter().enumerate() {
            reads.read_ahead(root, buffers, &plan[k], quantized, limits);
            if let Some(Cow::Owned(bin)) = buffers.data.get_mut(0) {
                let keep = usize::try_from(still_needed[j + 1]).unwrap_or(usize::MAX);
                if keep < bin.len() {
                    bin.truncate(keep);
                    bin.shrink_to_fit();
                }
            }
        }
        reads
    }

    fn read_ahead(
        &mut self,
        root: &Root<'_>,
        buffers: &Buffers<'_>,
        r: &Planned,
        quantized: bool,
        limits: &Limits,
    ) {
        let (ptr, i) = (&r.ptr, r.accessor);
        let referrer = |name: &str| format!("{ptr}/attributes/{name}");
        match r.kind {
            Kind::V2(a) => {
                let read =
                    read_attribute(root, buffers, a, i, &referrer(a.name), quantized, limits);
                self.v2.fill(r.slot, read);
            }
            Kind::V3(a) => {
                let read =
                    read_attribute(root, buffers, a, i, &referrer(a.name), quantized, limits);
                self.v3.fill(r.slot, read);
            }
            Kind::V4(a) => {
                let read =
                    read_attribute(root, buffers, a, i, &referrer(a.name), quantized, limits);
                self.v4.fill(r.slot, read);
            }
            Kind::Indices(vertices) => {
                let referrer = format!("{ptr}/indices");
                let read = read_indices(root, buffers, i, &referrer, vertices, limits);
                self.indices.fill(r.slot, read);
            }
        }
    }
}
