//! The posters of `catalog build`: rendered in this process, or in a child process that is
//! replaced every few posters.
//!
//! Why a child: Mesa's software Vulkan driver (lavapipe, what CI machines and GPU-less build
//! servers have) keeps memory for every model it has drawn until its process exits — about
//! 7.6 MB a product, still held after the wgpu device and instance are dropped. A catalog of a
//! few hundred products then needs gigabytes. The CLI therefore renders in `roomfit catalog
//! poster-worker` children ([`Posters::Worker`]), each ended after `every` posters, so memory
//! stays flat however long the catalog is. A crash of the driver fails that product only, with
//! the child's exit status in the message; the next poster starts a new child.
//!
//! The protocol is one JSON line each way per poster: the request
//! `{"glb": PATH, "variant": NAME|null, "size": PIXELS, "png": PATH}` and the reply `{"ok": true}`
//! (the PNG is at `png`) or `{"error": MESSAGE}`.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::asset::{self, Limits, Model};
use crate::render::{Renderer, offscreen};

/// Where posters are rendered.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Posters {
    /// In this process, on one GPU device for the whole build.
    #[default]
    InProcess,
    /// In child processes started with `command` (a program that runs [`serve_worker`] on its
    /// standard input and output, such as `roomfit catalog poster-worker`), each ended after
    /// `every` posters.
    Worker {
        /// The program and its arguments.
        command: Vec<OsString>,
        /// Posters per child (at least 1).
        every: usize,
    },
}

/// One poster to render, as sent to a worker.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    glb: PathBuf,
    variant: Option<String>,
    size: u32,
    png: PathBuf,
}

/// A worker's answer.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Reply {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The poster renderer of one build, shared by its threads.
pub(super) struct PosterRenderer {
    how: Posters,
    gpu: Gpu,
    child: Mutex<Option<Worker>>,
    seq: AtomicUsize,
}

impl PosterRenderer {
    pub(super) fn new(how: &Posters) -> Self {
        PosterRenderer {
            how: how.clone(),
            gpu: Gpu::default(),
            child: Mutex::new(None),
            seq: AtomicUsize::new(0),
        }
    }

    /// The PNG poster of one look of `model`, whose GLB is also at `glb` (for a worker) and
    /// whose PNG a worker writes next to `scratch_dir`'s other files.
    pub(super) fn poster(
        &self,
        model: &Model,
        glb: &Path,
        look: Option<&str>,
        size: u32,
        scratch_dir: &Path,
    ) -> Result<Vec<u8>, String> {
        let Posters::Worker { command, every } = &self.how else {
            return render_png(&self.gpu, model, look, size);
        };
        variant_index(model, look)?;
        let png = scratch_dir.join(format!(
            ".poster-{}-{}.png",
            std::process::id(),
            self.seq.fetch_add(1, Ordering::Relaxed)
        ));
        let request = Request {
            glb: glb.to_path_buf(),
            variant: look.map(str::to_owned),
            size,
            png: png.clone(),
        };
        let mut slot = self
            .child
            .lock()
            .map_err(|_| "the poster lock is poisoned")?;
        if slot.as_ref().is_some_and(|w| w.posters >= (*every).max(1)) {
            if let Some(w) = slot.take() {
                w.finish();
            }
        }
        let worker = match slot.as_mut() {
            Some(w) => w,
            None => slot.insert(Worker::start(command)?),
        };
        worker.posters += 1;
        let reply = match worker.ask(&request) {
            Ok(r) => r,
            Err(e) => {
                let status = slot.take().map(Worker::kill).unwrap_or_default();
                let _ = std::fs::remove_file(&png);
                return Err(format!("the poster renderer stopped ({e}{status})"));
            }
        };
        drop(slot);
        let result = match reply.error {
            Some(e) => Err(e),
            None if reply.ok => std::fs::read(&png).map_err(|e| format!("{}: {e}", png.display())),
            None => Err("the poster renderer gave no answer".into()),
        };
        let _ = std::fs::remove_file(&png);
        result
    }
}

impl Drop for PosterRenderer {
    fn drop(&mut self) {
        if let Some(w) = self.child.get_mut().ok().and_then(Option::take) {
            w.finish();
        }
    }
}

/// A running worker.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    posters: usize,
}

