"""Executes Java notebooks headless through the sota4j Jupyter kernel (used by ./sota run).

For each notebook: runs every cell with nbclient, writes the executed copy and an HTML rendering
under the output folder, prints one line (name, status, wall time), and on failure names the cell
that failed. Exits 1 if any notebook failed. With --inplace the executed copy also replaces the
source notebook (to commit its outputs).
"""
import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

STARTS = 6
STARTUP_TIMEOUT = 15


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def execute(path, out_dir, kernel, timeout, inplace):
    nb = nbformat.read(path, as_version=4)
    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.time()
    error = None
    log = open(out_dir / (path.stem + ".kernel.log"), "w")
    # The Java kernel now and then binds its sockets but never answers the first request (seen with
    # rapaio-jupyter-kernel 3.0.1 on 2 cores): give each start a bounded time and try again.
    for attempt in range(1, STARTS + 1):
        client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=False,
                                startup_timeout=STARTUP_TIMEOUT,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute(stdout=log, stderr=log)
            error = None
            break
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
            error = e
            break
        except RuntimeError as e:
            error = e
            if "didn't respond" not in str(e) or attempt == STARTS:
                break
            print(f"  kernel did not answer within {STARTUP_TIMEOUT} s (start {attempt} of {STARTS}); starting it again",
                  file=sys.stderr, flush=True)
    wall = time.time() - start
    log.close()
    nbformat.write(nb, out_dir / path.name)
    try:
        from nbconvert import HTMLExporter
        html, _ = HTMLExporter().from_notebook_node(nb)
        (out_dir / path.with_suffix(".html").name).write_text(html, encoding="utf-8")
    except Exception as e:  # HTML is a convenience; the executed notebook is what counts
        print(f"  (no HTML for {path.name}: {e})", file=sys.stderr)
    if error is None:
        if inplace:
            nbformat.write(nb, path)
        print(f"{path.name:40s} ok      {wall:7.1f} s", flush=True)
        return True
    failed = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            failed = (index, cell)
            break
    if failed is None:  # timeouts and dead kernels leave no error output: the last cell that ran
        ran = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count")]
        failed = ran[-1] if ran else (0, nb.cells[0])
    index, cell = failed
    reason = str(error).strip().splitlines()
    print(f"{path.name:40s} FAILED  {wall:7.1f} s  in cell {index} ({first_line(cell.source)!r})", flush=True)
    for line in [l for l in reason if l.strip()][-8:]:
        print(f"    {line}", flush=True)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--kernel", default="sota4j")
    parser.add_argument("--timeout", type=int, default=None,
                        help="seconds per cell, 0 for no limit (default: 1800 in the smoke profile, none otherwise, "
                             "since a cpu or gpu training cell runs for as long as its budget)")
    parser.add_argument("--inplace", action="store_true")
    args = parser.parse_args()
    timeout = args.timeout
    if timeout is None:
        timeout = 1800 if os.environ.get("SOTA4J_PROFILE") == "smoke" else 0
    results = [execute(nb.resolve(), args.out, args.kernel, timeout or None, args.inplace) for nb in args.notebooks]
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed", flush=True)
    sys.stderr.flush()
    # kernels are shut down by now; skip nbclient's atexit clean-up, which trips over clients whose kernel never started
    os._exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
