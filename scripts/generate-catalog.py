#!/usr/bin/env python3
"""Writes a catalog of N products for `roomfit catalog build` speed runs.

Usage: scripts/generate-catalog.py N OUT.json [SAMPLE=models/catalog.json]

The products repeat the sample catalog's products round-robin with new ids and SKUs
(`<id>-g<k>`, `<sku>-G<k>`), reusing the sample GLB files (model paths are rewritten relative to
OUT.json's folder). Stores, retailers and checkout settings are the sample's.
"""
import copy
import json
import os
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    sample_path = sys.argv[3] if len(sys.argv) > 3 else "models/catalog.json"
    sample = json.load(open(sample_path))
    sample_dir = os.path.dirname(os.path.abspath(sample_path))
    out_dir = os.path.dirname(os.path.abspath(out))
    pool = [(r, p) for r, ret in enumerate(sample["retailers"]) for p in ret["products"]]
    catalog = copy.deepcopy(sample)
    for ret in catalog["retailers"]:
        ret["products"] = []
    for k in range(n):
        r, p = pool[k % len(pool)]
        p = copy.deepcopy(p)
        p["id"] = f"{p['id']}-g{k}"
        glb = os.path.join(sample_dir, p["model"]["glb"])
        p["model"]["glb"] = os.path.relpath(glb, out_dir)
        for v in p["variants"]:
            v["sku"] = f"{v['sku']}-G{k}"
        catalog["retailers"][r]["products"].append(p)
    for ret in catalog["retailers"]:
        # Stores show the first generated copy of each product they showed.
        skus = {v["sku"] for p in ret["products"] for v in p["variants"]}
        for s in ret.get("stores", []):
            s["on_display"] = [f"{sku}-G{k}" for sku in s.get("on_display", [])
                               for k in range(len(pool)) if f"{sku}-G{k}" in skus]
    os.makedirs(out_dir, exist_ok=True)
    with open(out, "w") as f:
        json.dump(catalog, f, indent=2)
    print(f"{out}: {n} products")


if __name__ == "__main__":
    main()
