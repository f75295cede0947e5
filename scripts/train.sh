#!/usr/bin/env bash
# Fine-tune e5-small on the memes' example queries, on CPU, in one command (`npm run train`):
#   bash scripts/train.sh [--method lora|full] [--folds all|0,1,…] [--force]
#   1. .venv-train with models/training/requirements.txt (CPU torch; skipped when up to date),
#   2. the folds file .cache/eval/folds.tsv from the corpus (MEMESEARCH_TRAIN_CORPUS, default
#      ../shared/data/memepedia-irinba.tsv) via `memesearch eval folds`,
#   3. the Hugging Face rebuild of the service's ONNX model, verified against it (cached),
#   4. one model per held-out fold (.cache/training/e5-small-memes/fold-<f>/) with its zero-shot vs
#      tuned scores, then one on all folds (…/all/, plus model.int8.onnx), each exported into a copy
#      of the base ONNX graph and checked against the trained PyTorch model,
#   5. the all-folds delta copied to models/finetuned/e5-small-memes.<method>.safetensors, its scores,
#      settings and checksums to models/finetuned/e5-small-memes.<method>.json.
# A fold whose output exists for the same folds file, method and settings is skipped (--force redoes it).
# --folds selects the held-out folds to evaluate; `all` = every fold of the file. The all-folds model
# is always (re)made unless it is up to date.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

METHOD=lora
FOLDS=all
FORCE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --method) METHOD="${2:-}"; shift 2 ;;
    --method=*) METHOD="${1#*=}"; shift ;;
    --folds) FOLDS="${2:-}"; shift 2 ;;
    --folds=*) FOLDS="${1#*=}"; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (usage: bash scripts/train.sh [--method lora|full] [--folds all|0,1,…] [--force])" >&2; exit 2 ;;
  esac
done
case "$METHOD" in lora|full) ;; *) echo "error: --method must be lora or full, not '$METHOD'" >&2; exit 2 ;; esac
if [ "$FOLDS" != all ] && ! [[ "$FOLDS" =~ ^[0-9]+(,[0-9]+)*$ ]]; then
  echo "error: --folds must be 'all' or a comma-separated list of fold numbers like 0,1, not '$FOLDS'" >&2; exit 2
fi

# Settings chosen on held-out fold 0 (see models/training/train.py and the README).
TRAIN_ARGS=(--method "$METHOD" --layers 4 --epochs 2 --batch-size 32 --lr 1e-3 --lora-r 16 --lora-alpha 32)
BASE=.cache/models/e5-small
FOLDS_TSV=.cache/eval/folds.tsv
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
  echo "error: corpus '$CORPUS' not found: set MEMESEARCH_TRAIN_CORPUS to a memes TSV with example queries" >&2
  exit 1
fi

step "folds: $FOLDS_TSV from $CORPUS"
mkdir -p "$(dirname "$FOLDS_TSV")"
node services/search/dist/cli/main.js eval folds --corpus "$CORPUS" --out "$FOLDS_TSV"
FOLDS_SHA="$(sha256sum "$FOLDS_TSV" | cut -d' ' -f1)"
took "folds"

step "rebuilding the Hugging Face model from $BASE/model.onnx (verified against onnxruntime)"
"$PY" models/training/rebuild_hf.py --onnx "$BASE/model.onnx" --texts "$FOLDS_TSV" --out .cache/training/e5-small-hf
took "rebuild"

if [ "$FOLDS" = all ]; then
  FOLD_LIST="$(cut -f1 "$FOLDS_TSV" | tail -n +2 | sort -un | tr '\n' ' ')"
else
  FOLD_LIST="${FOLDS//,/ }"
fi
# What an output depends on: the data, the base model and the settings (after changing the training code, use --force).
STAMP_TEXT="$FOLDS_SHA $(stat -c %s "$BASE/model.onnx") ${TRAIN_ARGS[*]}"

# train_one HOLDOUT DIR [--int8]
train_one() {
  local holdout="$1" dir="$2" extra="${3:-}"
  if [ "$FORCE" = 0 ] && [ -f "$dir/model.onnx" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$STAMP_TEXT" ]; then
    echo "[train] $dir is up to date (--force to redo)"
    return
  fi
  rm -rf "$dir"
  "$PY" models/training/train.py --holdout "$holdout" --folds "$FOLDS_TSV" --base-onnx "$BASE/model.onnx" --out "$dir" "${TRAIN_ARGS[@]}"
  "$PY" models/training/apply_delta.py --base "$BASE/model.onnx" --delta "$dir/delta.safetensors" --out "$dir/model.onnx" \
    --verify "$dir/verify.npz" $extra
  echo "$STAMP_TEXT" > "$dir/.stamp"
}

for f in $FOLD_LIST; do
  step "fold $f held out ($METHOD)"
  train_one "$f" "$OUT/fold-$f"
  took "fold $f"
done

step "all folds ($METHOD): the model to ship"
train_one none "$OUT/all" --int8
mkdir -p models/finetuned
cp "$OUT/all/delta.safetensors" "models/finetuned/e5-small-memes.$METHOD.safetensors"
took "all folds"

step "summary"
"$PY" models/training/summarize.py "$OUT" $(for f in $FOLD_LIST; do echo "fold-$f"; done) \
  --ship all --json "models/finetuned/e5-small-memes.$METHOD.json"
ls -l "models/finetuned/e5-small-memes.$METHOD.safetensors" | awk '{printf "[train] delta: %s (%.2f MB)\n", $NF, $5 / 1e6}'
printf '[train] done in %ds: %s/all/{model.onnx,model.int8.onnx,tokenizer.json}\n' $(($(date +%s) - T_ALL)) "$OUT"
