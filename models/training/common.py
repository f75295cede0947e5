"""Shared helpers for the fine-tuning scripts (models/training/*.py).

Everything here works offline: the model comes from the ONNX file the service
runs, the tokenizer from the tokenizer.json beside it, never from a model hub.
"""
import csv
import hashlib
import io
import os
import random
import sys
import time

import numpy as np

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# The service truncates at the model's 512 positions (e5-tokenizer.ts keeps </s> last).
SERVICE_MAX_LENGTH = 512

# Fixed seeds: a rerun trains the same model (same batches, same init of LoRA A).
SEED = 20251127


def die(msg):
    """A user mistake or a failed check: one clear line, exit code 2, no traceback."""
    print(f"error: {msg}", file=sys.stderr, flush=True)
    sys.exit(2)


def seed_everything(seed=SEED):
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


SPLIT_PARTS = ("train", "validation", "heldout")


def read_split(path):
    """Rows of the split TSV (`part id style query passage`, from `memesearch eval split`); clear errors on bad input."""
    if not os.path.exists(path):
        die(f"{path}: not found (make it with: node services/search/dist/cli/main.js eval split --corpus FILE --out {path})")
    csv.field_size_limit(sys.maxsize)
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        die(f"{path}:{line}: not UTF-8 (byte 0x{data[e.start]:02x})")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = {"part", "id", "style", "query", "passage"} - set(reader.fieldnames or [])
    if missing:
        die(f"{path}: header lacks column(s) {', '.join(sorted(missing))} (expected: part, id, style, query, passage)")
    rows = []
    for line, r in enumerate(reader, start=2):
        if r["part"] not in SPLIT_PARTS:
            die(f"{path}:{line}: part {r['part']!r} is not one of {', '.join(SPLIT_PARTS)}")
        if not (r["query"] or "").strip() or not (r["passage"] or "").strip():
            die(f"{path}:{line}: empty query or passage")
        rows.append({k: r[k] for k in ("part", "id", "style", "query", "passage")})
    if not rows:
        die(f"{path}: no rows")
    return rows


def load_tokenizer(path):
    """The service's tokenizer.json as a transformers fast tokenizer (special tokens of XLM-R)."""
    from transformers import PreTrainedTokenizerFast

    tok = PreTrainedTokenizerFast(
        tokenizer_file=path,
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        sep_token="</s>",
        cls_token="<s>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=SERVICE_MAX_LENGTH,
    )
    tok.model_input_names = ["input_ids", "token_type_ids", "attention_mask"]
    return tok


def mean_pool_normalize(hidden, mask):
    """numpy: mean over real tokens, then L2 (what the service does with last_hidden_state)."""
    m = mask[..., None].astype(np.float32)
    v = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def encode_batch(tok, texts, max_length):
    enc = tok(texts, padding=True, truncation=True, max_length=max_length, return_tensors="np")
    ids = enc["input_ids"].astype(np.int64)
    mask = enc["attention_mask"].astype(np.int64)
    return ids, mask, np.zeros_like(ids)


def ort_session(path, threads=None):
    import onnxruntime as ort

    so = ort.SessionOptions()
    if threads:
        so.intra_op_num_threads = threads
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def ort_embed(session, tok, texts, max_length=SERVICE_MAX_LENGTH, batch_size=32, desc=None):
    """Embeddings from an ONNX file, batched by length (less padding), in input order."""
    from tqdm import tqdm

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), 384), np.float32)
    starts = range(0, len(order), batch_size)
    for s in tqdm(starts, desc=desc, disable=desc is None, unit="batch", mininterval=2):
        idx = order[s : s + batch_size]
        ids, mask, types = encode_batch(tok, [texts[i] for i in idx], max_length)
        (hidden,) = session.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        out[idx] = mean_pool_normalize(hidden, mask)
    return out


def torch_embed(model, texts, max_length=SERVICE_MAX_LENGTH, batch_size=32):
    """Embeddings from a SentenceTransformer (any max length), in input order."""
    model.max_seq_length = max_length
    return model.encode(texts, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)


def retrieval_metrics(q_emb, p_emb, gold):
    """R@1/5/10 and MRR@10 of each query's gold passage index among all passages (cosine = dot)."""
    scores = q_emb @ p_emb.T
    gold_scores = scores[np.arange(len(gold)), gold]
    # rank = passages scoring strictly higher + 1 (ties count in the query's favour, as argsort would at random)
    rank = (scores > gold_scores[:, None]).sum(1) + 1
    return {
        "n": int(len(gold)),
        "R@1": float((rank <= 1).mean()),
        "R@5": float((rank <= 5).mean()),
        "R@10": float((rank <= 10).mean()),
        "MRR@10": float(np.where(rank <= 10, 1.0 / rank, 0.0).mean()),
    }


def fmt_metrics(m):
    return f"R@1 {m['R@1']:.3f}  R@5 {m['R@5']:.3f}  R@10 {m['R@10']:.3f}  MRR@10 {m['MRR@10']:.3f}  (n={m['n']})"


def cosine_rows(a, b):
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(1)


class Stopwatch:
    def __init__(self):
        self.t0 = time.time()

    def __str__(self):
        s = time.time() - self.t0
        return f"{s:.0f} s" if s < 120 else f"{s / 60:.1f} min"


def sha256_file(path):
    """sha256 of a file, read in 4 MB chunks (model files are hundreds of MB)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()
