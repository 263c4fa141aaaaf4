#!/usr/bin/env bash
# Proves that ./sota run fails, naming the cell, when a notebook cell throws (./sota test runs this).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sota4j-runner.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/failing.java" <<'NB'
//%% md
// A notebook whose second code cell throws.
//%%
int answer = 42;
//%%
if (answer == 42) throw new IllegalStateException("boom from the second cell");
//%%
System.out.println("never reached");
NB
PY=$(command -v python3)
"$PY" -c 'import nbformat' 2>/dev/null || PY=/usr/bin/python3
"$PY" "$ROOT/tools/percent_to_ipynb.py" "$WORK/failing.java" "$WORK/99-failing.ipynb"
set +e
out=$("$ROOT/sota" run "$WORK/99-failing.ipynb" 2>&1)
rc=$?
set -e
echo "$out" | grep -E "99-failing|boom" || true
[ $rc -ne 0 ] || { echo "runner check FAILED: ./sota run exited 0 on a failing notebook" >&2; exit 1; }
echo "$out" | grep -q "99-failing.ipynb *FAILED .*in cell 2 ('if (answer == 42)" \
  || { echo "runner check FAILED: the failing cell is not named" >&2; echo "$out" >&2; exit 1; }
echo "$out" | grep -q "boom from the second cell" || { echo "runner check FAILED: the exception is not shown" >&2; exit 1; }
echo "runner check: ok (exit $rc, failing cell named)"
