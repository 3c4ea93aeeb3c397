// roomfit's meshopt decoder (a wasm build's glue, www/pkg/BUILD/roomfit.js, after initSync or
// init) as `meshoptDecode(target, source, mode, filter, count, stride)`, called the way
// meshoptimizer's MeshoptDecoder calls its own wasm: integers across the boundary, the
// compressed bytes copied into the module's memory (one `set`), decoded there, and the output
// copied into `target` (one `set`). `mode` is 0, 1 or 2 for ATTRIBUTES, TRIANGLES and INDICES,
// `filter` 0 to 4 for NONE, OCTAHEDRAL, QUATERNION, EXPONENTIAL and COLOR; `target` must hold
// exactly count * stride bytes. Throws `{ code: 'bad-compression', message }`.
// Used by www/bench/meshopt-bench.mjs and tests/meshopt-wasm.test.mjs.
export function roomfitMeshopt(glue) {
  const memory = glue.meshoptMemory();
  let heap = new Uint8Array(memory.buffer);
  return {
    simd: glue.meshoptSimd(),
    meshoptDecode(target, source, mode, filter, count, stride) {
      const at = glue.meshoptScratch(source.length, target.length);
      // Memory growth (in meshoptScratch or meshoptDecodeRaw) detaches the old buffer.
      if (heap.byteLength === 0) heap = new Uint8Array(memory.buffer);
      // 0: no room (meshoptDecodeRaw then reports it).
      if (at !== 0) heap.set(source, at);
      if (glue.meshoptDecodeRaw(mode, filter, count, stride) !== 0) throw glue.meshoptError();
      if (heap.byteLength === 0) heap = new Uint8Array(memory.buffer);
      const out = at + source.length;
      target.set(heap.subarray(out, out + target.length));
    },
  };
}
