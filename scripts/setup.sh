#!/usr/bin/env bash
# Installs what building and testing roomfit needs, and nothing when it is all there already
# (then it takes well under 2 seconds). Safe to run any number of times; `make` runs it first.
#
#   - Rust target wasm32-unknown-unknown and the clippy / rustfmt / rust-src components (via rustup)
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (via cargo install)
#   - cargo-fuzz, pinned (via cargo install; make fuzz and make test's short fuzz run)
#   - Debian packages: chromium chromium-driver (browser tests), mesa-vulkan-drivers
#     (lavapipe, for the native golden-image tests), brotli (make size), python3 python3-venv
#   - Pixar's usd-core for Python, pinned, in a venv under ~/.cache/roomfit/usd-venv (via pip;
#     tests/usdz.rs validates the USDZ files with it)
#   - node_modules (npm ci), when missing or older than package-lock.json
#
# Assumed present: rustup + cargo, node + npm. Without them it says so and exits 1.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# Tools cargo installs live here; make sure the ones we install are the ones we find.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac

installed_something=0

# --- prerequisites we do not install -------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  die "node and npm are required (Node 20 or newer) and are not installed; install them first (e.g. apt-get install nodejs npm, or from nodejs.org)."
fi
if ! command -v cargo >/dev/null 2>&1 || ! command -v rustc >/dev/null 2>&1; then
  die "Rust (cargo, rustc) is required and is not installed; install it with rustup (https://rustup.rs), then rerun."
fi

