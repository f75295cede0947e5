#!/usr/bin/env bash
# `npm start`: set everything up, then run the system on embedded defaults — the gRPC search
# service, plus each chat adapter whose token is configured. Ctrl+C (or SIGTERM) stops them all
# in order: adapters first (no new searches), then the service.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh

pids=()
node services/search/bin/memesearch.js serve &
search_pid=$!

adapter() { # name, token variable, entry
  if [ -n "${!2:-}" ]; then
    if [ -f "$3" ]; then
      echo "[start] $2 is set: starting the $1 bot"
      node "$3" &
      pids+=("$!")
    else
      echo "[start] $2 is set but the $1 adapter is not built ($3 missing)" >&2
    fi
  else
    echo "[start] $2 is not set: the $1 bot stays off (see README, \"$1\")"
  fi
}
adapter Telegram TELEGRAM_BOT_TOKEN adapters/telegram/dist/main.js
adapter Discord DISCORD_TOKEN adapters/discord/dist/main.js

stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  kill -TERM "$search_pid" 2>/dev/null || true
  wait "$search_pid" 2>/dev/null || true
}
trap stop INT TERM
wait "$search_pid"
