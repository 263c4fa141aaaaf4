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

# A healthy start answers in 1-4 s on 2 cores. Failed starts are retried (each with a new kernel process), so that a
# flaky start cannot fail a run; tools/kernel_starts.py measures how often a start fails.
STARTS = int(os.environ.get("SOTA4J_KERNEL_STARTS", "6"))
STARTUP_TIMEOUT = int(os.environ.get("SOTA4J_KERNEL_STARTUP_TIMEOUT", "30"))


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def start_kernel(nb, path, kernel, timeout, log):
    """A client whose kernel has answered kernel_info, or (None, reason) after STARTS failed starts.

    A start fails when the kernel does not answer within STARTUP_TIMEOUT seconds or when its process ends before
    it answers; both are retried with a new kernel process, and each failed start is reported.
    """
    reason = None
    for attempt in range(1, STARTS + 1):
        client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=False,
                                startup_timeout=STARTUP_TIMEOUT,
                                resources={"metadata": {"path": str(path.parent)}})
        client.km = client.create_kernel_manager()
        try:
            client.start_new_kernel(stdout=log, stderr=log)
            client.start_new_kernel_client()  # waits for the reply to kernel_info; cleans up the kernel on failure
            return client, None
        except Exception as e:  # noqa: BLE001 - any failure to start is a failed start, retried below
            reason = str(e).strip() or type(e).__name__
            try:
                client._cleanup_kernel()
            except Exception:  # noqa: BLE001 - the kernel is gone already
                pass
            print(f"  kernel start {attempt} of {STARTS} failed ({reason.splitlines()[0]})"
                  + ("; starting it again" if attempt < STARTS else ""), file=sys.stderr, flush=True)
    return None, reason


def execute(path, out_dir, kernel, timeout, inplace):
    nb = nbformat.read(path, as_version=4)
    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.time()
    log = open(out_dir / (path.stem + ".kernel.log"), "w")
    client, error = start_kernel(nb, path, kernel, timeout, log)
    running = []  # index of the cell the kernel was given last

    def on_cell_start(cell, cell_index, **kwargs):
        running.append(cell_index)

    if client is not None:
        client.on_cell_start = on_cell_start
        try:
            client.execute(stdout=log, stderr=log)
            error = None
        except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as e:
            error = e
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
    reason = [line for line in str(error).strip().splitlines() if line.strip()]
    if client is None:
        where = f"before any cell ran: the kernel did not start in {STARTS} tries (log: {log.name})"
    elif running:
        index = running[-1]
        where = f"in cell {index} ({first_line(nb.cells[index].source)!r})"
    else:
        where = "before any cell ran"
    print(f"{path.name:40s} FAILED  {wall:7.1f} s  {where}", flush=True)
    for line in reason[-8:]:
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
