"""Starts a Jupyter kernel N times in a row and counts how each start ended (used to measure the kernel's start).

Each start: launch the kernel from its kernelspec, wait for the reply to kernel_info, run one trivial cell, shut it
down. A start is "clean" when the reply comes within --slow seconds, "slow" when it comes later but within --wait,
a "hang" when the kernel is alive but has not answered after --wait, and a "death" when the process exited before
answering. The kernel's own stdout/stderr of every start that was not clean is kept under --logs.

    python tools/kernel_starts.py --kernel sota4j --starts 50 --logs build/kernel-starts
"""
import argparse
import sys
import time
from pathlib import Path

from jupyter_client.manager import KernelManager


def one_start(kernel, wait, log_path):
    km = KernelManager(kernel_name=kernel)
    log = open(log_path, "w")
    t0 = time.time()
    km.start_kernel(stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    outcome, answered = "hang", None
    try:
        msg_id = kc.kernel_info()
        while time.time() - t0 < wait:
            if not km.is_alive():
                outcome = "death"
                break
            try:
                reply = kc.get_shell_msg(timeout=0.25)
            except Exception:
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                answered = time.time() - t0
                outcome = "answered"
                break
        if outcome == "answered":
            reply = kc.execute_interactive("int x = 6 * 7;", timeout=60)
            if reply["content"]["status"] != "ok":
                outcome = "cell-error"
    finally:
        code = km.provisioner.process.poll() if km.provisioner and km.provisioner.process else None
        kc.stop_channels()
        try:
            km.shutdown_kernel(now=outcome != "answered")
        except Exception:
            pass
        log.close()
    return outcome, answered, code, time.time() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", default="sota4j")
    parser.add_argument("--starts", type=int, default=50)
    parser.add_argument("--slow", type=float, default=15.0, help="a reply after this many seconds is a slow start")
    parser.add_argument("--wait", type=float, default=60.0, help="no reply after this many seconds is a hang")
    parser.add_argument("--logs", type=Path, default=Path("build/kernel-starts"))
    args = parser.parse_args()
    args.logs.mkdir(parents=True, exist_ok=True)
    counts = {"clean": 0, "slow": 0, "hang": 0, "death": 0, "cell-error": 0}
    times = []
    for i in range(1, args.starts + 1):
        log_path = args.logs / f"start-{i:03d}.log"
        outcome, answered, code, total = one_start(args.kernel, args.wait, log_path)
        if outcome == "answered":
            outcome = "clean" if answered <= args.slow else "slow"
            times.append(answered)
        counts[outcome] += 1
        if outcome == "clean":
            log_path.unlink()
        exit_note = f", exit code {code}" if outcome == "death" else ""
        reply_note = f"reply after {answered:.1f} s" if answered is not None else "no reply"
        print(f"start {i:3d}: {outcome:10s} {reply_note}{exit_note} ({total:.1f} s in all)", flush=True)
    times.sort()
    median = times[len(times) // 2] if times else float("nan")
    print(f"{args.starts} starts: " + ", ".join(f"{v} {k}" for k, v in counts.items())
          + (f"; reply median {median:.1f} s, max {times[-1]:.1f} s" if times else ""), flush=True)
    sys.exit(0 if counts["clean"] == args.starts else 1)


if __name__ == "__main__":
    main()
