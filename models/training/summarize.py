#!/usr/bin/env python3
"""Print the per-fold and mean scores (zero-shot vs tuned) of a scripts/train.sh run; optionally write them as JSON.

Usage: python models/training/summarize.py .cache/training/e5-small-memes fold-0 fold-1 … [--ship all --json FILE]

--json writes what a reader of the committed delta needs: settings, the held-out scores, and the sha256
of the delta and of the exported model it gives (the --ship folder's model.onnx), so a model derived
from base + delta elsewhere can be checked against this run.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import sha256_file  # noqa: E402

KEYS = ("R@1", "R@5", "R@10", "MRR@10")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root")
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--ship", help="folder (under root) of the model trained on all folds")
    ap.add_argument("--json", help="write the summary here")
    a = ap.parse_args()
    rows = []
    for d in a.dirs:
        path = os.path.join(a.root, d, "train.json")
        if not os.path.exists(path):
            print(f"{d}: no train.json (not trained)")
            continue
        r = json.load(open(path))
        if "zero_shot" in r:
            rows.append((d, r))
    mean = {}
    if rows:
        print(f"{'':8s} {'':9s} " + " ".join(f"{k:>7s}" for k in KEYS) + "   epoch s")
        for d, r in rows:
            for label in ("zero_shot", "tuned"):
                epochs = "" if label == "zero_shot" else " ".join(f"{s:.0f}" for s in r["timing"]["epoch_s"])
                print(f"{d:8s} {label:9s} " + " ".join(f"{r[label][k]:7.3f}" for k in KEYS) + f"   {epochs}")
        n = sum(r["zero_shot"]["n"] for _, r in rows)
        for label in ("zero_shot", "tuned"):
            # weighted by queries per fold, i.e. the score over all held-out queries together
            mean[label] = {k: round(sum(r[label][k] * r[label]["n"] for _, r in rows) / n, 4) for k in KEYS} | {"n": n}
            print(f"{'mean':8s} {label:9s} " + " ".join(f"{mean[label][k]:7.3f}" for k in KEYS) + f"   (n={n})")
    if a.json:
        out = {"held_out": {d: {k: r[k] for k in ("zero_shot", "tuned")} for d, r in rows}, "mean": mean}
        if a.ship:
            ship = os.path.join(a.root, a.ship)
            t = json.load(open(os.path.join(ship, "train.json")))
            out = {
                "method": t["method"],
                "settings": t["settings"],
                "train_pairs": t["train_pairs"],
                "delta_sha256": sha256_file(os.path.join(ship, "delta.safetensors")),
                "model_onnx_sha256": sha256_file(os.path.join(ship, "model.onnx")),
                "export": json.load(open(os.path.join(ship, "export.json"))),
                "train_seconds": t["timing"]["total_s"],
            } | out
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"wrote {a.json}")


if __name__ == "__main__":
    main()
