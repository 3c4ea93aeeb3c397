// A minimal static file server for browser tests that need control over response headers
// (the CSP test) or serve a build that is not the repository (the Vite test's dist/).
//
// staticServer({ mounts: { '/': dir, '/models/': dir2 }, headers }) serves files under each mount
// (longest prefix first), with the content types browsers need (application/wasm for
// streaming compilation) and `headers` on every response. Resolves to { url, stop() }.

import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

export function staticServer({ mounts, headers = {} }) {
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const mount = entries.find(([prefix]) => pathname.startsWith(prefix));
    let file = null;
    if (mount) {
      const [prefix, dir] = mount;
      const candidate = path.resolve(dir, `./${pathname.slice(prefix.length)}`);
      if (candidate === path.resolve(dir) || candidate.startsWith(path.resolve(dir) + path.sep)) file = candidate;
    }
    try {
      if (file && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      const size = file ? statSync(file).size : -1;
      if (size < 0) throw new Error('no file');
      res.writeHead(200, {
        ...headers,
        'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-store',
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/`,
        stop: () => new Promise((r) => {
          server.closeAllConnections?.();
          server.close(() => r());
        }),
      });
    });
  });
}
