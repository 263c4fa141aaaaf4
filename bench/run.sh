#!/usr/bin/env bash
# CPU training throughput, side by side in one invocation: the toolkit (DJL) and PyTorch + torchvision,
# ResNet-20 at batch 128 on 28x28x1 Fashion-MNIST and 32x32x3 inputs, plain and with the recipe's data side.
# The two sides alternate, run by run, over several rounds (one pass on a shared VM is not stable): each round
# gives a toolkit / PyTorch ratio per (input, run), and the table shows their median and range.
# Usage: bench/run.sh [--rounds N] [--cifar-dir DIR] [--memory] [--default-malloc]
#   --rounds: rounds of the four runs on each side (default 3); --memory: also 10 epochs of the plain loop, RSS
#   per epoch; --default-malloc: glibc's malloc defaults on both sides
# PyTorch: $TORCH_PYTHON if set, else the newest torch among build/torch-venv (bench/setup-pytorch.sh: pip's
# current CPU torch), the python3 on PATH and Debian's /usr/bin/python3 (python3-torch).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CIFAR=()
ROUNDS=3
MEMORY=0
DEFAULT_MALLOC=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cifar-dir) CIFAR=(--cifar-dir "$2"); shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --memory) MEMORY=1; shift ;;
    --default-malloc) DEFAULT_MALLOC=1; shift ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case "$ROUNDS" in ''|*[!0-9]*|0) echo "bench/run.sh: --rounds must be a whole number >= 1, got '$ROUNDS'" >&2; exit 2 ;; esac
