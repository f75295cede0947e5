#!/usr/bin/env python3
"""Write a fine-tuned e5-small: the base ONNX graph with a training delta merged into its weights.

Usage:
    python models/training/apply_delta.py --base .cache/models/e5-small/model.onnx \\
        --delta DIR/delta.safetensors --out OUTDIR/model.onnx [--verify DIR/verify.npz] [--int8]

The output is a copy of the base graph: same nodes, same input/output names, same initializer
order; only the initializers the delta touches are replaced (the int8 word-embedding table is never
touched: it was frozen in training). So the service loads it exactly like the base model.

Delta files (safetensors, written by train.py; one metadata entry, "memesearch.delta", holds JSON
with the method, settings and the base's sha256, which must match --base):
  * method=lora: `<linear>.lora_A` [r, in] and `<linear>.lora_B` [out, r] (fp16). The merged weight is
    W + scale * B @ A, computed in float64 and rounded once to float32, so the output is the same
    bytes on every run and machine. The graph stores Linear weights as [in, out]: the product is
    transposed before it is added.
  * method=full: the trained tensors under their Hugging Face names, fp32 ([out, in] weights).

--verify: onnxruntime embeddings of the written model vs the trained PyTorch model's (verify.npz);
  every cosine must be >= 0.9999 or the script fails and removes what it wrote.
--int8: also writes model.int8.onnx beside it (onnxruntime quantize_dynamic, int8 weights) and
  reports its cosine vs the fp32 model and the speed of both.
tokenizer.json is copied from beside --base.
"""
import argparse
import json
import os
import shutil
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import cosine_rows, die, load_tokenizer, ort_embed, ort_session, sha256_file  # noqa: E402

MIN_COSINE = 0.9999
DELTA_META_KEY = "memesearch.delta"  # as train.py writes it



def read_delta(path):
    try:
        from safetensors import safe_open
    except ImportError:
        die("the Python package safetensors is missing: pip install safetensors==0.8.0 (see models/training/requirements.txt)")
    if not os.path.exists(path):
        die(f"{path}: not found")
    try:
        with safe_open(path, framework="numpy") as f:
            meta = f.metadata() or {}
            tensors = {k: f.get_tensor(k) for k in f.keys()}
    except Exception as e:  # a truncated or foreign file: say which, not a traceback
        die(f"{path}: not a readable safetensors file ({e})")
    try:
        meta = json.loads(meta[DELTA_META_KEY])
    except (KeyError, ValueError):
        die(f"{path}: no '{DELTA_META_KEY}' JSON in its metadata (not written by models/training/train.py)")
    if meta.get("method") not in ("lora", "full"):
        die(f"{path}: metadata 'method' is {meta.get('method')!r}, expected 'lora' or 'full'")
    return meta, tensors


def merged_updates(meta, tensors, path):
    """{initializer name: new fp32 array in graph layout}, before looking at the graph."""
    updates = {}
    if meta["method"] == "lora":
        try:
            scale = float(meta["scale"])
        except (KeyError, TypeError, ValueError):
            die(f"{path}: LoRA delta without a numeric 'scale' in its metadata")
        linears = sorted({k.rsplit(".lora_", 1)[0] for k in tensors})
        for lin in linears:
            a, b = tensors.get(f"{lin}.lora_A"), tensors.get(f"{lin}.lora_B")
            if a is None or b is None or a.ndim != 2 or b.ndim != 2 or b.shape[1] != a.shape[0]:
                die(f"{path}: {lin}: needs lora_A [r, in] and lora_B [out, r]")
            # graph layout [in, out] = (B @ A).T = A.T @ B.T
            updates[f"{lin}.weight"] = ("add", scale * (a.astype(np.float64).T @ b.astype(np.float64).T))
    else:
        for name, arr in tensors.items():
            arr = arr.astype(np.float32)
            updates[name] = ("set", arr.T if arr.ndim == 2 else arr)
    return updates


def apply(base, meta, tensors, delta_path):
    import onnx
    from onnx import numpy_helper

    model = onnx.load(base)
    inits = {t.name: t for t in model.graph.initializer}
    updates = merged_updates(meta, tensors, delta_path)
    for name, (how, value) in sorted(updates.items()):
        t = inits.get(name)
        if t is None:
            die(f"{delta_path}: {name} is not an initializer of {base}")
        old = numpy_helper.to_array(t)
        if old.shape != value.shape or old.dtype != np.float32:
            die(f"{delta_path}: {name}: shape {value.shape} does not fit the graph's {old.shape} {old.dtype}")
        new = (old.astype(np.float64) + value).astype(np.float32) if how == "add" else value.astype(np.float32)
        t.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(new), name))
    props = {p.key: p.value for p in model.metadata_props}
    props["finetune"] = json.dumps(
        {"method": meta["method"], "delta_sha256": sha256_file(delta_path), "tensors": len(updates), "settings": meta.get("settings", {})},
        sort_keys=True,
    )
    onnx.helper.set_model_props(model, props)
    onnx.checker.check_model(model)
    return model, len(updates)


