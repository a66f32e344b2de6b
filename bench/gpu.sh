#!/usr/bin/env bash
# On a machine with a CUDA GPU: the GPU's tests and benchmarks in one command, about 5 minutes.
#   bash bench/gpu.sh
# Where no package registry can be reached but python3 has torch (a lent GPU machine), the server's
# own packages come from .whl/, made beforehand by bench/gpu_wheels.sh. GPU_SH_DEVICE=cpu rehearses
# the whole script on the CPU, with smaller benchmarks, to check it before GPU time is spent on it.
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICE=${GPU_SH_DEVICE:-cuda}
if [ -d .whl ] && [ ! -x .venv/bin/python ]; then
    PY=${GPU_SH_PYTHON:-python3}
    SITE=$(mktemp -d)
    $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$SITE" .whl/*.whl
    export PYTHONPATH="$SITE:$PWD/backend${PYTHONPATH:+:$PYTHONPATH}"
else
    make install >/dev/null
    PY=.venv/bin/python
fi
export PYTHONUNBUFFERED=1
$PY -c "import torch, torchcanvas; print('torch', torch.__version__, '| CUDA:', torch.cuda.is_available())"
if [ "$DEVICE" = cuda ]; then
    $PY -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 'no CUDA GPU here')"
    $PY -c "import torch; print(torch.cuda.get_device_name(0))"
    EPOCHS=3 SAMPLES=20000 LOOP_LIMIT=60 SPEED_LIMIT=180
else
    # the same rows on a small set: the CPU needs minutes for what the GPU does in seconds
    EPOCHS=1 SAMPLES=128 LOOP_LIMIT=300 SPEED_LIMIT=900
fi
# Tests that take a CUDA path where there is one (device auto): resume bit for bit, checkpoints,
# the speed options, samples kept in pinned host memory (bit for bit as on the GPU), a run end
# to end.
timeout 150 $PY -m pytest -q -x -p no:cacheprovider tests/backend/test_resume_exact.py \
    tests/backend/test_checkpoint.py tests/backend/test_speed.py tests/backend/test_run_data.py \
    tests/backend/test_runs.py
# The loop against a hand-written one.
timeout "$LOOP_LIMIT" $PY bench/train_overhead.py --model wide --epochs 10 --repeats 5 --device "$DEVICE"
# fp32 against bf16, with and without torch.compile and channels-last.
timeout "$SPEED_LIMIT" $PY bench/gpu_speed.py --device "$DEVICE" --epochs "$EPOCHS" --samples "$SAMPLES" \
    --repeats 2
