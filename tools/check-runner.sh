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

# A cell that outlives --timeout fails with that message; a malformed --timeout is refused before anything runs.
cat > "$WORK/slow.java" <<'NB'
//%%
Thread.sleep(60_000);
NB
"$PY" "$ROOT/tools/percent_to_ipynb.py" "$WORK/slow.java" "$WORK/98-slow.ipynb"
set +e
out=$("$ROOT/sota" run --timeout 5 "$WORK/98-slow.ipynb" 2>&1)
rc=$?
set -e
[ $rc -ne 0 ] || { echo "runner check FAILED: a cell over --timeout passed" >&2; echo "$out" >&2; exit 1; }
echo "$out" | grep -q "98-slow.ipynb *FAILED .*in cell 0 ('Thread.sleep" && echo "$out" | grep -q "timed out.*after 5 seconds" \
  || { echo "runner check FAILED: the timeout is not reported" >&2; echo "$out" >&2; exit 1; }
set +e
out=$("$ROOT/sota" run --timeout soon "$WORK/98-slow.ipynb" 2>&1)
rc=$?
set -e
[ $rc -ne 0 ] && echo "$out" | grep -q "timeout must be a whole number of seconds per cell (0 for none), got 'soon'" \
  || { echo "runner check FAILED: a malformed --timeout was not refused clearly" >&2; echo "$out" >&2; exit 1; }
echo "runner check: ok (--timeout enforced and validated)"
