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

# The output check (tools/check_outputs.py, run by ./sota run) fails on outputs that do not read well and passes on
# clean ones: first on hand-made notebooks, then end to end through the kernel.
"$PY" - "$WORK" <<'PYEOF'
import sys
from pathlib import Path
import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output
work = Path(sys.argv[1])
def write(name, outputs, html):
    nb = new_notebook(cells=[new_code_cell("x", outputs=[o]) for o in outputs])
    nbformat.write(nb, work / f"{name}.ipynb")
    (work / f"{name}.html").write_text(html)
table = "<table><thead><tr><th>val_acc</th></tr></thead><tbody><tr><td>71.10%</td></tr></tbody></table>"
write("good", [new_output("display_data", data={"text/html": table, "text/plain": "val_acc\n-------\n 71.10%"}),
               new_output("stream", text="epoch 1/3  loss 0.4521  lr 8.07e-07  0:14\n")], "<html>" + table + "</html>")
write("bad", [new_output("display_data", data={"text/html": " epoch  |  val_acc  |\n------------------\n 1 | 0.7"}),
              new_output("execute_result", data={"text/html": "65334d84-743e-4064-8920-a382371e460f"}, execution_count=1),
              new_output("stream", text="wall_s 13.925903323\n"),
              new_output("display_data", data={"text/plain": "variant  val_acc\n----------------\nbase      0.711"})],
      "<html>no tables here</html>")
write("bad-export", [new_output("display_data", data={"text/html": table, "text/plain": "val_acc"})], "<html></html>")
PYEOF
"$PY" "$ROOT/tools/check_outputs.py" "$WORK/good.ipynb" \
  || { echo "runner check FAILED: the output check refused a clean notebook" >&2; exit 1; }
set +e
out=$("$PY" "$ROOT/tools/check_outputs.py" "$WORK/bad.ipynb" "$WORK/bad-export.ipynb" 2>&1)
rc=$?
set -e
for expected in "bad.ipynb: cell 0 (display_data): text/html without markup" \
    "bad.ipynb: cell 1 (execute_result): only a display id '65334d84-743e-4064-8920-a382371e460f'" \
    "bad.ipynb: cell 2 (stream): unrounded number '13.925903323'" \
    "bad.ipynb: cell 3 (display_data): a table shown as text only" \
    "bad-export.ipynb: the HTML export bad-export.html has no <table"; do
  [ $rc -ne 0 ] && echo "$out" | grep -qF "$expected" \
    || { echo "runner check FAILED: the output check did not report: $expected" >&2; echo "$out" >&2; exit 1; }
done
cat > "$WORK/outputs.java" <<'NB'
//%%
org.sota4j.plots.Tables.show(tech.tablesaw.api.Table.create("t",
        tech.tablesaw.api.DoubleColumn.create("val_acc", 0.7110000000000001)));
//%%
System.out.println("sum " + (0.1 + 0.2));
NB
"$PY" "$ROOT/tools/percent_to_ipynb.py" "$WORK/outputs.java" "$WORK/97-outputs.ipynb"
set +e
out=$("$ROOT/sota" run "$WORK/97-outputs.ipynb" 2>&1)
rc=$?
set -e
[ $rc -ne 0 ] && echo "$out" | grep -qF "97-outputs.ipynb: cell 1 (stream): unrounded number '0.30000000000000004'" \
  || { echo "runner check FAILED: ./sota run passed an unrounded double" >&2; echo "$out" >&2; exit 1; }
echo "$out" | grep -q "cell 0" && { echo "runner check FAILED: Tables.show was reported" >&2; echo "$out" >&2; exit 1; }
"$PY" - "$ROOT/build/notebooks/97-outputs.ipynb" <<'PYEOF' \
  || { echo "runner check FAILED: Tables.show did not hand the kernel HTML and plain text" >&2; exit 1; }
import sys, nbformat
out = nbformat.read(sys.argv[1], as_version=4).cells[0].outputs
assert [o.output_type for o in out] == ["display_data"], out
assert "<table" in out[0].data["text/html"] and "71.10%" in out[0].data["text/html"], out
assert out[0].data["text/plain"].splitlines()[1:] == ["val_acc", "-------", " 71.10%"], out
PYEOF
echo "runner check: ok (outputs checked: run-on HTML, display ids, unrounded numbers, text-only tables, export)"
