# roomfit developer commands. Every target installs what it needs first (scripts/setup.sh,
# quick when everything is there).
#
#   make setup   install missing tools (wasm32 target, wasm-bindgen-cli, chromium, lavapipe, node_modules)
#   make wasm    build the browser builds into www/pkg/webgpu (the product view, before the first
#                frame), www/pkg/webgpu-room (the room, loaded when first needed), www/pkg/webgl,
#                www/pkg/webgl-ar (WebXR AR, loaded only when AR starts), www/pkg/handoff, www/pkg/usdz (Quick Look)
#                and www/pkg/catalog (the retailer page's checker)
#   make demo    build, then serve the demo shop and the booking service at http://127.0.0.1:8080
#                (DEMO_ADDR=host:port; bookings are kept in DEMO_DATA, default ./data; staff pages at /staff)
#   make test    native tests (incl. golden images on lavapipe), then node tests (validator, browser),
#                then a short bounded fuzz run of the asset loader (make test-fuzz-short, under a minute)
#   make fuzz    fuzz the glTF/GLB loader for FUZZ_TIME seconds (default 600; cargo-fuzz + libFuzzer)
#   make check   rustfmt + clippy (native and both wasm builds), then make test
#   make size    build, then print download sizes (raw / gzip / brotli) per build, and the bytes
#                fetched before the first frame per build (headless Chromium; www/bench/first-frame-bytes.mjs)
#   make bench   build, then benchmark roomfit against <model-viewer> in headless Chromium, and
#                load a 50 MB GLB (time, WebAssembly and JS memory; www/bench/)
#   make bench-room  build, then the room view's CPU time per frame with 1, 10 and 30 items (www/bench/)
#   make bench-xr    build, then WebXR AR's CPU time per XR frame with 0, 1 and 5 items and the bytes
#                fetched when AR starts (iwer's emulated session; www/bench/xr-bench.mjs)
#   make bench-catalog  peak memory and time of `roomfit catalog build` on a long generated catalog
#                (posters in child processes vs in process; scripts/bench-catalog-build.py)
#   make clean   remove build output (cargo clean, www/pkg, test output)
#
# CARGO_TARGET_DIR is passed through to cargo and the scripts when the caller sets it.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

ifdef CARGO_TARGET_DIR
export CARGO_TARGET_DIR
endif

# Tools `cargo install` puts here (wasm-bindgen) must be found even if the caller's PATH lacks it.
CARGO_BIN := $(if $(CARGO_HOME),$(CARGO_HOME),$(HOME)/.cargo)/bin
ifeq ($(filter $(CARGO_BIN),$(subst :, ,$(PATH))),)
export PATH := $(CARGO_BIN):$(PATH)
endif

DEMO_ADDR ?= 127.0.0.1:8080
DEMO_DATA ?= data

