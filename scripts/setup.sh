#!/usr/bin/env bash
# One idempotent set-up for a fresh clone; `npm start` and `npm test` both run it first.
#   1. npm packages (npm ci; install scripts of onnxruntime-node and faiss-node are denied in
#      package.json: both download from GitHub, which is unreachable here and unnecessary),
#   2. the faiss-node native addon, built against Debian's libfaiss-dev (scripts/build-faiss-node.sh),
#   3. a Python venv (.venv) with models/requirements.txt, for the model conversion and parity tools,
#   4. the TypeScript build (services/*/dist),
#   5. the default model (npx memesearch model fetch), verified against models/manifest.json.
# Each step is skipped when its result is already there, so a second run takes seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n[setup] %s\n' "$*"; }

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("[setup] Node.js >= 20.19 is required, this is "+process.version); process.exit(1) }'

# faiss-node needs system packages before anything compiles.
bash scripts/build-faiss-node.sh --deps-only

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages (npm ci)"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi

step "faiss-node native addon"
bash scripts/build-faiss-node.sh

REQ_STAMP=.venv/.requirements.sha256
REQ_SHA="$(sha256sum models/requirements.txt | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ "$(cat "$REQ_STAMP" 2>/dev/null)" != "$REQ_SHA" ]; then
  step "Python venv for the model tools (.venv, models/requirements.txt)"
  python3 -m venv .venv
  .venv/bin/pip install --disable-pip-version-check -q -r models/requirements.txt
  echo "$REQ_SHA" > "$REQ_STAMP"
fi

step "building TypeScript"
# Every workspace with a tsconfig: the search service and the chat adapters.
npx tsc -b services/search $(for d in adapters/*/; do [ -f "${d}tsconfig.json" ] && echo "$d"; done)

step "model ${MEMESEARCH_MODEL:-e5-small}"
node services/search/bin/memesearch.js model fetch

printf '\n[setup] done\n'
