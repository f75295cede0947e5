#!/usr/bin/env bash
# Build the faiss-node native addon offline against Debian's libfaiss-dev.
#
# faiss-node@0.5.1's own install script downloads a prebuilt binary from GitHub
# and then `git clone`s faiss: both fail without network, so package.json denies
# it ("allowScripts": {"faiss-node": false}) and this script does the build:
#   1. make sure the system build deps are there (apt-get only as root, and only
#      when something is missing; --no-apt turns that off),
#   2. apply patches/faiss-node+0.5.1.patch with the local patch-package
#      (system faiss via find_package, no patchelf block, faiss 1.7.3 idx_t,
#      three upstream memory-leak fixes),
#   3. `cmake-js rebuild` with the local cmake-js. No Node headers are downloaded:
#      faiss-node declares binary.napi_versions, so cmake-js takes the Node-API
#      headers from the node-api-headers npm package (a cmake-js dependency).
#      npm_config_nodedir is pointed at the running Node's own headers as well,
#      as a fallback that also needs no network.
#   4. load the addon and run a tiny search to prove it works.
#
# Idempotent: does nothing when the addon is already built and loads.
#
# Usage: bash scripts/build-faiss-node.sh [--no-apt] [--deps-only] [--force]
#   --no-apt     never run apt-get; fail with the list of packages to install
#                (also: FAISS_NODE_NO_APT=1)
#   --deps-only  only check/install the system packages, then stop
#                (usable before `npm ci`, e.g. in CI)
#   --force      rebuild even if a working addon is already there
set -euo pipefail

log() { printf '[build-faiss-node] %s\n' "$*"; }
die() { printf '[build-faiss-node] ERROR: %s\n' "$*" >&2; exit 1; }

NO_APT="${FAISS_NODE_NO_APT:-0}"
DEPS_ONLY=0
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --no-apt) NO_APT=1 ;;
    --deps-only) DEPS_ONLY=1 ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PKG_DIR="$ROOT/node_modules/faiss-node"
ADDON="$PKG_DIR/build/Release/faiss-node.node"
PATCH_MARKER="memesearch: link against the system faiss"