# Node 20's `node --test` takes files or directories, not globs (checked: a quoted glob gives
# "Could not find"), and a missing directory is an error: so list the files here.
NODE_TESTS := $(sort $(wildcard $(foreach d,tests www/tests tests/* www/tests/*,$(d)/*.test.mjs $(d)/*.test.js)))

# Native rendering tests use Vulkan (lavapipe), which wants XDG_RUNTIME_DIR. Chromium does too.
XDG_RUNTIME_DIR ?= $(or $(TMPDIR),/tmp)/roomfit-xdg-runtime-$(shell id -u)
export XDG_RUNTIME_DIR

# In CI a missing GPU adapter must fail the golden-image tests, not skip them.
ifneq ($(CI),)
ifneq ($(CI),false)
export ROOMFIT_REQUIRE_GPU ?= 1
endif
endif

.PHONY: help setup wasm demo test test-rust test-node test-fuzz-short fuzz lint check size clean

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

setup:
	bash scripts/setup.sh

wasm: setup
	bash scripts/build-wasm.sh

demo: setup wasm
	cargo run --bin roomfit -- serve --root www --models models --data $(DEMO_DATA) --addr $(DEMO_ADDR)

test: setup wasm
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-node
	$(MAKE) --no-print-directory test-fuzz-short

# The two halves of `make test`, without setup and the wasm build (for quick reruns).
test-rust:
	mkdir -p -m 700 "$$XDG_RUNTIME_DIR"
	cargo test

test-node:
ifeq ($(strip $(NODE_TESTS)),)
	@echo "test-node: no tests/*.test.mjs or www/tests/*.test.mjs yet; nothing to run"
else
	mkdir -p -m 700 "$$XDG_RUNTIME_DIR"
	node --test $(NODE_TESTS)
endif

# Fuzzing the asset loader (fuzz/, its own cargo workspace) with cargo-fuzz on stable Rust:
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags (AddressSanitizer). Seeds: the malformed
# corpus, the sample models and their meshopt / quantized versions; findings go to
# fuzz/artifacts/load_glb/ (reproduce with
# `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run load_glb artifacts/load_glb/FILE`).
FUZZ_TARGET_DIR ?= $(if $(CARGO_TARGET_DIR),$(CARGO_TARGET_DIR)/fuzz,$(CURDIR)/fuzz/target)
FUZZ_TIME ?= 600
FUZZ_RUN = cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run --target-dir "$(FUZZ_TARGET_DIR)" load_glb
FUZZ_OPTS = -dict=gltf.dict -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_SEEDS = ../tests/corpus ../models $(if $(wildcard tests/meshopt),../tests/meshopt)

fuzz: setup
	mkdir -p fuzz/corpus/load_glb
	$(FUZZ_RUN) corpus/load_glb $(FUZZ_SEEDS) -- $(FUZZ_OPTS) -max_total_time=$(FUZZ_TIME)

# A fixed seed and run count into a scratch corpus, so each run tries the same inputs (capped at
# 45 s in case a machine is slow). The fuzz build is cached in FUZZ_TARGET_DIR.
test-fuzz-short:
	scratch="$$(mktemp -d)"; trap 'rm -rf "$$scratch"' EXIT; \
	$(FUZZ_RUN) "$$scratch" $(FUZZ_SEEDS) -- $(FUZZ_OPTS) -seed=1 -runs=100000 -max_total_time=45

lint: setup
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	# The WebGPU build's WebAssembly SIMD code (crates/roomfit-meshopt/src/simd.rs;
	# scripts/build-wasm.sh; the arguments after `--` reach every workspace member).
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings -C target-feature=+simd128
	# The WebGPU first-frame build: the product view without the room (scripts/build-wasm.sh).
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings -C target-feature=+simd128
	cargo clippy --lib --target wasm32-unknown-unknown --features webgl -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features ar -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features handoff-web -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features usdz-web -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features catalog-web -- -D warnings

check: lint
	$(MAKE) --no-print-directory test

size: wasm
	bash scripts/size.sh
	node www/bench/first-frame-bytes.mjs

# A benchmark, not a test: not part of `make test`. Options (BENCH_ARGS=...): node www/bench/run.mjs --help
.PHONY: bench bench-room bench-xr
bench: setup wasm
	node www/bench/run.mjs $(BENCH_ARGS)
	node www/bench/big-glb.mjs
	node www/bench/meshopt-bench.mjs

# Options (ROOM_BENCH_ARGS=...): node www/bench/room-bench.mjs --help
bench-room: setup wasm
	node www/bench/room-bench.mjs $(ROOM_BENCH_ARGS)

# Options (XR_BENCH_ARGS=...): node www/bench/xr-bench.mjs --help
bench-xr: setup wasm
	node www/bench/xr-bench.mjs $(XR_BENCH_ARGS)

# Options (CATALOG_BENCH_ARGS=...): scripts/bench-catalog-build.py --help
.PHONY: bench-catalog
bench-catalog: setup
	python3 scripts/bench-catalog-build.py $(CATALOG_BENCH_ARGS)

clean:
	cargo clean
	rm -rf www/pkg test-output tests/output www/tests/output test-results