def quantize_int8(src, dst):
    """int8 weights (per output channel), dynamic uint8 activations; fp32 kept where int8 hurts.

    Kept in fp32: the FFN down-projections (`l<i>.fo.matmul`): their input is the GELU output,
    whose long tail per-tensor activation quantisation clips (measured on a fine-tuned model:
    cosine vs fp32 min 0.976 with them quantised, 0.992 without). Per-channel weights: 0.917 -> 0.976.
    Only MatMuls with a weight are quantised; the word-embedding Gather already reads an int8 table.
    """
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # its "consider pre-processing" hint is about shape inference for CNNs
    keep_fp32 = [f"l{i}.fo.matmul" for i in range(12)]
    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"], nodes_to_exclude=keep_fp32)


def timed_embed(path, tok, texts):
    session = ort_session(path)
    ort_embed(session, tok, texts[:8])  # warm-up
    t = time.time()
    emb = ort_embed(session, tok, texts)
    return emb, time.time() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default=".cache/models/e5-small/model.onnx")
    ap.add_argument("--delta", required=True)
    ap.add_argument("--out", required=True, help="output model.onnx (its folder gets tokenizer.json)")
    ap.add_argument("--verify", help="verify.npz from train.py: fail unless the export matches it")
    ap.add_argument("--int8", action="store_true", help="also write model.int8.onnx beside --out")
    ap.add_argument("--allow-other-base", action="store_true", help="skip the check of the base's sha256")
    a = ap.parse_args()
    tok_src = os.path.join(os.path.dirname(a.base), "tokenizer.json")
    for p in (a.base, tok_src):
        if not os.path.exists(p):
            die(f"{p}: not found (run `npm run setup`)")
    meta, tensors = read_delta(a.delta)
    base_sha = sha256_file(a.base)
    if meta.get("base_onnx_sha256") not in (None, base_sha) and not a.allow_other_base:
        die(f"{a.delta} was trained on a base with sha256 {meta['base_onnx_sha256'][:12]}…, {a.base} is {base_sha[:12]}…")

    t0 = time.time()
    model, n = apply(a.base, meta, tensors, a.delta)
    out_dir = os.path.dirname(os.path.abspath(a.out))
    os.makedirs(out_dir, exist_ok=True)
    import onnx

    onnx.save_model(model, a.out + ".tmp")
    os.replace(a.out + ".tmp", a.out)
    shutil.copyfile(tok_src, os.path.join(out_dir, "tokenizer.json"))
    print(f"wrote {a.out} ({n} initializers replaced, sha256 {sha256_file(a.out)[:16]}…, {time.time() - t0:.0f} s)", flush=True)

    # Only the checks need a tokenizer (transformers) and onnxruntime: plain export runs with numpy, onnx and safetensors.
    tok = load_tokenizer(tok_src) if a.verify or a.int8 else None
    report = {}
    if a.verify:
        ref = np.load(a.verify)
        texts, want = [str(t) for t in ref["texts"]], ref["embeddings"]
        got = ort_embed(ort_session(a.out), tok, texts)
        cos = cosine_rows(got, want)
        print(f"verify: onnxruntime vs trained PyTorch on {len(texts)} texts: cosine min {cos.min():.7f} mean {cos.mean():.7f}")
        if cos.min() < MIN_COSINE:
            os.remove(a.out)
            die(f"exported model differs from the trained one (cosine {cos.min():.6f} < {MIN_COSINE}); removed {a.out}")
        report["export_cosine_min"] = float(cos.min())
    if a.int8:
        q_path = os.path.join(out_dir, "model.int8.onnx")
        quantize_int8(a.out, q_path)
        texts = [str(t) for t in np.load(a.verify)["texts"]] if a.verify else ["query: кот за столом не понимает"] * 64
        fp32, t_fp32 = timed_embed(a.out, tok, texts)
        int8, t_int8 = timed_embed(q_path, tok, texts)
        cos = cosine_rows(fp32, int8)
        report |= {"int8_cosine_min": float(cos.min()), "int8_cosine_mean": float(cos.mean()), "fp32_s": t_fp32, "int8_s": t_int8,
                   "int8_mb": os.path.getsize(q_path) / 1e6}
        print(f"int8: {q_path} ({report['int8_mb']:.0f} MB): cosine vs fp32 min {cos.min():.4f} mean {cos.mean():.4f}; "
              f"{len(texts)} texts in {t_int8:.2f} s vs fp32 {t_fp32:.2f} s", flush=True)
    json.dump(report, open(os.path.join(out_dir, "export.json"), "w"), indent=2)


if __name__ == "__main__":
    main()