[ ${#CIFAR[@]} -eq 0 ] && [ -d build/data/cifar10/train ] && CIFAR=(--cifar-dir build/data/cifar10/train)
OUT=build/bench; mkdir -p "$OUT"
# the same threading for both sides: 2 intra-op threads, 1 inter-op thread, passive OpenMP waiting; the same glibc
# malloc settings for both sides (a fixed 64 MB mmap threshold and a 256 MB trim threshold: freed tensor memory is
# reused instead of unmapped and faulted in again every step; --default-malloc leaves glibc's defaults)
export OMP_WAIT_POLICY=PASSIVE
if [ "$DEFAULT_MALLOC" = 0 ]; then
  export MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456
fi
THREADS=$(nproc)
./mvnw -q -B -pl bench -am install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dmaven.install.skip=true
./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$ROOT/$OUT/classpath.txt" >/dev/null
CP="bench/target/classes:$(cat "$OUT/classpath.txt")"
# the serial collector with a fixed 16 MB young generation: no GC threads competing with libtorch's for 2 cores, a
# heap whose resident size stops growing after the first collection, and a collection every few seconds, which frees
# the native memory that dropped NDArray objects still hold (with 64 MB the recipe's peak was 1.2-1.6x higher)
JAVA_OPTS=(-Xmx4g -Xmn16m -XX:+UseSerialGC -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1
           -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
: > "$OUT/results.txt"
: > "$OUT/djl.log"
: > "$OUT/pytorch.log"
# the newest PyTorch at hand: torch's version as a sortable number, for each Python that imports torch
PYTORCH=""
BEST=-1
CANDIDATES=("${TORCH_PYTHON:-}")
[ -z "${TORCH_PYTHON:-}" ] && CANDIDATES=("$ROOT/build/torch-venv/bin/python" "$(command -v python3 || true)" /usr/bin/python3)
for py in "${CANDIDATES[@]}"; do
  [ -n "$py" ] && [ -x "$py" ] || continue
  v=$("$py" -c 'import re, torch; m = re.match(r"(\d+)\.(\d+)\.(\d+)", torch.__version__); print(int(m[1]) * 10000 + int(m[2]) * 100 + int(m[3]))' 2>/dev/null) || continue
  if [ "$v" -gt "$BEST" ]; then BEST=$v; PYTORCH=$py; fi
done
if [ -n "$PYTORCH" ]; then
  echo "# PyTorch side: $PYTORCH ($("$PYTORCH" -c 'import torch; print("torch", torch.__version__)'))"
else
  echo "# PyTorch side skipped: no Python with torch (bench/setup-pytorch.sh, or apt-get install python3-torch python3-torchvision)"
fi
# three sides: the toolkit with channels-last batches (TrainingLoop.Builder.optChannelsLast), PyTorch eager as
# written by default (NCHW), and PyTorch with model and batches in torch.channels_last
side() {  # side input run round
  case "$1" in
    djl) java "${JAVA_OPTS[@]}" -cp "$CP" org.sota4j.bench.ThroughputBenchmark "$2" "$3" "${CIFAR[@]}" --channels-last \
           2>>"$OUT/djl.log" | sed "s/^/$4 /" | tee -a "$OUT/results.txt" ;;
    pytorch|pytorch-cl)
      [ -n "$PYTORCH" ] || return 0
      local layout=(); [ "$1" = pytorch-cl ] && layout=(--channels-last)
      "$PYTORCH" bench/pytorch_bench.py --threads "$THREADS" --interop-threads 1 --inputs "$2" --runs "$3" "${CIFAR[@]}" \
        "${layout[@]}" --json "$OUT/$1-$4-$2-$3.json" 2>>"$OUT/pytorch.log" | tee -a "$OUT/pytorch.log" \
        | grep '^pytorch ' | sed "s/^pytorch /$4 $1 /" | tee -a "$OUT/results.txt" ;;
  esac
}
# each round runs the sides in another order, so that a drift of the machine's speed favours none of them
ORDERS=("djl pytorch pytorch-cl" "pytorch pytorch-cl djl" "pytorch-cl djl pytorch")
for round in $(seq 1 "$ROUNDS"); do
  for input in fmnist cifar; do
    for run in plain recipe; do
      for s in ${ORDERS[$(((round - 1) % 3))]}; do side $s $input $run $round; done
    done
  done
done
python3 - "$OUT/results.txt" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    rnd, side, inp, run, ips, rss = line.split()
    rows.setdefault((side, inp, run), {})[int(rnd)] = (float(ips), float(rss))
def fmt(x, spec):
    return format(x, spec) if x == x else "-"
print()
def ratio(d, p):
    both = sorted(set(d) & set(p))
    ratios = [d[r][0] / p[r][0] for r in both]
    return f"{statistics.median(ratios):.2f} [{min(ratios):.2f}, {max(ratios):.2f}]" if ratios else "-"
med = lambda side: statistics.median(v[0] for v in side.values()) if side else float("nan")
peak = lambda side: max(v[1] for v in side.values()) if side else float("nan")
print(f"{'input':8s} {'run':7s} {'toolkit':>8s} {'PyTorch':>8s} {'ratio':>18s} {'PyTorch CL':>10s} {'ratio to CL':>18s} "
      f"{'toolkit RSS':>11s} {'PyTorch RSS':>11s} {'RSS ratio':>9s}")
for inp in ("fmnist", "cifar"):
    for run in ("plain", "recipe"):
        d, p, c = (rows.get((side, inp, run), {}) for side in ("djl", "pytorch", "pytorch-cl"))
        print(f"{inp:8s} {run:7s} {fmt(med(d), '8.1f')} {fmt(med(p), '8.1f')} {ratio(d, p):>18s} "
              f"{fmt(med(c), '10.1f')} {ratio(d, c):>18s} {fmt(peak(d), '11.1f')} {fmt(peak(p), '11.1f')} "
              f"{fmt(peak(d) / peak(p) if p else float('nan'), '9.2f')}")
print("img/s, median over rounds: the toolkit with channels-last batches; PyTorch eager as written by default (NCHW);")
print("PyTorch CL with model and batches in torch.channels_last. ratio: median [range] of the per-round toolkit / PyTorch")
print("ratios. RSS: MB, the largest peak resident set of any round (PyTorch: its NCHW runs).")
PY
if [ $MEMORY = 1 ]; then
  java "${JAVA_OPTS[@]}" -cp "$CP" org.sota4j.bench.ThroughputBenchmark fmnist plain --epochs 10 2>>"$OUT/djl.log" | tail -2
fi
head -1 "$OUT/djl.log" | sed 's/^/toolkit /'
[ -n "$PYTORCH" ] && grep -m1 '^# torch' "$OUT/pytorch.log" | sed 's/^# /PyTorch /'
echo "settings: OMP_WAIT_POLICY=$OMP_WAIT_POLICY MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-default} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-default}; toolkit JVM: ${JAVA_OPTS[*]}"
