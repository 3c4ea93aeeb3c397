#!/usr/bin/env python3
"""`make bench-catalog`: peak memory and time of `roomfit catalog build` on a long catalog.

Writes a catalog of N products (the sample catalog's products repeated under new ids and SKUs,
with the sample GLBs), then builds it twice from scratch with the release `roomfit`:
  - posters in child processes replaced every 16 posters (the CLI's default), and
  - posters drawn in the build's own process (`--posters-per-process 0`, as before child
    processes), the baseline.
Prints each run's peak resident memory (the largest process: the build or a poster child, from
getrusage(RUSAGE_CHILDREN)) and wall time, and the ratios against the baseline.

usage: scripts/bench-catalog-build.py [--products N] [--roomfit PATH] [--threads N]
"""

import argparse
import copy
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def long_catalog(dir_, n):
    models = os.path.join(ROOT, "models")
    for f in os.listdir(models):
        if f.endswith(".glb"):
            shutil.copy(os.path.join(models, f), dir_)
    with open(os.path.join(models, "catalog.json"), encoding="utf-8") as f:
        catalog = json.load(f)
    originals = [(r, list(r["products"])) for r in catalog["retailers"]]
    for r, _ in originals:
        r["products"] = []
    k = 0
    while k < n:
        for r, products in originals:
            for p in products:
                if k >= n:
                    break
                q = copy.deepcopy(p)
                # The first round keeps its ids and SKUs (the stores list them as on display).
                if k >= sum(len(ps) for _, ps in originals):
                    q["id"] = f"{p['id']}-c{k}"
                    for v in q.get("variants", []):
                        v["sku"] = f"{v['sku']}-C{k}"
                r["products"].append(q)
                k += 1
    path = os.path.join(dir_, "catalog.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(catalog, f)
    return path


def run(cmd):
    """Wall seconds and the peak RSS (MiB) of the largest process of `cmd`, run alone."""
    # RUSAGE_CHILDREN's ru_maxrss is the largest of all waited-for descendants so far, so each
    # run happens in a fresh Python child that reports its own children's peak.
    probe = (
        "import resource,subprocess,sys,time\n"
        "t=time.monotonic()\n"
        "r=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE,stderr=subprocess.STDOUT,text=True)\n"
        "print(time.monotonic()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024, r.returncode)\n"
        "print(r.stdout[-600:], file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], stdout=subprocess.PIPE, text=True, check=True)
    secs, mib, code = out.stdout.split()
    if code != "0":
        sys.exit(f"{' '.join(cmd)} failed with status {code}")
    return float(secs), float(mib)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--products", type=int, default=120)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--roomfit", default=None, help="the roomfit binary (default: cargo build --release)")
    args = ap.parse_args()
    # lavapipe wants XDG_RUNTIME_DIR (the Makefile sets it; a direct run may lack it).
    if not os.environ.get("XDG_RUNTIME_DIR"):
        xdg = os.path.join(tempfile.gettempdir(), f"roomfit-xdg-runtime-{os.getuid()}")
        os.makedirs(xdg, mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = xdg
    exe = args.roomfit
    if exe is None:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "roomfit"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        exe = os.path.join(target, "release", "roomfit")
    with tempfile.TemporaryDirectory(prefix="roomfit-bench-catalog-") as tmp:
        catalog = long_catalog(tmp, args.products)
        results = {}
        for name, extra in [("in process (baseline)", ["--posters-per-process", "0"]),
                            ("a new child every 16 posters", [])]:
            out = os.path.join(tmp, "out-" + str(len(results)))
            cmd = [exe, "catalog", "build", catalog, "--out", out, "--threads", str(args.threads), *extra]
            results[name] = run(cmd)
            shutil.rmtree(out, ignore_errors=True)
        base_s, base_mib = results["in process (baseline)"]
        print(f"roomfit catalog build, {args.products} products, {args.threads} threads, load {os.getloadavg()[0]:.1f}")
        for name, (s, mib) in results.items():
            print(f"  {name:30} peak {mib:7.1f} MiB ({mib / base_mib:.2f}x)  {s:6.1f} s ({s / base_s:.2f}x)")


if __name__ == "__main__":
    main()
