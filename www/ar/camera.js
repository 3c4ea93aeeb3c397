// The camera view of <roomfit-viewer> (loaded only when a shopper starts it): the rear camera
// in a <video> behind the element's transparent canvas, on which the wasm viewer draws the
// room without floor or walls (its contact shadows darken the video). Device orientation
// turns the view (3 degrees of freedom: there is no tracking, so placement is approximate, and
// the view says so); the shopper sets the camera's height above the floor. The camera image
// stays in this page: it is never uploaded, copied or recorded, and every track is stopped on
// leaving.
//
// startCameraView(element, { viewer, root, motion, onEnd }) -> Promise<{ end(), ended }>
//   viewer: the element's wasm Viewer; root: its shadow root (the canvas is in it); motion:
//   the promise of iOS's DeviceOrientationEvent.requestPermission() if the caller asked already;
//   onEnd(): called once when the view ends (by end(), the leave button or a lost camera);
//   strings: the controls' texts in the shopper's language (the element's string table:
//   { label, approx, height, heightHelp, leave, metres(h), m(h) }; default English).
// Rejects with the getUserMedia error (NotAllowedError, NotFoundError, ...) before changing
// anything when the camera cannot be opened.

const css = `
  canvas.over-camera { position: relative; z-index: 1; }
  video.camera { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; z-index: 0; }
  .camera-ui { position: absolute; inset: auto 0 0 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 6px 12px;
               align-items: center; padding: 6px 10px; font: 13px system-ui, sans-serif; color: #111;
               background: rgba(255,255,255,.85); }
  .camera-ui .approx { font-weight: 600; }
  .camera-ui label { display: inline-flex; gap: 6px; align-items: center; }
  .camera-ui input[type=range] { width: 120px; }
  .camera-ui button { font: inherit; padding: 4px 10px; }
`;

// A constructed stylesheet, as the element's own (a strict Content-Security-Policy allows those,
// not <style>); a <style> element where the browser has none. Returns what takes it away.
let sheet = null;
function addStyles(root) {
  try {
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.prepend(style);
    return () => style.remove();
  }
}

/** Asks iOS for motion and orientation access when it wants that (must run in a tap). */
async function orientationPermission() {
  const E = globalThis.DeviceOrientationEvent;
  if (typeof E?.requestPermission !== 'function') return 'granted';
  try {
    return await E.requestPermission();
  } catch {
    return 'denied';
  }
}

function screenAngle() {
  const a = globalThis.screen?.orientation?.angle ?? globalThis.orientation ?? 0;
  return Number.isFinite(Number(a)) ? Number(a) : 0;
}

const ENGLISH = {
  label: 'Camera view',
  approx: 'Camera view: placement is approximate',
  height: 'Camera height',
  heightHelp: 'How high the phone is above the floor; the furniture stands on that floor.',
  leave: 'Leave camera view',
  metres: (h) => `${h.toFixed(2)} metres`,
  m: (h) => `${h.toFixed(2)} m`,
};

export async function startCameraView(element, { viewer, root, motion, onEnd, strings }) {
  const t = { ...ENGLISH, ...strings };
  // In the tap that started it (iOS forgets the gesture after the camera prompt).
  const orientation = motion ?? orientationPermission();
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment' },
    audio: false,
  });
  const canvas = root.querySelector('canvas');
  const video = document.createElement('video');
  video.className = 'camera';
  video.setAttribute('part', 'camera');
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('playsinline', '');
  video.setAttribute('aria-hidden', 'true');
  video.srcObject = stream;
  const ui = document.createElement('div');
  ui.className = 'camera-ui';
  ui.setAttribute('part', 'camera-ui');
  ui.setAttribute('role', 'group');
  ui.setAttribute('aria-label', t.label);
  const height = viewer.camera_height();
  ui.innerHTML = `
    <span class="approx" role="note"></span>
    <label><span class="height-label"></span> <input type="range" min="0.3" max="2.5" step="0.05" part="camera-height"
      aria-describedby="camera-height-help"> <output></output></label>
    <span id="camera-height-help" hidden></span>
    <button type="button" part="camera-leave"></button>`;
  ui.querySelector('.approx').textContent = t.approx;
  ui.querySelector('.height-label').textContent = t.height;
  ui.querySelector('#camera-height-help').textContent = t.heightHelp;
  ui.querySelector('button').textContent = t.leave;
  const slider = ui.querySelector('input');
  const output = ui.querySelector('output');
  const leave = ui.querySelector('button');
  const show = (h) => {
    slider.value = String(h);
    output.value = t.m(h);
    slider.setAttribute('aria-valuetext', t.metres(h));
  };
  show(height);

  const unstyle = addStyles(root);
  canvas.classList.add('over-camera');
  root.insertBefore(video, canvas);
  root.insertBefore(ui, canvas.nextSibling);
  viewer.set_camera_view(true);
  viewer.set_camera_height(height);

  const onOrientation = (e) => viewer.device_orientation(e.alpha ?? undefined, e.beta ?? undefined, e.gamma ?? undefined, screenAngle());
  orientation.then((state) => {
    if (state === 'granted' && !ended) window.addEventListener('deviceorientation', onOrientation);
  });
  slider.addEventListener('input', () => show(viewer.set_camera_height(Number(slider.value))));

  let ended = false;
  let resolveEnded;
  const endedPromise = new Promise((r) => {
    resolveEnded = r;
  });
  const end = () => {
    if (ended) return endedPromise;
    ended = true;
    window.removeEventListener('deviceorientation', onOrientation);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
    video.remove();
    ui.remove();
    canvas.classList.remove('over-camera');
    unstyle();
    viewer.set_camera_view(false);
    viewer.redraw();
    resolveEnded({ shareCode: viewer.share_code() });
    onEnd?.();
    return endedPromise;
  };
  leave.addEventListener('click', () => end());
  for (const track of stream.getVideoTracks()) track.addEventListener('ended', () => end());
  try {
    await video.play();
  } catch (e) {
    end();
    throw e;
  }
  return { end, ended: endedPromise, stream };
}