# --- Rust target and components -------------------------------------------------------------
sysroot="$(rustc --print sysroot)"
if [ ! -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
  command -v rustup >/dev/null 2>&1 ||
    die "the Rust target wasm32-unknown-unknown is missing and rustup is not available to add it."
  say "installing Rust target wasm32-unknown-unknown (the browser build compiles to it)"
  rustup target add wasm32-unknown-unknown
  installed_something=1
fi
missing_components=()
[ -x "$sysroot/bin/cargo-clippy" ] || missing_components+=(clippy)
[ -x "$sysroot/bin/rustfmt" ] || missing_components+=(rustfmt)
# The WebGPU build recompiles the standard library (-Zbuild-std, scripts/build-wasm.sh), which
# needs its sources.
[ -f "$sysroot/lib/rustlib/src/rust/library/Cargo.lock" ] || missing_components+=(rust-src)
if [ ${#missing_components[@]} -gt 0 ]; then
  if command -v rustup >/dev/null 2>&1; then
    say "installing Rust components ${missing_components[*]} (make check runs cargo clippy and cargo fmt; make wasm needs rust-src)"
    rustup component add "${missing_components[@]}"
    installed_something=1
  else
    say "WARNING: Rust components ${missing_components[*]} are missing and rustup is not available; make check will fail."
  fi
fi

# --- wasm-bindgen-cli, same version as the wasm-bindgen crate in Cargo.lock --------------------
if [ ! -f Cargo.lock ]; then
  say "creating Cargo.lock (cargo generate-lockfile) to learn the wasm-bindgen version"
  cargo generate-lockfile
fi
# Brings Cargo.lock in line with Cargo.toml if someone changed the pin (what any cargo build
# would do anyway); about 0.1 s when nothing changes.
cargo metadata --format-version 1 >/dev/null

lock_versions="$(awk '
  /^\[\[package\]\]/ { name = "" }
  /^name = /         { name = $3 }
  /^version = /      { if (name == "\"wasm-bindgen\"") { gsub(/"/, "", $3); print $3 } }
' Cargo.lock)"
[ -n "$lock_versions" ] || die "Cargo.lock has no wasm-bindgen package; is wasm-bindgen still a dependency in Cargo.toml?"
[ "$(printf '%s\n' "$lock_versions" | wc -l)" -eq 1 ] ||
  die "Cargo.lock has several wasm-bindgen versions ($(printf '%s' "$lock_versions" | tr '\n' ' ')); there must be exactly one (wasm-bindgen-cli has to match it)."
wb_want="$lock_versions"

wb_have=""
if command -v wasm-bindgen >/dev/null 2>&1; then
  # "wasm-bindgen 0.2.130"
  wb_have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || wb_have=""
fi
if [ "$wb_have" != "$wb_want" ]; then
  if [ -n "$wb_have" ]; then
    say "installing wasm-bindgen-cli $wb_want (found $wb_have at $(command -v wasm-bindgen); it must match the wasm-bindgen crate in Cargo.lock). Takes about 7 minutes."
  else
    say "installing wasm-bindgen-cli $wb_want (generates the JS glue for the wasm build; must match Cargo.lock). Takes about 7 minutes."
  fi
  # No --locked: wasm-bindgen-cli's own lockfile pins a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$wb_want" --force
  hash -r
  wb_have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || wb_have=""
  [ "$wb_have" = "$wb_want" ] ||
    die "installed wasm-bindgen-cli $wb_want but 'wasm-bindgen --version' reports '${wb_have:-nothing}' (is another wasm-bindgen earlier on PATH? $(command -v wasm-bindgen || true))"
  installed_something=1
fi

# --- cargo-fuzz (fuzz/: make fuzz, and the short fuzz run in make test) ------------------------
# On stable Rust it runs with RUSTC_BOOTSTRAP=1 (see Makefile); libFuzzer is built with g++.
cargo_fuzz_want="0.13.2"
cargo_fuzz_have=""
if cargo fuzz --version >/dev/null 2>&1; then
  # "cargo-fuzz 0.13.2"
  cargo_fuzz_have="$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" || cargo_fuzz_have=""
fi
if [ "$cargo_fuzz_have" != "$cargo_fuzz_want" ]; then
  say "installing cargo-fuzz $cargo_fuzz_want (fuzzes the asset loader; about 1 minute)"
  cargo install cargo-fuzz --version "$cargo_fuzz_want" --locked --force
  hash -r
  installed_something=1
fi

# --- Debian packages ---------------------------------------------------------------------------
apt_packages=(chromium chromium-driver mesa-vulkan-drivers brotli g++ python3 python3-venv fonts-noto-cjk)
if command -v dpkg-query >/dev/null 2>&1; then
  missing_apt=()
  for p in "${apt_packages[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
    [ "$status" = "install ok installed" ] || missing_apt+=("$p")
  done
  if [ ${#missing_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo)
    else
      die "need Debian packages ${missing_apt[*]}, but this is not root and sudo is not installed; install them as root."
    fi
    say "installing Debian packages ${missing_apt[*]} (chromium + chromium-driver: browser tests; mesa-vulkan-drivers: lavapipe for the native golden-image tests; brotli: make size; g++: libFuzzer for the fuzz runs; python3 + python3-venv: usd-core for the USDZ tests; fonts-noto-cjk: Chinese glyphs for the demo's zh-CN golden screenshots)"
    # Wait for a dpkg lock held by another apt run instead of failing at once.
    apt_opts=(-o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y "${missing_apt[@]}" </dev/null
    installed_something=1
  fi
else
  say "WARNING: not a Debian system (no dpkg-query); make sure these are installed yourself: chromium + chromedriver, a Vulkan driver (lavapipe / mesa), brotli."
fi

# --- usd-core (tests/usdz.rs checks the USDZ files with Pixar's USD validators) -----------------
# In its own venv, so the system Python is left alone; the test finds it there.
usd_core_want="26.11"
usd_venv="${XDG_CACHE_HOME:-$HOME/.cache}/roomfit/usd-venv"
usd_core_ok() {
  "$usd_venv/bin/python3" -c "
import sys
from pxr import Usd, UsdValidation
sys.exit(0 if '%d.%d' % Usd.GetVersion()[1:] == '$usd_core_want' else 1)" >/dev/null 2>&1
}
if ! usd_core_ok; then
  command -v python3 >/dev/null 2>&1 ||
    die "python3 is required for the USDZ tests (usd-core) and is not installed (Debian: apt-get install python3 python3-venv)."
  python3 -m venv --help >/dev/null 2>&1 ||
    die "python3 has no venv module (Debian: apt-get install python3-venv)."
  say "installing usd-core $usd_core_want into $usd_venv (Pixar's USD, validates the USDZ files in tests/usdz.rs; about 230 MB)"
  mkdir -p "$(dirname "$usd_venv")"
  python3 -m venv --clear "$usd_venv"
  "$usd_venv/bin/python3" -m pip install --quiet --no-input "usd-core==$usd_core_want" </dev/null
  usd_core_ok || die "installed usd-core $usd_core_want into $usd_venv but 'from pxr import Usd, UsdValidation' fails there."
  installed_something=1
fi

# --- node_modules --------------------------------------------------------------------------------
# npm writes node_modules/.package-lock.json (the "hidden lockfile") at the end of every install,
# so it is newer than package-lock.json unless package-lock.json changed since (git pull,
# checkout, an npm install elsewhere). When package-lock.json is newer, compare contents before
# reinstalling: `npm install` may write package-lock.json a few ms after the hidden lockfile.
node_modules_match_lock() {
  node -e '
    const fs = require("fs");
    const want = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages || {};
    const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages || {};
    for (const [path, w] of Object.entries(want)) {
      if (path === "") continue;
      const h = have[path];
      if (!h) { if (w.optional) continue; process.exit(1); }
      if (h.version !== w.version || (w.integrity && h.integrity !== w.integrity)) process.exit(1);
    }
    for (const path of Object.keys(have)) if (!(path in want)) process.exit(1);
  ' 2>/dev/null
}
if [ ! -f package-lock.json ]; then
  if [ -n "${CI:-}" ]; then
    die "package-lock.json is missing; run 'npm install' and commit package-lock.json."
  fi
  say "installing node_modules with npm install (package-lock.json is missing, so npm ci cannot run; commit the package-lock.json this creates)"
  npm install --no-audit --no-fund </dev/null
  installed_something=1
elif [ ! -f node_modules/.package-lock.json ] ||
     { [ package-lock.json -nt node_modules/.package-lock.json ] && ! node_modules_match_lock; }; then
  if [ -f node_modules/.package-lock.json ]; then
    why="package-lock.json changed since the last install"
  else
    why="node_modules is missing"
  fi
  say "installing node_modules with npm ci ($why; test and build tools: playwright-core, binaryen's wasm-opt, iwer, gltf-validator, ...)"
  npm ci --no-audit --no-fund </dev/null
  installed_something=1
fi

if [ "$installed_something" -eq 0 ]; then
  say "everything present (wasm32 target, wasm-bindgen $wb_want, cargo-fuzz $cargo_fuzz_want, Debian packages, usd-core $usd_core_want, node_modules)"
else
  say "done"
fi
