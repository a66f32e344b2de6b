"""Settings every test process shares."""

import os

# Starlette's TestClient names its host `testserver`: in-process apps answer to it (api/hosts.py).
os.environ.setdefault("TORCHCANVAS_ALLOWED_HOSTS", "testserver")
