# TorchCanvas in one image: the FastAPI server, the training workers and the built frontend.
#
#   docker build -t torchcanvas .                 # CPU-only torch (small image)
#   docker run -p 8000:8000 -v torchcanvas-data:/data torchcanvas
#
# For a GPU image, pick a CUDA build of torch 2.13.0 by the index it is installed from:
#   docker build --build-arg TORCH_INDEX_URL=https://download.pytorch.org/whl/cuXXX -t torchcanvas .
# where cuXXX is a CUDA version that PyTorch publishes 2.13.0 for and the host's driver supports
# (see https://pytorch.org/get-started/locally/), or TORCH_INDEX_URL=https://pypi.org/simple,
# whose Linux x86_64 torch wheels are CUDA builds. Either makes an image of several GB.
# Run it with `docker run --gpus all …`; the server starts one training worker per GPU.
#
# Stages: `backend` installs the Python package; `openapi` prints the server's OpenAPI schema;
# `frontend` generates the typed API client from that schema and builds the app with Vite;
# the final image is `backend` plus the built frontend.
#
# Why a Python stage before the Node one: `npm run gen:api` reads build/openapi.json, which the
# server writes. Generating it here, from the backend installed in this very image, means the
# frontend's types always match the API that serves them. Copying a committed schema.d.ts and
# skipping gen:api would build a frontend against whatever schema was last committed.

# --- backend: torch and the torchcanvas package --------------------------------------------
FROM python:3.11-slim AS backend
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# torch first, from the chosen index; `pip install ./backend` then finds torch==2.13.0 satisfied
# (2.13.0+cpu counts as 2.13.0) and takes everything else from PyPI. Its own layer, so that a code
# change does not download torch again.
RUN pip install --index-url "${TORCH_INDEX_URL}" torch==2.13.0
COPY backend/pyproject.toml backend/pyproject.toml
COPY backend/torchcanvas backend/torchcanvas
# With the `ray` extra, the same image serves the API, a Ray head or a Ray worker.
RUN pip install "./backend[ray]"

# --- openapi: the schema the frontend's types are generated from ------------------------------
FROM backend AS openapi
RUN mkdir -p /app/build && python -m torchcanvas.api.openapi > /app/build/openapi.json

# --- frontend: npm ci, generate the API types, build with Vite ------------------------------
FROM node:20 AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# gen:api reads ../build/openapi.json, as `make frontend` does in a checkout.
COPY --from=openapi /app/build/openapi.json /app/build/openapi.json
RUN npm run gen:api && npm run build

# --- the image that runs -----------------------------------------------------------------------
FROM backend
COPY --from=frontend /app/frontend/dist /app/frontend/dist
RUN useradd --create-home --uid 1000 torchcanvas \
    && mkdir -p /data \
    && chown torchcanvas /data
# The package is installed into site-packages, so its default frontend path (relative to a
# checkout) does not exist here: name the built frontend explicitly.
ENV TORCHCANVAS_DATA=/data \
    TORCHCANVAS_FRONTEND=/app/frontend/dist \
    HOST=0.0.0.0 \
    PORT=8000
USER torchcanvas
EXPOSE 8000
VOLUME /data
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request as r; r.urlopen('http://127.0.0.1:%s/api/health' % os.environ.get('PORT', '8000'), timeout=4)"
CMD ["python", "-m", "torchcanvas"]