impl Worker {
    fn start(command: &[OsString]) -> Result<Worker, String> {
        let (program, args) = command.split_first().ok_or("no poster renderer command")?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start the poster renderer {}: {e}",
                    Path::new(program).display()
                )
            })?;
        match (child.stdin.take(), child.stdout.take()) {
            (Some(stdin), Some(stdout)) => Ok(Worker {
                child,
                stdin,
                stdout: BufReader::new(stdout),
                posters: 0,
            }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                Err("the poster renderer has no pipes".into())
            }
        }
    }

    fn ask(&mut self, request: &Request) -> Result<Reply, String> {
        let mut line = serde_json::to_string(request).map_err(|e| e.to_string())?;
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot send it a poster: {e}"))?;
        let mut answer = String::new();
        match self.stdout.read_line(&mut answer) {
            Ok(0) => Err("it ended without an answer".into()),
            Ok(_) => serde_json::from_str(&answer).map_err(|e| format!("unreadable answer: {e}")),
            Err(e) => Err(format!("cannot read its answer: {e}")),
        }
    }

    /// Closes its input (it then exits) and waits for it.
    fn finish(self) {
        let Worker {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        let _ = child.wait();
    }

    /// Ends it after a failure; `", exit status …"` if it had already ended.
    fn kill(mut self) -> String {
        let ended = self.child.try_wait().ok().flatten();
        let _ = self.child.kill();
        let status = ended.or_else(|| self.child.wait().ok());
        status.map_or(String::new(), |s| format!(", {s}"))
    }
}

/// The worker's side: answers poster requests from `input` on `output` until `input` ends.
/// Errors of one poster are answers; only broken pipes end it early.
pub fn serve_worker(input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    let gpu = Gpu::default();
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = match render_request(&gpu, &line) {
            Ok(()) => Reply {
                ok: true,
                error: None,
            },
            Err(e) => Reply {
                ok: false,
                error: Some(e),
            },
        };
        let mut text = serde_json::to_string(&reply).map_err(std::io::Error::other)?;
        text.push('\n');
        output.write_all(text.as_bytes())?;
        output.flush()?;
    }
    Ok(())
}

fn render_request(gpu: &Gpu, line: &str) -> Result<(), String> {
    let request: Request =
        serde_json::from_str(line).map_err(|e| format!("not a poster request: {e}"))?;
    let glb = std::fs::read(&request.glb)
        .map_err(|e| format!("cannot read {}: {e}", request.glb.display()))?;
    let model = asset::load(&glb, &Limits::default(), None)
        .map_err(|e| format!("the model does not load: {e}"))?;
    let png = render_png(gpu, &model, request.variant.as_deref(), request.size)?;
    std::fs::write(&request.png, png).map_err(|e| format!("{}: {e}", request.png.display()))
}

/// The GPU, opened by the first poster, shared by all threads of this process.
#[derive(Default)]
struct Gpu(OnceLock<Result<Mutex<(offscreen::Headless, Renderer)>, String>>);

impl Gpu {
    fn get(&self) -> Result<&Mutex<(offscreen::Headless, Renderer)>, String> {
        self.0
            .get_or_init(|| {
                let gpu = offscreen::headless()?;
                let renderer =
                    Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
                Ok(Mutex::new((gpu, renderer)))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The index of the variant named `look`, or an error naming it.
fn variant_index(model: &Model, look: Option<&str>) -> Result<Option<usize>, String> {
    match look {
        Some(name) => Ok(Some(
            model
                .variants
                .iter()
                .position(|v| v == name)
                .ok_or_else(|| format!("the model has no variant \"{name}\""))?,
        )),
        None => Ok(None),
    }
}

/// Renders the poster of one look of `model` as PNG bytes (opaque, light grey background).
fn render_png(gpu: &Gpu, model: &Model, look: Option<&str>, size: u32) -> Result<Vec<u8>, String> {
    let variant = variant_index(model, look)?;
    // Decoding happens outside the lock, so other threads keep the CPU busy meanwhile.
    let images = offscreen::decode_images(model);
    let mut pixels = {
        let mut guard = gpu.get()?.lock().map_err(|_| "the GPU lock is poisoned")?;
        let (headless, renderer) = &mut *guard;
        let grey = Some([0.93, 0.93, 0.93, 1.0]);
        offscreen::render_product(
            headless,
            renderer,
            model,
            &images,
            variant,
            grey,
            (size, size),
        )?
    };
    offscreen::unpremultiply(&mut pixels);
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &pixels,
        size,
        size,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| format!("PNG encoding failed: {e}"))?;
    Ok(png)
}
