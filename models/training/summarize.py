#!/usr/bin/env python3
"""Print the held-out scores (zero-shot vs tuned, by query style) of a scripts/train.sh run; optionally write them as JSON.

Usage: python models/training/summarize.py .cache/training/e5-small-memes [--measured split] [--ship all --json FILE]

--json writes what a reader of the committed delta needs: settings, the selection model's held-out
scores, and the sha256 of the delta and of the exported model it gives (the --ship folder's
model.onnx), so a model derived from base + delta elsewhere can be checked against this run.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import sha256_file  # noqa: E402

KEYS = ("R@1", "R@5", "R@10", "MRR@10")


def print_scores(label, r):
    for part in ("validation", "heldout"):
        for which in ("zero_shot", "tuned"):
            m = r.get(which, {}).get(part)
            if not m:
                continue
            by = "  ".join(f"{s} {v['R@5']:.3f}" for s, v in m.get("by_style", {}).items())
            print(f"{label:6s} {part:10s} {which:9s} " + " ".join(f"{k} {m[k]:.3f}" for k in KEYS) + f"  (n={m['n']})  R@5 by style: {by}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root")
    ap.add_argument("--measured", help="folder (under root) of the selection model, trained without the held-out memes")
    ap.add_argument("--ship", help="folder (under root) of the model trained on every meme")
    ap.add_argument("--json", help="write the summary here")
    a = ap.parse_args()
    out = {}
    if a.measured:
        path = os.path.join(a.root, a.measured, "train.json")
        if os.path.exists(path):
            r = json.load(open(path))
            print_scores(a.measured, r)
            out["selection"] = {k: r[k] for k in ("train_pairs", "settings", "zero_shot", "tuned") if k in r}
        else:
            print(f"{a.measured}: no train.json (not trained)")
    if a.json and a.ship:
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
