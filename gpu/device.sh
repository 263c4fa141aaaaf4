#!/usr/bin/env bash
# Runs on the GPU device machine from the repository root, with .device/ carried (see gpu/make-kit.sh):
# 1. libtorch symbol check, 2. DJL on the GPU, 3. throughput against PyTorch eager on the same card,
# 4. time to accuracy on CIFAR-10. Logs go to $OUT. One call, about 8 minutes.
set -uo pipefail
OUT="${OUT:-/tmp/sota4j-gpu}"; mkdir -p "$OUT"
exec > >(tee "$OUT/device.log") 2>&1
nvidia-smi -L; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
tar xzf .device/jre.tgz -C /tmp && export PATH=/tmp/jre/bin:$PATH
PY=/opt/torch/.venv/bin/python3
TORCH_LIB=$($PY -c 'import torch,os;print(os.path.dirname(torch.__file__)+"/lib")')
export PYTORCH_LIBRARY_PATH=$TORCH_LIB PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128
echo "== 1. symbols libdjl_torch.so needs that torch's libraries do not define"
mkdir -p /tmp/jni && (cd /tmp/jni && unzip -o -q "$OLDPWD"/.device/lib/pytorch-jni-*.jar 'jnilib/linux-x86_64/cu128/*')
SO=$(find /tmp/jni -name libdjl_torch.so | head -1)
nm -D --undefined-only "$SO" | awk '{print $2}' | grep -v '@' | sort -u > /tmp/undef.txt
for l in libc10.so libc10_cuda.so libtorch_cpu.so libtorch_cuda.so libtorch.so; do nm -D --defined-only "$TORCH_LIB/$l"; done \
  | awk '{print $3}' | sort -u > /tmp/def.txt
comm -23 /tmp/undef.txt /tmp/def.txt > "$OUT/missing-symbols.txt"
echo "missing: $(wc -l < "$OUT/missing-symbols.txt") of $(wc -l < /tmp/undef.txt)"; head -20 "$OUT/missing-symbols.txt"
mkdir -p build/data && [ -f .device/cifar10-jpeg.tar.gz ] && tar xzf .device/cifar10-jpeg.tar.gz -C build/data
J=(java -Xmx16g -Dai.djl.pytorch.cudnn_benchmark=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp ".device/lib/*")
echo "== 2. DJL on the GPU"; timeout 120 "${J[@]}" org.sota4j.bench.GpuBenchmark check
echo "== 3. throughput, same card"
timeout 120 "${J[@]}" org.sota4j.bench.GpuBenchmark throughput
timeout 120 "${J[@]}" org.sota4j.bench.GpuBenchmark throughput --augment
timeout 120 $PY gpu/pytorch_throughput.py
echo "== 4. time to accuracy"; timeout 240 "${J[@]}" org.sota4j.bench.GpuBenchmark tta --epochs 18
