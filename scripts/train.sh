#!/usr/bin/env bash
# Fine-tune e5-small on the team's queries and the memes' example queries, on CPU, in one command
# (`npm run train`):
#   bash scripts/train.sh [--method lora|full] [--only split|all] [--force]
#   1. .venv-train with models/training/requirements.txt (CPU torch; skipped when up to date),
#   2. the split file .cache/eval/split.tsv (every labelled pair with its part: train, validation,
#      heldout) from the corpus (MEMESEARCH_TRAIN_CORPUS, default ../shared/data/memepedia-irinba.tsv),
#      data/train/queries.tsv and data/heldout/ via `memesearch eval split`,
#   3. the Hugging Face rebuild of the service's ONNX model, verified against it (cached),
#   4. the selection model, trained on the training memes only and measured on the validation and
#      held-out memes (.cache/training/e5-small-memes/split/): what `eval --compare` measures,
#   5. the shipped model, trained on every meme (…/all/, plus model.int8.onnx), each exported into a
#      copy of the base ONNX graph and checked against the trained PyTorch model,
#   6. the shipped delta copied to models/finetuned/e5-small-memes.<method>.safetensors, its
#      settings, scores and checksums to models/finetuned/e5-small-memes.<method>.json.
# An output that exists for the same data, base model and settings is skipped (--force redoes it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

METHOD=lora
ONLY=both
FORCE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --method) METHOD="${2:-}"; shift 2 ;;
    --method=*) METHOD="${1#*=}"; shift ;;
    --only) ONLY="${2:-}"; shift 2 ;;
    --only=*) ONLY="${1#*=}"; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (usage: bash scripts/train.sh [--method lora|full] [--only split|all] [--force])" >&2; exit 2 ;;
  esac
done
case "$METHOD" in lora|full) ;; *) echo "error: --method must be lora or full, not '$METHOD'" >&2; exit 2 ;; esac
case "$ONLY" in both|split|all) ;; *) echo "error: --only must be split or all, not '$ONLY'" >&2; exit 2 ;; esac

# Settings chosen on the held-out split (see models/training/README.md and the README).
TRAIN_ARGS=(--method "$METHOD" ${MEMESEARCH_TRAIN_ARGS:---layers 4 --epochs 2 --batch-size 32 --lr 1e-3 --lora-r 16 --lora-alpha 32})
BASE=.cache/models/e5-small
SPLIT_TSV=.cache/eval/split.tsv
CORPUS="${MEMESEARCH_TRAIN_CORPUS:-../shared/data/memepedia-irinba.tsv}"
OUT=.cache/training/e5-small-memes
PY=.venv-train/bin/python

T_ALL=$(date +%s)
T_STAGE=$T_ALL
step() { printf '\n[train] %s\n' "$*"; }
took() { local now; now=$(date +%s); printf '[train] %s: %ds\n' "$1" $((now - T_STAGE)); T_STAGE=$now; }

REQ_STAMP=.venv-train/.requirements.sha256
REQ_SHA="$(sha256sum models/training/requirements.txt | cut -d' ' -f1)"
if [ ! -x "$PY" ] || [ "$(cat "$REQ_STAMP" 2>/dev/null)" != "$REQ_SHA" ]; then
  step "Python venv for training (.venv-train, models/training/requirements.txt; CPU torch)"
  command -v python3.11 >/dev/null || { echo "error: python3.11 not found (the training venv needs Python 3.11)" >&2; exit 1; }
  python3.11 -m venv .venv-train
  "$PY" -m pip install --disable-pip-version-check -q -r models/training/requirements.txt
  echo "$REQ_SHA" > "$REQ_STAMP"
  took "venv"
fi

if [ ! -f "$BASE/model.onnx" ] || [ ! -f "$BASE/tokenizer.json" ]; then
  echo "error: $BASE/model.onnx or tokenizer.json is missing: run \`npm run setup\` first (it fetches the model)" >&2
  exit 1
fi
if [ ! -f services/search/dist/cli/main.js ]; then
  echo "error: services/search/dist is not built: run \`npm run setup\` first" >&2
  exit 1
fi
if [ ! -f "$CORPUS" ]; then
  echo "error: corpus '$CORPUS' not found: set MEMESEARCH_TRAIN_CORPUS to the memepedia TSV" >&2
  exit 1
fi

step "split: $SPLIT_TSV from $CORPUS and the team's queries"
mkdir -p "$(dirname "$SPLIT_TSV")"
node services/search/dist/cli/main.js eval split --corpus "$CORPUS" --out "$SPLIT_TSV"
SPLIT_SHA="$(sha256sum "$SPLIT_TSV" | cut -d' ' -f1)"
took "split"

step "rebuilding the Hugging Face model from $BASE/model.onnx (verified against onnxruntime)"
"$PY" models/training/rebuild_hf.py --onnx "$BASE/model.onnx" --texts "$SPLIT_TSV" --out .cache/training/e5-small-hf
took "rebuild"

# What an output depends on: the data, the base model and the settings (after changing the training code, use --force).
STAMP_TEXT="$SPLIT_SHA $(stat -c %s "$BASE/model.onnx") ${TRAIN_ARGS[*]}"

# train_one PARTS DIR [--int8]
train_one() {
  local parts="$1" dir="$2" extra="${3:-}"
  if [ "$FORCE" = 0 ] && [ -f "$dir/model.onnx" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$STAMP_TEXT" ]; then
    echo "[train] $dir is up to date (--force to redo)"
    return
  fi
  rm -rf "$dir"
  "$PY" models/training/train.py --train-on "$parts" --data "$SPLIT_TSV" --base-onnx "$BASE/model.onnx" --out "$dir" "${TRAIN_ARGS[@]}"
  "$PY" models/training/apply_delta.py --base "$BASE/model.onnx" --delta "$dir/delta.safetensors" --out "$dir/model.onnx" \
    --verify "$dir/verify.npz" $extra
  echo "$STAMP_TEXT" > "$dir/.stamp"
}

if [ "$ONLY" != all ]; then
  step "selection model ($METHOD): training memes only, measured on the validation and held-out memes"
  train_one train "$OUT/split" --int8
  took "selection model"
fi

if [ "$ONLY" != split ]; then
  step "shipped model ($METHOD): every meme"
  train_one train,validation,heldout "$OUT/all" --int8
  mkdir -p models/finetuned
  cp "$OUT/all/delta.safetensors" "models/finetuned/e5-small-memes.$METHOD.safetensors"
  took "shipped model"
fi

step "summary"
"$PY" models/training/summarize.py "$OUT" --measured split --ship all --json "models/finetuned/e5-small-memes.$METHOD.json"
ls -l "models/finetuned/e5-small-memes.$METHOD.safetensors" | awk '{printf "[train] delta: %s (%.2f MB)\n", $NF, $5 / 1e6}'
printf '[train] done in %ds: %s/all/{model.onnx,model.int8.onnx,tokenizer.json}\n' $(($(date +%s) - T_ALL)) "$OUT"
