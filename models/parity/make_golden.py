"""Golden token ids and embeddings from the reference stack (Python `tokenizers` + `onnxruntime`).

The TypeScript encoder must reproduce these exactly (token ids) and to cosine >= 0.9999
(embeddings): test/parity.test.ts checks it. Run after changing the model or the text set:

    .venv/bin/python models/parity/make_golden.py .cache/models/e5-small test/golden/parity.json.gz

Texts: every meme of the built-in corpus as a passage (title + ". " + description, whitespace
collapsed, as the TS loader does), plus tricky strings as both query and passage.
"""
import base64
import gzip
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[2]
MAX_LENGTH = 512
PREFIX = {"query": "query: ", "passage": "passage: "}

TRICKY = [
    "Ёжик в тумане и ежик в тумане",  # ё / е
    "ЁЛКИ-ПАЛКИ, ОПЯТЬ ПОНЕДЕЛЬНИК",  # ALL CAPS
    "когда кот 😂🤣👍🏽 смотрит на тебя 🐈‍⬛",  # emoji, skin tone, ZWJ sequence
    "мой босс said «deadline is tomorrow» а я ещё не начинал",  # Latin + Cyrillic
    "смотри https://memepedia.ru/zhdun/?utm_source=tg&x=1 это про меня",  # URL
    "ждун " * 1000,  # 5,000 characters: truncated at 512 tokens
    "   \t\n  ",  # whitespace only
    "ко\u200bт за\u200dсто\u200cлом\ufeff",  # zero-width characters
    "кот\u0007 за\u0000 столом\u001b[31m",  # control characters
    "مرحبا عندما القطة تنظر",  # RTL (Arabic)
    "שלום כשהחתול מסתכל",  # RTL (Hebrew)
    "ｆｕｌｌｗｉｄｔｈ ＭＥＭＥ ﬁ",  # NFKC-affected forms
    "cafe\u0301 и кафе́",  # combining accents
    "<s> текст с </s> и <unk> внутри <mask>",  # special tokens typed by a user
    "“кавычки” «ёлочки» „лапки“ – тире — и…",
    "ъъъ ыыы ьььь",
    "",
]


def builtin_passages():
    for line in (ROOT / "data/builtin/memes.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            m = json.loads(line)
            yield " ".join(m["title"].split()) + ". " + " ".join(m["description"].split())


def main(model_dir: str, out: str) -> None:
    model_dir = Path(model_dir)
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    # The reference truncation: HF keeps <s> … </s> inside max_length.
    tok.enable_truncation(MAX_LENGTH)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    sess = ort.InferenceSession(str(model_dir / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    names = {i.name for i in sess.get_inputs()}

    items = [("passage", t) for t in builtin_passages()]
    items += [(kind, t) for t in TRICKY for kind in ("query", "passage")]
    records = []
    for n, (kind, text) in enumerate(items):
        ids = tok.encode(PREFIX[kind] + text).ids
        arr = np.array([ids], dtype=np.int64)
        feeds = {"input_ids": arr, "attention_mask": np.ones_like(arr)}
        if "token_type_ids" in names:
            feeds["token_type_ids"] = np.zeros_like(arr)
        hidden = sess.run(["last_hidden_state"], feeds)[0][0]
        vec = hidden.mean(axis=0)
        vec = vec / max(np.linalg.norm(vec), 1e-12)
        records.append({
            "kind": kind,
            "text": text,
            "ids": ids,
            # float32, little-endian, base64: exact and compact enough
            "embedding": base64.b64encode(vec.astype("<f4").tobytes()).decode("ascii"),
        })
        if (n + 1) % 50 == 0 or n + 1 == len(items):
            print(f"  {n + 1}/{len(items)} texts", file=sys.stderr)

    model_sha = hashlib.sha256((model_dir / "model.onnx").read_bytes()).hexdigest()
    golden = {"model_sha256": model_sha, "max_length": MAX_LENGTH, "records": records}
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(golden, f, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {len(records)} records to {out}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_golden.py MODEL_DIR OUT.json.gz")
    main(sys.argv[1], sys.argv[2])
