#!/usr/bin/env bash
# Proves the zero-set-up promise (./sota test runs this last):
#  1. a fresh clone with a fresh HOME and no kernel spec: the README's main command writes the executed quickstart;
#  2. Binder's post-build in a fresh HOME and Jupyter data folder installs a kernel that executes a notebook.
# Maven's downloads are shared with the caller's cache (MAVEN_USER_HOME, maven.repo.local) so nothing is fetched twice.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REAL_M2="${MAVEN_USER_HOME:-$HOME/.m2}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sota4j-setup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "setup check FAILED: $*" >&2; exit 1; }

has_png() {  # an executed notebook with at least one inline PNG and no error output
  python3 - "$1" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
outs = [o for c in nb["cells"] for o in c.get("outputs", [])]
assert not any(o.get("output_type") == "error" for o in outs), "error output"
assert any("image/png" in o.get("data", {}) for o in outs), "no inline PNG"
PY
}

fresh_env() {  # runs a command with a fresh HOME and Jupyter folders, sharing only Maven's caches
  env -i PATH="$PATH" LANG=C.UTF-8 HOME="$1" MAVEN_USER_HOME="$REAL_M2" \
      MAVEN_OPTS="-Dmaven.repo.local=$REAL_M2/repository" SOTA4J_PROFILE=smoke ${JAVA_HOME:+JAVA_HOME=$JAVA_HOME} \
      bash -c "$2"
}

echo "== setup check 1: fresh clone, fresh HOME, README main command"
git clone -q "$ROOT" "$WORK/clone"
mkdir -p "$WORK/home1"
fresh_env "$WORK/home1" "cd '$WORK/clone' && ./sota run notebooks/00-quickstart.ipynb" || fail "README main command in a fresh clone"
[ -f "$WORK/home1/.local/share/jupyter/kernels/sota4j/kernel.json" ] || fail "no kernel spec installed in the fresh HOME"
has_png "$WORK/clone/build/notebooks/00-quickstart.ipynb" || fail "executed quickstart lacks its plots"
echo "fresh clone: ok"

echo "== setup check 2: binder/postBuild in a fresh HOME and Jupyter data folder"
rm -rf "$WORK/clone/build"
mkdir -p "$WORK/home2"
fresh_env "$WORK/home2" "cd '$WORK/clone' && JUPYTER_DATA_DIR='$WORK/jupyter' binder/postBuild" || fail "binder/postBuild"
[ -f "$WORK/jupyter/kernels/sota4j/kernel.json" ] || fail "postBuild installed no kernel into the fresh Jupyter data folder"
# ./sota run finds the kernel postBuild installed (and its build up to date), so it runs the notebook with it
fresh_env "$WORK/home2" "cd '$WORK/clone' && JUPYTER_DATA_DIR='$WORK/jupyter' ./sota run notebooks/00-quickstart.ipynb" \
  || fail "executing the quickstart with the kernel postBuild installed"
grep -q -- '-Xmx1g' "$WORK/jupyter/kernels/sota4j/kernel.json" || fail "the kernel that ran is not Binder's"
has_png "$WORK/clone/build/notebooks/00-quickstart.ipynb" || fail "quickstart run by the Binder kernel lacks its plots"
echo "binder post-build: ok"
