// Instrumentation shared by the two benchmark pages (roomfit.html, model-viewer.html). A classic
// script, loaded first and synchronously, so it is in place before either viewer's code runs.
// It is the same file for both viewers and run.mjs does not count its bytes.
//
// window.bench:
//   model            the GLB file name (query ?model=, default oslo-sofa.glb), served at /models/
//   params           the page's URLSearchParams
//   use(adapter)     the page says how to drive its viewer: { element, step(), renders(), pixels() }
//                    step(): move the camera once (called once per animation frame while orbiting)
//                    renders(): how many frames the viewer has drawn so far (or null)
//                    pixels(): the size in pixels (width × height) the viewer draws at now: both
//                    viewers lower their resolution while frames are slow (or null)
//   drawn(info)      the page calls this when its viewer reports the model drawn AND visible
//   failed(message)  the page calls this when its viewer reports an error
//   ready            a Promise: resolves once the first frame with the model has been presented,
//                    to { signal, gpuDone, firstFrame, info } (ms since navigation start, i.e.
//                    performance.now()):
//                      signal:     when the viewer's own event(s) said the model is drawn and visible
//                                  (the draw calls are made: the GPU may not have run them yet)
//                      gpuDone:    when the GPU finished all work the page had submitted by then:
//                                  WebGPU queue.onSubmittedWorkDone() of every device configured on
//                                  a canvas, and a WebGL2 fence (fenceSync, polled) on every WebGL2
//                                  context; both wrapped here before the viewer's code runs
//                      firstFrame: the first requestAnimationFrame callback after gpuDone: the frame
//                                  holding the model has then been drawn and handed to the compositor
//   orbit(seconds, minFrames = 0, maxSeconds = Infinity)
//                    moves the camera every animation frame for at least `seconds` and at least
//                    `minFrames` frames (but no longer than maxSeconds); resolves to
//                    { frames, renders, ms, pixels }: animation frames seen, frames the viewer drew,
//                    time, and the mean of adapter.pixels() over the animation frames

(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  const model = params.get('model') || 'oslo-sofa.glb';
  if (!/^[\w.-]+\.glb$/i.test(model)) throw new Error(`bad ?model=${model}: a .glb file name in models/`);

  let adapter = null;
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  let settled = false;

  // Counts frames a WebGPU canvas has drawn (each draw asks its context for the current texture
  // once), and keeps the devices configured on canvases. Only roomfit uses WebGPU; model-viewer's
  // frame count comes from its own render counter.
  let gpuCanvasFrames = 0;
  const gpuDevices = new Set();
  if (typeof GPUCanvasContext !== 'undefined') {
    const getCurrentTexture = GPUCanvasContext.prototype.getCurrentTexture;
    GPUCanvasContext.prototype.getCurrentTexture = function benchGetCurrentTexture() {
      gpuCanvasFrames++;
      return getCurrentTexture.call(this);
    };
    const configure = GPUCanvasContext.prototype.configure;
    GPUCanvasContext.prototype.configure = function benchConfigure(config) {
      if (config && config.device) gpuDevices.add(config.device);
      return configure.call(this, config);
    };
  }
  // Keeps every WebGL2 context of the page (model-viewer draws with one).
  const glContexts = new Set();
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function benchGetContext(type, ...rest) {
    const ctx = getContext.call(this, type, ...rest);
    if (ctx && type === 'webgl2') glContexts.add(ctx);
    return ctx;
  };

  /** Resolves when the GPU has run everything submitted so far by the page's WebGPU devices and WebGL2 contexts. */
  function gpuDone() {
    const waits = [...gpuDevices].map((d) => d.queue.onSubmittedWorkDone().catch(() => {}));
    for (const gl of glContexts) {
      if (gl.isContextLost()) continue;
      const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
      if (!sync) continue;
      gl.flush();
      waits.push(
        new Promise((resolve) => {
          const poll = () => {
            if (gl.isContextLost() || gl.getSyncParameter(sync, gl.SYNC_STATUS) === gl.SIGNALED) {
              gl.deleteSync(sync);
              resolve();
            } else {
              setTimeout(poll, 5);
            }
          };
          poll();
        }),
      );
    }
    return Promise.all(waits).then(() => waits.length);
  }

  window.bench = {
    model,
    params,
    get gpuCanvasFrames() {
      return gpuCanvasFrames;
    },
    use(a) {
      adapter = a;
    },
    drawn(info = {}) {
      if (settled) return;
      settled = true;
      const signal = performance.now();
      performance.mark('bench-signal', { startTime: signal });
      gpuDone().then((fences) => {
        const done = performance.now();
        requestAnimationFrame(() => {
          const firstFrame = performance.now();
          performance.mark('bench-first-frame', { startTime: firstFrame });
          resolveReady({ signal, gpuDone: done, fences, firstFrame, info });
        });
      });
    },
    failed(message) {
      if (settled) return;
      settled = true;
      rejectReady(new Error(String(message)));
    },
    ready,
    orbit(seconds, minFrames = 0, maxSeconds = Infinity) {
      if (!adapter) return Promise.reject(new Error('the page did not call bench.use()'));
      return new Promise((resolve) => {
        const renders0 = adapter.renders();
        let frames = 0;
        let start = null;
        let pixels = 0;
        const tick = (now) => {
          if (start === null) start = now;
          const elapsed = now - start;
          if ((elapsed >= seconds * 1000 && frames >= minFrames) || elapsed >= maxSeconds * 1000) {
            const renders1 = adapter.renders();
            resolve({
              frames,
              renders: renders0 == null || renders1 == null ? null : renders1 - renders0,
              ms: now - start,
              pixels: adapter.pixels && frames ? pixels / frames : null,
            });
            return;
          }
          if (adapter.pixels) pixels += adapter.pixels() ?? NaN;
          frames++;
          adapter.step();
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
  };
})();
