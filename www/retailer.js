// The retailer page: the retailer drops one or more catalogs (JSON) and their GLB files (drag
// and drop or the file input). Each catalog is checked on its own, then the set for what goes
// wrong only together (a retailer id two catalogs use), as the element merges several. The checker build (pkg/catalog/, loaded here on first use) runs the checks of
// `roomfit catalog check` on them in the browser: nothing is uploaded or fetched (the models are
// shown from blob: URLs of the dropped files). Lists every issue with its JSON pointer, severity,
// sentence and fix; offers the corrected catalog when the fixes are mechanical; shows each model
// beside a 1.75 m person and a ruler at the size the model really has.

const drop = document.getElementById('drop');
const input = document.getElementById('files');
const dropped = document.getElementById('dropped');
const summary = document.getElementById('summary');
const results = document.getElementById('results');
const together = document.getElementById('conflicts');
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

// A model's blob: URL is revoked once its viewer has read it (load or error). A viewer replaced
// by the next drop before that may still be reading it: its URL is revoked a minute later.
const modelUrls = new Set();
function modelRead(url) {
  if (modelUrls.delete(url)) URL.revokeObjectURL(url);
}
const downloadUrls = []; // the corrected catalogs offered

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

/** Each product's model of every catalog (a retailer id that an earlier catalog took is left
 * out, as the element does), from the dropped files. */
function showModels(catalogs, files) {
  for (const u of modelUrls) setTimeout(() => modelRead(u), 60_000);
  models.replaceChildren();
  const seen = new Set();
  for (const r of catalogs.flatMap((c) => c?.retailers ?? [])) {
    if (typeof r?.id !== 'string' || seen.has(r.id)) continue;
    seen.add(r.id);
    for (const p of Array.isArray(r.products) ? r.products : []) {
      const name = String(p.model?.glb ?? '').split(/[?#]/)[0].split('/').pop();
      const file = files.get(name);
      if (!file) continue;
      const url = URL.createObjectURL(file);
      modelUrls.add(url);
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
        modelRead(url);
        const [x, y, z] = e.detail.size_m;
        caption.textContent = `${title} (${r.id}/${p.id}): the model is ${Math.round(x * 100)} × ${Math.round(z * 100)} × ${Math.round(y * 100)} cm (width × depth × height)`;
        figure.dataset.size = [x, y, z].map((v) => v.toFixed(3)).join(' ');
        figure.querySelector('svg')?.remove();
        figure.insertBefore(scaleDrawing(x, y, title), caption);
      });
      viewer.addEventListener('error', (e) => {
        modelRead(url);
        caption.textContent = `${title} (${r.id}/${p.id}): cannot be shown: ${e.detail.message}`;
      });
      figure.append(viewer, caption);
      models.append(figure);
      viewer.setAttribute('src', url);
    }
  }
}

const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
const LABELS = ['Severity', 'Where (JSON pointer)', 'Problem', 'Fix'];

/** One catalog's result: its summary, its issues as a table, its corrected version, and its
 * models at the wrong scale corrected (`models`: [{ pointer, file, scale, bytes }]). */