# Loads the addon through the package entry point and runs a 2-vector search.
addon_works() {
  [ -f "$ADDON" ] || return 1
  # node -e is CommonJS even under "type": "module"
  (cd "$ROOT" && node -e '
    const f = require("faiss-node");
    const i = new f.IndexFlatIP(2);
    i.add([1, 0, 0, 1]);
    const r = i.search([0, 1], 1);
    if (r.labels[0] !== 1) process.exit(1);
  ') >/dev/null 2>&1
}

# ---- 0. fast path --------------------------------------------------------------
if [ "$DEPS_ONLY" = 0 ] && [ "$FORCE" = 0 ] && [ -d "$PKG_DIR" ] && addon_works; then
  log "faiss-node addon already built and loads: $ADDON (use --force to rebuild)"
  exit 0
fi

# ---- 1. system dependencies ----------------------------------------------------
# Runtime of the finished addon: libopenblas0 (libblas.so.3/liblapack.so.3), libgomp1.
APT_PKGS=(libfaiss-dev libopenblas-dev cmake g++ make)
MULTIARCH="$( (gcc -print-multiarch || dpkg-architecture -qDEB_HOST_MULTIARCH) 2>/dev/null || echo x86_64-linux-gnu)"
missing_deps() {
  local miss=()
  [ -f /usr/include/faiss/IndexFlat.h ] && [ -f "/usr/lib/$MULTIARCH/cmake/faiss/faiss-config.cmake" ] || miss+=(libfaiss-dev)
  # libfaiss.a links /usr/lib/<arch>/libblas.so + liblapack.so; take them from OpenBLAS
  # (installing libfaiss-dev alone may pick the slow reference libblas-dev).
  [ -e "/usr/lib/$MULTIARCH/libopenblas.so" ] && [ -e "/usr/lib/$MULTIARCH/libblas.so" ] \
    && [ -e "/usr/lib/$MULTIARCH/liblapack.so" ] || miss+=(libopenblas-dev)
  command -v cmake >/dev/null 2>&1 || miss+=(cmake)
  command -v c++ >/dev/null 2>&1 || miss+=(g++)
  command -v make >/dev/null 2>&1 || command -v ninja >/dev/null 2>&1 || miss+=(make)
  echo "${miss[@]:-}"
}

MISSING="$(missing_deps)"
if [ -n "$MISSING" ]; then
  log "missing system packages: $MISSING"
  if [ "$NO_APT" = 1 ]; then
    die "install them first, e.g.: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${APT_PKGS[*]}   (or run this script as root without --no-apt)"
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "not root or no apt-get; install as root: apt-get update && apt-get install -y --no-install-recommends ${APT_PKGS[*]}"
  fi
  log "installing with apt-get: ${APT_PKGS[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${APT_PKGS[@]}"
  MISSING="$(missing_deps)"
  [ -z "$MISSING" ] || die "still missing after apt-get: $MISSING"
fi
log "system deps OK (libfaiss-dev, libopenblas-dev, cmake $(cmake --version | head -1 | awk '{print $3}'), $(c++ --version | head -1))"
[ "$DEPS_ONLY" = 1 ] && exit 0

# ---- 2. npm side ---------------------------------------------------------------
if [ ! -d "$PKG_DIR" ]; then
  nested="$(ls -d "$ROOT"/*/node_modules/faiss-node "$ROOT"/*/*/node_modules/faiss-node 2>/dev/null | head -1 || true)"
  [ -z "$nested" ] || die "faiss-node is installed at ${nested#"$ROOT"/}, not hoisted to node_modules/faiss-node (another version in the tree?); the patch and this script expect the hoisted copy: keep a single faiss-node 0.5.1 in the workspace"
  die "node_modules/faiss-node not found: run 'npm ci' (or 'npm install') first"
fi
FAISS_NODE_VERSION="$(node -p 'require("./node_modules/faiss-node/package.json").version')"
[ "$FAISS_NODE_VERSION" = "0.5.1" ] || die "faiss-node is $FAISS_NODE_VERSION, the patch is for 0.5.1 (pin \"faiss-node\": \"0.5.1\")"
CMAKE_JS="$ROOT/node_modules/.bin/cmake-js"
PATCH_PACKAGE="$ROOT/node_modules/.bin/patch-package"
[ -x "$CMAKE_JS" ] || die "node_modules/.bin/cmake-js missing: add cmake-js to devDependencies and do not omit dev deps"
[ -x "$PATCH_PACKAGE" ] || die "node_modules/.bin/patch-package missing: add patch-package to devDependencies and do not omit dev deps"

# ---- 3. patch --------------------------------------------------------------------
if grep -q "$PATCH_MARKER" "$PKG_DIR/CMakeLists.txt"; then
  log "patch already applied to node_modules/faiss-node"
else
  log "applying patches/faiss-node+0.5.1.patch"
  "$PATCH_PACKAGE" >/dev/null || "$PATCH_PACKAGE"   # re-run verbosely on failure
  grep -q "$PATCH_MARKER" "$PKG_DIR/CMakeLists.txt" || die "patch-package did not patch faiss-node"
fi

# ---- 4. compile ------------------------------------------------------------------
NODE_PREFIX="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
log "compiling faiss-node with cmake-js $("$CMAKE_JS" --version) (offline; Node-API headers from node-api-headers)"
start=$(date +%s)
# cmake-js rebuild = clean + configure + build, so a stale build/ (e.g. copied
# from another path) cannot break configure.
npm_config_nodedir="${npm_config_nodedir:-$NODE_PREFIX}" \
  "$CMAKE_JS" rebuild --directory "$PKG_DIR" --log-level warn
log "compiled in $(( $(date +%s) - start ))s"

# ---- 5. verify -------------------------------------------------------------------
addon_works || die "built $ADDON but it does not load; try: node -e \"require('faiss-node')\""
log "OK: $ADDON loads and searches"
