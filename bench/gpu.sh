#!/usr/bin/env bash
# On a machine with a CUDA GPU: the GPU's tests and benchmarks in one command, about 5 minutes.
#   bash bench/gpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
make install >/dev/null
PY=.venv/bin/python
$PY -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 'no CUDA GPU here')"
# Tests that take a CUDA path where there is one (device auto): resume bit for bit, checkpoints,
# the speed options, samples kept in pinned host memory (bit for bit as on the GPU), a run end
# to end.
timeout 150 $PY -m pytest -q -x tests/backend/test_resume_exact.py tests/backend/test_checkpoint.py \
    tests/backend/test_speed.py tests/backend/test_run_data.py tests/backend/test_runs.py \
    -k "not browser"
# The loop against a hand-written one, on the GPU.
timeout 60 $PY bench/train_overhead.py --model wide --epochs 10 --repeats 5 --device cuda
# fp32 against bf16, with and without torch.compile and channels-last.
timeout 120 $PY bench/gpu_speed.py --device cuda --epochs 3 --samples 20000 --repeats 2