function catalogResult(name, report, fixed, models) {
  const section = document.createElement('section');
  section.className = 'catalog';
  section.dataset.catalog = name;
  const h = document.createElement('h3');
  h.textContent = name;
  const p = document.createElement('p');
  p.className = 'catalog-summary';
  p.textContent = report.issues.length === 0 ? 'No issues.'
    : `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}.`;
  section.append(h, p);
  if (report.issues.length > 0) {
    const table = document.createElement('table');
    table.className = 'issues';
    table.setAttribute('role', 'table');
    const caption = table.createCaption();
    caption.textContent = `Issues in ${name}`;
    const head = table.createTHead().insertRow();
    head.setAttribute('role', 'row');
    for (const l of LABELS) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.setAttribute('role', 'columnheader');
      th.textContent = l;
      head.append(th);
    }
    const body = table.createTBody();
    for (const i of report.issues) {
      const tr = body.insertRow();
      tr.className = i.severity;
      tr.dataset.code = i.code;
      tr.setAttribute('role', 'row');
      [i.severity, i.pointer || '(file)', i.message, i.fix ?? ''].forEach((t, k) => {
        const td = tr.insertCell();
        td.setAttribute('role', 'cell');
        td.dataset.label = LABELS[k];
        if (k === 1) {
          const code = document.createElement('code');
          code.textContent = t;
          td.append(code);
        } else {
          td.textContent = t;
        }
      });
    }
    section.append(table);
  }
  if (fixed) {
    const h4 = document.createElement('h4');
    h4.textContent = 'Corrected catalog';
    const intro = document.createElement('p');
    intro.textContent = 'These mechanical fixes were made (check the result with roomfit catalog check):';
    const ul = document.createElement('ul');
    ul.className = 'applied';
    ul.append(...fixed.applied.map((a) => {
      const li = document.createElement('li');
      li.textContent = `${a.pointer}: ${a.change}`;
      return li;
    }));
    const a = document.createElement('a');
    a.className = 'download';
    a.href = URL.createObjectURL(new Blob([fixed.json], { type: 'application/json' }));
    downloadUrls.push(a.href);
    a.download = `${name.replace(/\.json$/i, '')}.fixed.json`;
    a.textContent = `Download the corrected ${name}`;
    section.append(h4, intro, ul, a);
  }
  if (models.length > 0) {
    const h4 = document.createElement('h4');
    h4.textContent = 'Corrected models';
    const intro = document.createElement('p');
    intro.textContent = 'These models were exported at the wrong scale; the catalog is right, so the fix is in the model. '
      + 'Each is scaled as a whole (one root node; meshes, materials and variants unchanged): replace the file with it, or export it again at the right scale.';
    const ul = document.createElement('ul');
    ul.className = 'models-fixed';
    ul.append(...models.map((m) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.className = 'download-model';
      a.href = URL.createObjectURL(new Blob([m.bytes], { type: 'model/gltf-binary' }));
      downloadUrls.push(a.href);
      a.download = `${m.file.replace(/\.glb$/i, '')}.fixed.glb`;
      a.dataset.file = m.file;
      a.textContent = `Download ${m.file} scaled by ${m.scale}`;
      li.append(a, ` (${m.pointer})`);
      return li;
    }));
    section.append(h4, intro, ul);
  }
  return section;
}

async function check(fileList) {
  const all = [...fileList];
  const jsons = all.filter((f) => /\.json$/i.test(f.name));
  const glbs = all.filter((f) => /\.glb$/i.test(f.name));
  dropped.textContent = `${plural(jsons.length, 'catalog')}, ${plural(glbs.length, 'model')}: ${all.map((f) => f.name).join(', ')}`;
  if (jsons.length === 0) {
    summary.textContent = 'No catalog: drop at least one catalog (.json) with its models.';
    return;
  }
  const names = jsons.map((f) => f.name);
  if (new Set(names).size !== names.length) {
    summary.textContent = 'Two catalogs have the same file name: rename one of them.';
    return;
  }
  summary.textContent = 'Checking…';
  const mod = await loadChecker();
  const texts = await Promise.all(jsons.map((f) => f.text()));
  const c = new mod.CatalogCheck();
  const files = new Map();
  try {
    for (const f of glbs) {
      c.add_file(f.name, new Uint8Array(await f.arrayBuffer()));
      files.set(f.name, f);
    }
    const checked = jsons.map((f, k) => {
      const r = JSON.parse(c.check(texts[k]));
      // The corrected models' bytes, made now (the checker is freed below).
      r.models = r.models.map((m) => ({ ...m, bytes: c.fixed_model(m.file, m.num, m.den) }));
      return { name: f.name, ...r };
    });
    const conflicts = jsons.length > 1 ? JSON.parse(c.conflicts(names, texts)) : [];
    for (const u of downloadUrls.splice(0)) URL.revokeObjectURL(u);
    results.replaceChildren(...checked.map((r) => catalogResult(r.name, r.report, r.fixed, r.models)));
    const list = together.querySelector('ul');
    list.replaceChildren(...conflicts.map((i) => {
      const li = document.createElement('li');
      li.className = 'conflict';
      li.dataset.code = i.code;
      li.textContent = i.message;
      return li;
    }));
    together.hidden = conflicts.length === 0;
    const errors = checked.reduce((n, r) => n + r.report.errors, 0) + conflicts.length;
    const warnings = checked.reduce((n, r) => n + r.report.warnings, 0);
    const one = (r) => (r.report.issues.length === 0 ? `${r.name}: no issues.`
      : `${r.name}: ${plural(r.report.errors, 'error')}, ${plural(r.report.warnings, 'warning')}.`);
    summary.textContent = checked.length === 1 ? one(checked[0])
      : `${plural(checked.length, 'catalog')}: ${errors + warnings === 0 ? 'no issues.'
        : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${conflicts.length ? ` (${conflicts.length} when put together)` : ''}.`}`;
    const catalogs = texts.map((t) => {
      try {
        return JSON.parse(t);
      } catch {
        return null; // Reported above as invalid JSON.
      }
    });
    showModels(catalogs, files);
    window.__lastCheck = { reports: checked.map((r) => ({ name: r.name, report: r.report })), conflicts };
    window.__lastReport = checked.length === 1 ? checked[0].report : undefined;
  } finally {
    c.free();
  }
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
