#!/usr/bin/env bash
# Makes build/torch-venv: the PyTorch a CPU user installs today (pip's CPU torch and the torchvision of the same
# release), for the PyTorch side of bench/run.sh. Usage: bench/setup-pytorch.sh [TORCH_SPEC [TORCHVISION_SPEC]]
#   default: torch and torchvision, the newest pip offers; pass e.g. torch==2.13.0+cpu torchvision==0.28.0
# pip's CPU torch comes from PyTorch's CPU index (or a local wheel in pip's find-links); its torchvision wheel
# is built against the CUDA torch, so it is installed without dependencies (it would pull the CUDA torch) and
# bench/pytorch_bench.py uses only its plain-Python transforms (see import_torchvision there).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/build/torch-venv"
TORCH="${1:-torch}"
TORCHVISION="${2:-torchvision}"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/pip" install -q --disable-pip-version-check)
"${PIP[@]}" --extra-index-url https://download.pytorch.org/whl/cpu "$TORCH" numpy pillow
"${PIP[@]}" --no-deps "$TORCHVISION"
"$VENV/bin/python" - "$ROOT/bench/pytorch_bench.py" <<'PY'
import importlib.util, sys
import torch
spec = importlib.util.spec_from_file_location("pytorch_bench", sys.argv[1])
bench = importlib.util.module_from_spec(spec); spec.loader.exec_module(bench)
_, version = bench.import_torchvision()
print(f"build/torch-venv: torch {torch.__version__}, torchvision {version}")
PY
