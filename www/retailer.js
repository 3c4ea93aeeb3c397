// The retailer page: the retailer drops a catalog JSON and its GLB files (drag and drop or the
// file input). The checker build (pkg/catalog/, loaded here on first use) runs the checks of
// `roomfit catalog check` on them in the browser: nothing is uploaded or fetched (the models are
// shown from blob: URLs of the dropped files). Lists every issue with its JSON pointer, severity,
// sentence and fix; offers the corrected catalog when the fixes are mechanical; shows each model
// beside a 1.75 m person and a ruler at the size the model really has.

const drop = document.getElementById('drop');
const input = document.getElementById('files');
const dropped = document.getElementById('dropped');
const summary = document.getElementById('summary');
const table = document.getElementById('issues');
const fixes = document.getElementById('fixes');
const download = document.getElementById('download');
const models = document.getElementById('models');

let checker = null;
function loadChecker() {
  checker ??= (async () => {
    const mod = await import(new URL('pkg/catalog/roomfit.js', document.baseURI).href);
    await mod.default({ module_or_path: new URL('pkg/catalog/roomfit_bg.wasm', document.baseURI) });
    return mod;
  })();
  checker.catch(() => {
    checker = null;
  });
  return checker;
}

const blobUrls = [];

/** The scale drawing: the model's front (width × height, metres) beside a person and a ruler. */
function scaleDrawing(width, height, name) {
  const ns = 'http://www.w3.org/2000/svg';
  const person = 1.75;
  const top = Math.max(2, height + 0.1, person + 0.1);
  const px = 200 / top; // pixels per metre
  const w = (0.6 + 0.3 + width + 0.3) * px;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', String(Math.ceil(w)));
  svg.setAttribute('height', '220');
  svg.setAttribute('viewBox', `0 0 ${Math.ceil(w)} 220`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${name}: ${Math.round(width * 100)} cm wide and ${Math.round(height * 100)} cm tall, beside a 1.75 m person`);
  const ground = 210;
  const add = (tag, attrs) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    svg.append(e);
    return e;
  };
  // Ruler: a tick every 10 cm, labelled every 50 cm.
  add('line', { x1: 8, y1: ground, x2: 8, y2: ground - top * px, stroke: '#333' });
  for (let cm = 0; cm <= top * 100; cm += 10) {
    const y = ground - (cm / 100) * px;
    add('line', { x1: 8, y1: y, x2: cm % 50 === 0 ? 18 : 13, y2: y, stroke: '#333' });
    if (cm % 50 === 0 && cm > 0) add('text', { x: 20, y: y + 4, 'font-size': 9 }).textContent = `${cm / 100} m`;
  }
  // The person: head, body, legs, 1.75 m tall.
  const cx = 0.45 * px + 30;
  const s = px;
  add('circle', { cx, cy: ground - 1.64 * s, r: 0.11 * s, fill: '#9aa' , class: 'person' });
  add('rect', { x: cx - 0.2 * s, y: ground - 1.52 * s, width: 0.4 * s, height: 0.62 * s, rx: 0.08 * s, fill: '#9aa', class: 'person' });
  add('rect', { x: cx - 0.17 * s, y: ground - 0.9 * s, width: 0.14 * s, height: 0.9 * s, fill: '#9aa', class: 'person' });
  add('rect', { x: cx + 0.03 * s, y: ground - 0.9 * s, width: 0.14 * s, height: 0.9 * s, fill: '#9aa', class: 'person' });
  // The model's front.
  const x0 = cx + 0.45 * s;
  add('rect', { x: x0, y: ground - height * s, width: width * s, height: height * s, fill: '#c96', stroke: '#633', class: 'item' });
  add('line', { x1: 0, y1: ground, x2: w, y2: ground, stroke: '#333' });
  return svg;
}

function showModels(catalog, files) {
  for (const u of blobUrls.splice(0)) URL.revokeObjectURL(u);
  models.replaceChildren();
  for (const r of catalog?.retailers ?? []) {
    for (const p of r.products ?? []) {
      const name = String(p.model?.glb ?? '').split(/[?#]/)[0].split('/').pop();
      const file = files.get(name);
      if (!file) continue;
      const url = URL.createObjectURL(file);
      blobUrls.push(url);
      const figure = document.createElement('figure');
      figure.className = 'model';
      figure.dataset.product = `${r.id}/${p.id}`;
      const viewer = document.createElement('roomfit-viewer');
      const title = p.name?.en ?? Object.values(p.name ?? {})[0] ?? p.id;
      viewer.setAttribute('alt', `3D view of ${title}`);
      viewer.setAttribute('loading', 'eager'); // the page is about these models: load them at once
      const caption = document.createElement('figcaption');
      caption.textContent = `${title} (${r.id}/${p.id}): loading…`;
      viewer.addEventListener('load', (e) => {
        const [x, y, z] = e.detail.size_m;
        caption.textContent = `${title} (${r.id}/${p.id}): the model is ${Math.round(x * 100)} × ${Math.round(z * 100)} × ${Math.round(y * 100)} cm (width × depth × height)`;
        figure.dataset.size = [x, y, z].map((v) => v.toFixed(3)).join(' ');
        figure.querySelector('svg')?.remove();
        figure.insertBefore(scaleDrawing(x, y, title), caption);
      });
      viewer.addEventListener('error', (e) => {
        caption.textContent = `${title} (${r.id}/${p.id}): cannot be shown: ${e.detail.message}`;
      });
      figure.append(viewer, caption);
      models.append(figure);
      viewer.setAttribute('src', url);
    }
  }
}

async function check(fileList) {
  const all = [...fileList];
  const json = all.filter((f) => /\.json$/i.test(f.name));
  const glbs = all.filter((f) => /\.glb$/i.test(f.name));
  dropped.textContent = `${json.length} catalog${json.length === 1 ? '' : 's'}, ${glbs.length} model${glbs.length === 1 ? '' : 's'}: ${all.map((f) => f.name).join(', ')}`;
  if (json.length !== 1) {
    summary.textContent = 'Drop exactly one catalog (.json) with its models.';
    return;
  }
  summary.textContent = 'Checking…';
  const mod = await loadChecker();
  const text = await json[0].text();
  const c = new mod.CatalogCheck();
  const files = new Map();
  for (const f of glbs) {
    c.add_file(f.name, new Uint8Array(await f.arrayBuffer()));
    files.set(f.name, f);
  }
  const { report, fixed } = JSON.parse(c.check(text));
  c.free();
  window.__lastReport = report;
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const i of report.issues) {
    const tr = document.createElement('tr');
    tr.className = i.severity;
    tr.dataset.code = i.code;
    const cells = [i.severity, i.pointer || '(file)', i.message, i.fix ?? ''];
    cells.forEach((t, k) => {
      const td = document.createElement('td');
      if (k === 1) {
        const code = document.createElement('code');
        code.textContent = t;
        td.append(code);
      } else {
        td.textContent = t;
      }
      tr.append(td);
    });
    body.append(tr);
  }
  table.hidden = report.issues.length === 0;
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
  summary.textContent = report.issues.length === 0 ? `${json[0].name}: no issues.`
    : `${json[0].name}: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}.`;
  if (download.href) URL.revokeObjectURL(download.href);
  if (fixed) {
    const applied = document.getElementById('applied');
    applied.replaceChildren(...fixed.applied.map((a) => {
      const li = document.createElement('li');
      li.textContent = `${a.pointer}: ${a.change}`;
      return li;
    }));
    download.href = URL.createObjectURL(new Blob([fixed.json], { type: 'application/json' }));
    download.download = json[0].name.replace(/\.json$/i, '') + '.fixed.json';
    fixes.hidden = false;
  } else {
    download.removeAttribute('href');
    fixes.hidden = true;
  }
  let catalog = null;
  try {
    catalog = JSON.parse(text);
  } catch {
    // Reported above as invalid JSON.
  }
  showModels(catalog, files);
}

input.addEventListener('change', () => check(input.files).catch((e) => {
  summary.textContent = `Cannot check: ${e.message}`;
}));
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  check(e.dataTransfer.files).catch((err) => {
    summary.textContent = `Cannot check: ${err.message}`;
  });
});
