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
# the first Python with Jupyter's client, as ./sota finds it
PY=""
for p in "${SOTA4J_PYTHON:-}" "$ROOT/build/venv/bin/python" "$(command -v python3 || true)" /usr/bin/python3; do
  if [ -n "$p" ] && [ -x "$p" ] && "$p" -c 'import nbclient, nbformat' 2>/dev/null; then PY="$p"; break; fi
done
[ -n "$PY" ] || { echo "runner check FAILED: no Python with nbclient and nbformat" >&2; exit 1; }
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

# A kernel whose first start dies, and one whose first start never answers, are started again; a kernel that never
# starts fails the notebook "before any cell ran", naming no cell.
cat > "$WORK/ok.java" <<'NB'
//%%
int answer = 6 * 7;
NB
"$PY" "$ROOT/tools/percent_to_ipynb.py" "$WORK/ok.java" "$WORK/97-ok.ipynb"
mkdir -p "$WORK/jupyter/kernels"
# kernelspecs that wrap the installed sota4j kernel: the first start of each does something bad, later ones run it
"$PY" - "$WORK" <<'PYEOF'
import json, sys
from pathlib import Path
from jupyter_client.kernelspec import KernelSpecManager
work = Path(sys.argv[1])
real = KernelSpecManager().get_kernel_spec("sota4j")
first = {"dies": "exit 3", "hangs": "sleep 60", "never": "exit 3"}
for name, bad in first.items():
    script = work / f"{name}.sh"
    marker = work / f"{name}.started"
    always_bad = name == "never"
    script.write_text("#!/usr/bin/env bash\n"
                      + (f"{bad}\n" if always_bad else f"if [ ! -e '{marker}' ]; then touch '{marker}'; {bad}; fi\n")
                      + "exec " + " ".join(f"'{a}'" if a != "{connection_file}" else '"$1"' for a in real.argv) + "\n")
    script.chmod(0o755)
    spec_dir = work / "jupyter" / "kernels" / f"sota4j-{name}"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({"argv": [str(script), "{connection_file}"],
        "display_name": name, "language": "java", "env": real.env}))
PYEOF
for name in dies hangs never; do
  set +e
  out=$(JUPYTER_PATH="$WORK/jupyter" SOTA4J_KERNEL_STARTS=2 SOTA4J_KERNEL_STARTUP_TIMEOUT=10 \
        "$PY" "$ROOT/tools/execute_notebooks.py" --out "$WORK/out-$name" --kernel "sota4j-$name" "$WORK/97-ok.ipynb" 2>&1)
  rc=$?
  set -e
  if [ $name = never ]; then
    [ $rc -ne 0 ] && echo "$out" | grep -q "97-ok.ipynb *FAILED .*before any cell ran: the kernel did not start in 2 tries" \
      && ! echo "$out" | grep -q "in cell" \
      || { echo "runner check FAILED: a kernel that never starts is not reported as such" >&2; echo "$out" >&2; exit 1; }
  else
    [ $rc -eq 0 ] && echo "$out" | grep -q "kernel start 1 of 2 failed" && echo "$out" | grep -q "97-ok.ipynb *ok" \
      || { echo "runner check FAILED: a kernel whose first start $name was not started again" >&2; echo "$out" >&2; exit 1; }
  fi
done
echo "runner check: ok (a start that dies or hangs is retried; one that never succeeds names no cell)"
