#!/usr/bin/env bash
# Builds the browser builds of roomfit:
#   www/pkg/webgpu/  wgpu's WebGPU backend only, the product view only (`--no-default-features`:
#                    no `room` feature, so no room view, share codes or camera view; no
#                    `full-geometry`, so no meshopt decoder or MikkTSpace: such a model is
#                    refused with `needs-full-build` and shown by webgpu-room): what
#                    browsers with WebGPU fetch before the first frame
#   www/pkg/webgpu-room/ the same plus the room (the `room` feature, on by default): the element
#                    loads it the first time the shopper or the page needs the room, and moves
#                    the product over to it
#   www/pkg/webgl/   plus wgpu's WebGL2 backend (`--features webgl`; the fallback, much larger)
#   www/pkg/webgl-ar/ the WebXR immersive-ar build (`--features ar`: WebGL2 plus src/web/xr/,
#                    the `ArSession`); loaded by www/ar/webxr.js only when the shopper starts AR
#   www/pkg/handoff/ the handoff functions alone (`--features handoff-web`: checkout links,
#                    stores, slots, .ics, QR, and several catalogs merged and compared; loaded
#                    only when the shopper checks out or looks for a store, or the element
#                    first needs its catalogs)
#   www/pkg/usdz/    the USDZ writer alone (`--features usdz-web`: one product or the whole room
#                    as USDZ for iOS AR Quick Look, from the GLB bytes; loaded only when the
#                    shopper starts Quick Look, by www/ar/quicklook.js)
#   www/pkg/catalog/ the retailer page's checker (`--features catalog-web`: the checks of
#                    `roomfit catalog check` and the mechanical fixes; loaded by retailer.html)
# each holding roomfit.js, roomfit_bg.wasm and the .d.ts files wasm-bindgen writes; then
# www/roomfit-viewer.min.js, the element minified, and its two lazily imported parts,
# www/roomfit-viewer-room.min.js and www/roomfit-viewer-zh.min.js (scripts/minify-element.mjs).
#
# Usage: scripts/build-wasm.sh [webgpu] [webgpu-room] [webgl] [webgl-ar] [handoff] [usdz] [catalog]
#        (no argument: all seven)
# Needs what scripts/setup.sh installs (run `make wasm`, which runs setup first).
# Respects CARGO_TARGET_DIR and RUSTFLAGS.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'build-wasm: %s\n' "$*" >&2; }
die() { printf 'build-wasm: ERROR: %s\n' "$*" >&2; exit 1; }

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac

wasm_opt=node_modules/binaryen/bin/wasm-opt
command -v wasm-bindgen >/dev/null 2>&1 || die "wasm-bindgen not found; run scripts/setup.sh (or make wasm)."
[ -f "$wasm_opt" ] || die "$wasm_opt not found; run scripts/setup.sh (or make wasm) to install node_modules."
[ -d node_modules/esbuild ] || die "node_modules/esbuild not found; run scripts/setup.sh (or make wasm) to install node_modules."

# WebAssembly features wasm-opt must accept. rustc 1.95's wasm32-unknown-unknown target (LLVM's
# "generic" CPU) enables bulk-memory (+ bulk-memory-opt), nontrapping-float-to-int, sign-ext,
# mutable-globals, reference-types (+ call-indirect-overlong) and multivalue, and records them
# in a target_features section that wasm-opt also reads. Tested on a wgpu 30 probe with that
# section stripped: without bulk-memory (memory.copy/fill), nontrapping-float-to-int,
# reference-types (wasm-bindgen's externref table) or multivalue, wasm-opt refuses the module.
# wasm-opt only emits features enabled here; all of them are in every browser with WebGPU/WebGL2.
wasm_opt_features=(
  --enable-bulk-memory
  --enable-nontrapping-float-to-int
  --enable-sign-ext
  --enable-mutable-globals
  --enable-reference-types
  --enable-multivalue
)

# Two unstable rustc flags, for these release builds only (RUSTC_BOOTSTRAP=1 on that one cargo
# command; rustc 1.95 accepts both):
#   -Zlocation-detail=none  panic locations carry no file, line or column: no source paths in
#                           the wasm. A panic still reaches the console with its message
#                           (src/web/mod.rs), just without a location.
#   -Zfmt-debug=shallow     #[derive(Debug)] prints the type name only (wgpu's many enums and
#                           descriptors). Nothing the browser build shows depends on derived
#                           Debug output; `{:?}` of strings and numbers (core's impls) still works.
size_flags=(-Zlocation-detail=none -Zfmt-debug=shallow)

# The WebGPU build (what every browser with WebGPU fetches before its first frame) also
# recompiles the standard library with the immediate-abort panic strategy
# (-Zbuild-std=std,panic_abort -Zunstable-options -Cpanic=immediate-abort; rust-src, which
# scripts/setup.sh installs): a panic is then a bare `unreachable` trap, without the panic
# machinery, its formatting or its messages (about 11 KB brotli less). The trade-off: a panic
# (a bug: nothing from outside may cause one) no longer prints "roomfit: internal error: ..." to
# the console; the page sees the same RuntimeError ("unreachable") that panic=abort gave after
# printing. Its own target directory below $target_dir, because these flags change every
# dependency and would otherwise rebuild them each time the builds alternate.
immediate_abort_flags=(-Zunstable-options -Cpanic=immediate-abort)
immediate_abort_cargo=(-Zbuild-std=std,panic_abort)

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# Where cargo puts wasm artifacts (CARGO_TARGET_DIR, build.target-dir in a config, or ./target).
target_dir="$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(JSON.parse(s).target_directory))')"

builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=(webgpu webgpu-room webgl webgl-ar handoff usdz catalog)

total_start="$(now)"
for build in "${builds[@]}"; do
  # The WebGPU build uses WebAssembly SIMD (the meshopt decoder's simd128 path,
  # crates/roomfit-meshopt/src/simd.rs): every browser with WebGPU has it. The WebGL2 build, for
  # browsers without WebGPU, stays without: WebAssembly SIMD came in Chrome 91, Firefox 89 and
  # Safari 16.4, so with it iOS/macOS Safari 15.x-16.3 (which have WebGL2) could not run the
  # fallback.
  build_dir="$target_dir"
  build_flags=()
  build_cargo=()
  profile_env=()
  case "$build" in
    webgpu | webgpu-room)
      # webgpu: the product view alone; webgpu-room: with the room (the default features).
      if [ "$build" = webgpu ]; then features=(--no-default-features); else features=(); fi
      # simd128 in RUSTFLAGS, not after `--` (which reaches the roomfit crate only): the
      # decoder is its own crate, roomfit-meshopt. Every crate of this build (the standard
      # library too) gets the feature; this build has its own target directory anyway.
      opt_simd=(--enable-simd)
      build_dir="$target_dir/webgpu-immediate-abort"
      build_flags=("${immediate_abort_flags[@]}" -Ctarget-feature=+simd128)
      build_cargo=("${immediate_abort_cargo[@]}")
      if [ "$build" = webgpu ]; then
        # The first-frame build is optimised for size throughout (opt-level "z" instead of the
        # release profile's "s": it has no meshopt decoder, the one hot loop that "z" slowed
        # down). A profile change rebuilds every dependency, so it has a directory of its own.
        build_dir="$target_dir/webgpu-product"
        profile_env=(CARGO_PROFILE_RELEASE_OPT_LEVEL=z)
      fi
      ;;
    webgl) features=(--features webgl); opt_simd=() ;;
    # Like webgl (no SIMD: the same phones), plus the WebXR session.
    webgl-ar) features=(--features ar); opt_simd=() ;;
    handoff) features=(--features handoff-web); opt_simd=() ;;
    usdz) features=(--features usdz-web); opt_simd=() ;;
    catalog) features=(--features catalog-web); opt_simd=() ;;
    *) die "unknown build '$build' (expected webgpu, webgpu-room, webgl, webgl-ar, handoff, usdz or catalog)" ;;
  esac
  out="www/pkg/$build"
  tmp="www/pkg/.$build.tmp"

  # A cdylib's file name carries no hash, so every build (webgpu, webgl, and any other checkout
  # of roomfit sharing this CARGO_TARGET_DIR, such as a CI clone) writes the same roomfit.wasm,
  # and cargo may call its own unit fresh while the file holds another build. Removing the file
  # forces the final link (cheap: switching features relinks anyway), never the dependencies.
  artifact="$build_dir/wasm32-unknown-unknown/release/roomfit.wasm"
  rm -f "$artifact" "$build_dir/wasm32-unknown-unknown/release/deps/roomfit.wasm"
  say "[$build] cargo rustc ${build_cargo[*]} --lib --release --target wasm32-unknown-unknown --crate-type cdylib ${features[*]}"
  t="$(now)"
  # size_flags are the same for all builds, so that cargo does not rebuild every dependency
  # each time the builds alternate; the webgpu builds' own flags (immediate-abort, simd128) use
  # their own directory.
  env "${profile_env[@]}" RUSTC_BOOTSTRAP=1 RUSTFLAGS="${RUSTFLAGS:-} ${size_flags[*]} ${build_flags[*]}" CARGO_TARGET_DIR="$build_dir" \
    cargo rustc "${build_cargo[@]}" --lib --release --target wasm32-unknown-unknown --crate-type cdylib "${features[@]}"
  say "[$build] cargo: $(elapsed "$t")"

  # Both builds write the same $artifact, so process it before building the next one.
  # Write into a fresh temporary directory and swap it in at the end, so that stale files from
  # an earlier build never linger and a server running meanwhile never sees a half-written build.
  rm -rf "$tmp"
  mkdir -p "$tmp"
  t="$(now)"
  wasm-bindgen --target web --out-name roomfit --out-dir "$tmp" "$artifact"
  say "[$build] wasm-bindgen: $(elapsed "$t")"

  t="$(now)"
  before="$(wc -c <"$tmp/roomfit_bg.wasm")"
  # The producers and target_features sections are for tools; browsers ignore them.
  node "$wasm_opt" -Oz "${wasm_opt_features[@]}" "${opt_simd[@]}" --strip-producers --strip-target-features \
    -o "$tmp/roomfit_bg.wasm" "$tmp/roomfit_bg.wasm"
  after="$(wc -c <"$tmp/roomfit_bg.wasm")"
  say "[$build] wasm-opt -Oz: $(elapsed "$t") ($before -> $after bytes)"

  # Short import/export names in the wasm and the JS glue, and the JS glue minified.
  node scripts/shrink-glue.mjs "$tmp"

  rm -rf "$out"
  mv "$tmp" "$out"
  say "[$build] wrote $out/: $(cd "$out" && find . -type f -printf '%P\n' | LC_ALL=C sort | tr '\n' ' ')"
done
# The element and its lazy parts, minified beside their sources (www/roomfit-viewer*.min.js: what the npm package, the
# demo and the benchmarks load).
node scripts/minify-element.mjs
say "all done in $(elapsed "$total_start")"
