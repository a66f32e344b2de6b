#!/usr/bin/env bash
# Wheels for a GPU machine that cannot reach a package registry but has Python 3.12 with torch,
# numpy, scikit-learn, pyarrow, onnx, pytest and hypothesis (the lent device's image): the
# server's own packages that such an image lacks, at the versions this checkout pins, in .whl/.
#   bash bench/gpu_wheels.sh            # here, where pip reaches PyPI
# then on that machine `bash bench/gpu.sh` installs them from .whl/ (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
make install >/dev/null
WANTED="fastapi starlette pydantic pydantic-core pydantic-settings python-dotenv annotated-types
annotated-doc typing-inspection typing-extensions opentelemetry-api uvicorn h11 click websockets
python-multipart httpx2 httpcore2 truststore anyio idna"
# The versions this checkout's environment runs with, so the GPU machine runs the same server.
PINS=$(.venv/bin/python -m pip freeze --all | awk -F'==' -v wanted="$WANTED" '
    BEGIN { n = split(wanted, names, /[ \n]+/); for (i = 1; i <= n; i++) want[tolower(names[i])] = 1 }
    { name = tolower($1); gsub(/_/, "-", name); if (name in want) print $0 }')
rm -rf .whl && mkdir .whl
# shellcheck disable=SC2086
python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 \
    --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 -d .whl $PINS
echo "$(ls .whl | wc -l) wheels, $(du -sh .whl | cut -f1), in .whl/"
