#!/usr/bin/env bash
# CPU training throughput, side by side in one invocation: the toolkit (DJL) and PyTorch + torchvision,
# ResNet-20 at batch 128 on 28x28x1 Fashion-MNIST and 32x32x3 inputs, plain and with the recipe's data side.
# Usage: bench/run.sh [--cifar-dir DIR] [--memory] [--default-malloc]
#   --memory: also 10 epochs of the plain loop, RSS per epoch; --default-malloc: glibc's malloc defaults on both sides
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CIFAR=()
MEMORY=0
DEFAULT_MALLOC=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cifar-dir) CIFAR=(--cifar-dir "$2"); shift 2 ;;
    --memory) MEMORY=1; shift ;;
    --default-malloc) DEFAULT_MALLOC=1; shift ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
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
# the serial collector with a fixed 64 MB young generation: no GC threads competing with libtorch's for 2 cores, and
# a heap whose resident size stops growing after the first collection
JAVA_OPTS=(-Xmx4g -Xmn64m -XX:+UseSerialGC -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1
           -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
: > "$OUT/results.txt"
for input in fmnist cifar; do
  for run in plain recipe; do
    java "${JAVA_OPTS[@]}" -cp "$CP" org.sota4j.bench.ThroughputBenchmark "$input" "$run" "${CIFAR[@]}" 2>>"$OUT/djl.log" | tee -a "$OUT/results.txt"
  done
done
if /usr/bin/python3 -c 'import torch, torchvision' >/dev/null 2>&1; then
  /usr/bin/python3 bench/pytorch_bench.py --threads "$THREADS" --interop-threads 1 "${CIFAR[@]}" --json "$OUT/pytorch.json" \
    2>>"$OUT/pytorch.log" | grep '^pytorch ' | tee -a "$OUT/results.txt"
else
  echo "pytorch side skipped: python3-torch/python3-torchvision not installed (apt-get install python3-torch python3-torchvision)"
fi
python3 - "$OUT/results.txt" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    side, inp, run, ips, rss = line.split()
    rows[(side, inp, run)] = (float(ips), float(rss))
print()
print(f"{'input':8s} {'run':7s} {'toolkit img/s':>14s} {'PyTorch img/s':>14s} {'ratio':>6s} {'toolkit RSS MB':>15s} {'PyTorch RSS MB':>15s}")
for inp in ("fmnist", "cifar"):
    for run in ("plain", "recipe"):
        d = rows.get(("djl", inp, run)); p = rows.get(("pytorch", inp, run))
        ratio = f"{d[0] / p[0]:.2f}" if d and p else "-"
        print(f"{inp:8s} {run:7s} {d[0] if d else float('nan'):14.1f} {p[0] if p else float('nan'):14.1f} {ratio:>6s} "
              f"{d[1] if d else float('nan'):15.1f} {p[1] if p else float('nan'):15.1f}")
PY
if [ $MEMORY = 1 ]; then
  java "${JAVA_OPTS[@]}" -cp "$CP" org.sota4j.bench.ThroughputBenchmark fmnist plain --epochs 10 2>>"$OUT/djl.log" | tail -2
fi
head -1 "$OUT/djl.log" | sed 's/^/toolkit /'
echo "settings: OMP_WAIT_POLICY=$OMP_WAIT_POLICY MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-default} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-default}; toolkit JVM: ${JAVA_OPTS[*]}"
