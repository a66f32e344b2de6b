"""The FastAPI app: API routes, error replies, and the built frontend."""

import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from torchcanvas import __version__
from torchcanvas.api.access import AccessMiddleware
from torchcanvas.api.backpressure import CpuGate
from torchcanvas.api.body_limit import BodyLimitMiddleware
from torchcanvas.api.crosssite import CrossSiteMiddleware, docs_policy
from torchcanvas.api.errors import install_error_handlers
from torchcanvas.api.event_messages import document_stream_messages
from torchcanvas.api.freeing import FreeingMiddleware
from torchcanvas.api.frontend import FrontendFiles
from torchcanvas.api.head import HeadAsGet
from torchcanvas.api.hosts import HostCheckMiddleware, known_hosts
from torchcanvas.api.json_gzip import JsonGzipMiddleware
from torchcanvas.api.json_text import JsonTextMiddleware
from torchcanvas.api.known_query import known_query
from torchcanvas.api.login_routes import login_operations
from torchcanvas.api.not_modified import NotModified
from torchcanvas.api.priority import yield_cpu_to_training
from torchcanvas.api.replies import document_replies
from torchcanvas.api.request_target import AbsoluteTargetMiddleware
from torchcanvas.api.routes import (
    admin,
    classes,
    damaged_runs,
    dataset_files,
    dataset_title,
    datasets,
    designs,
    meta,
    models,
    pages,
    run_facets,
    run_tally,
    runs,
    session,
    shared,
    transfers,
    uploads_sent,
)
from torchcanvas.api.services import Services, core_split
from torchcanvas.api.spools import SpoolBudget
from torchcanvas.config import ServerConfig
from torchcanvas.runs.cores import pin_this_process
from torchcanvas.store.space_reserve import SpaceReserve

# Operations that go through a bounded queue or a quota, and so may answer 429 or 503.
BUSY_OPERATIONS: set[tuple[str, str]] = {
    ("POST", "/api/designs/validate"),
    ("POST", "/api/designs/code"),
    ("GET", "/api/runs/{run_id}/code.py"),
    ("GET", "/api/runs/{run_id}/files/{name}"),
    ("POST", "/api/runs/{run_id}/predict"),
    ("POST", "/api/runs/{run_id}/predict-image"),
    ("POST", "/api/runs/{run_id}/activations"),
    ("POST", "/api/runs/{run_id}/activations-image"),
    ("POST", "/api/runs/{run_id}/grad-cam"),
    ("POST", "/api/runs/{run_id}/grad-cam-image"),
    ("GET", "/api/runs/{run_id}/neurons"),
    ("GET", "/api/shared/{token}/files/{name}"),
    ("POST", "/api/shared/{token}/predict"),
    ("POST", "/api/shared/{token}/predict-image"),
    ("POST", "/api/shared/{token}/activations"),
    ("POST", "/api/shared/{token}/activations-image"),
    ("POST", "/api/shared/{token}/grad-cam"),
    ("POST", "/api/shared/{token}/grad-cam-image"),
    ("POST", "/api/runs/{run_id}/classify-many"),
    ("POST", "/api/shared/{token}/classify-many"),
    ("GET", "/api/shared/{token}/neurons"),
    ("POST", "/api/datasets"),
    ("GET", "/api/datasets/{dataset_id}/preview"),
    ("POST", "/api/runs"),
    ("POST", "/api/runs/{run_id}/continue"),
    ("POST", "/api/login"),
}
# Operations that read their bodies under limits of their own, and take no JSON: their bodies are
# not looked at as JSON either, even without a Content-Type (a picture's bytes).
OWN_BODY_LIMITS: set[tuple[str, str]] = {
    ("POST", "/api/datasets"),
    ("POST", "/api/runs/{run_id}/predict-image"),
    ("POST", "/api/shared/{token}/predict-image"),
    ("POST", "/api/runs/{run_id}/activations-image"),
    ("POST", "/api/runs/{run_id}/grad-cam-image"),
    ("POST", "/api/shared/{token}/activations-image"),
    ("POST", "/api/shared/{token}/grad-cam-image"),
    ("POST", "/api/runs/{run_id}/classify-many"),
    ("POST", "/api/shared/{token}/classify-many"),
}
# Operations that take one sample for a model as JSON: their 413 tells how to send one, or many.
SAMPLE_OPERATIONS: set[tuple[str, str]] = {
    ("POST", "/api/runs/{run_id}/predict"),
    ("POST", "/api/runs/{run_id}/activations"),
    ("POST", "/api/runs/{run_id}/grad-cam"),
    ("POST", "/api/shared/{token}/predict"),
    ("POST", "/api/shared/{token}/activations"),
    ("POST", "/api/shared/{token}/grad-cam"),
}
# Operations that store new data, or spool their bodies on the disk (api/spools.py), and so
# answer 507 while the disk is full.
STORING_OPERATIONS: set[tuple[str, str]] = {
    ("POST", "/api/runs"),
    ("POST", "/api/runs/{run_id}/continue"),
    *OWN_BODY_LIMITS,
    # A model's exports and an upload's file are made on their first download.
    ("GET", "/api/runs/{run_id}/files/{name}"),
    ("GET", "/api/shared/{token}/files/{name}"),
    ("GET", "/api/datasets/{dataset_id}/file"),
}
_NOT_BUILT = """<!doctype html><title>TorchCanvas</title>
<h1>The TorchCanvas frontend is not built</h1>
<p>Run <code>make run</code>, which builds it, or <code>make frontend</code>.</p>"""


def _docs_policies(app: FastAPI) -> dict[str, str]:
    """/docs and /redoc load Swagger UI and ReDoc from their CDN, and /docs runs one inline script."""
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{app.title} - Swagger UI",
        oauth2_redirect_url=app.swagger_ui_oauth2_redirect_url,
        init_oauth=app.swagger_ui_init_oauth,
        swagger_ui_parameters=app.swagger_ui_parameters,
    ).body
    text = bytes(page).decode()
    inline = re.findall(r"<script>(.*?)</script>", text, flags=re.DOTALL)
    return {"/docs": docs_policy(inline), "/redoc": docs_policy([])}


def create_app(settings: ServerConfig | None = None) -> FastAPI:
    """The app: its services opened as it starts, its checks, routes, frontend and schema."""
    settings = settings or ServerConfig()
    app = FastAPI(
        title="TorchCanvas",
        version=__version__,
        lifespan=_lifespan(settings),
        dependencies=[Depends(known_query)],  # a query parameter no route reads: 422
    )
    install_error_handlers(app)
    _add_middleware(app, settings)
    for module in (
        meta,
        designs,
        runs,
        run_tally,
        run_facets,
        damaged_runs,
        models,
        shared,
        datasets,
        dataset_files,
        dataset_title,
        uploads_sent,
        session,
        transfers,
        classes,
        admin,
        pages,
    ):
        app.include_router(module.router)
    _serve_frontend(app, settings)
    _document_replies(app)
    return app


def _lifespan(settings: ServerConfig) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Opens the services and the request budgets as the app starts; closes them as it stops."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = Services.open(settings)
        app.state.cpu_gate = CpuGate(settings.cpu_slots, settings.cpu_queue)
        app.state.spool_budget = SpoolBudget(
            settings.max_spool_bytes_in_flight, settings.max_spool_share_per_client
        )
        yield_cpu_to_training(settings.server_nice)  # after the workers started: they keep theirs
        split = core_split(settings)
        if split is not None:  # the workers have theirs already
            pin_this_process(split.server)
        try:
            yield
        finally:
            app.state.services.close()

    return lifespan


def _add_middleware(app: FastAPI, settings: ServerConfig) -> None:
    """The checks every request passes, added from the innermost out."""
    # Innermost: a DELETE that met a full disk is answered again by the routes alone.
    app.add_middleware(
        FreeingMiddleware, reserve=SpaceReserve(settings.data_dir, settings.min_free_bytes)
    )
    # Inside the body limit, which refuses a body before this has held more than its limit, and
    # inside AccessMiddleware, so that its 400 on a share link's path has that path's headers.
    app.add_middleware(
        JsonTextMiddleware, limit=settings.max_json_bytes, own_bodies=OWN_BODY_LIMITS
    )
    app.add_middleware(AccessMiddleware)
    # Uploads stream to disk under their own limit (api/upload_stream.py), pictures to a
    # model are read under theirs (api/picture_reads.py).
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_json_bytes,
        exempt=OWN_BODY_LIMITS,
        budget=settings.max_body_bytes_in_flight,
        samples=SAMPLE_OPERATIONS,
    )
    app.add_middleware(
        HostCheckMiddleware, known=known_hosts(settings), trust_proxy=settings.trust_proxy
    )
    # Outermost, so that a foreign request is refused before anything else sees it.
    app.add_middleware(
        CrossSiteMiddleware,
        allowed_origins=settings.origins(),
        trust_proxy=settings.trust_proxy,
        page_policies=_docs_policies(app),
    )
    # Around every answer but HEAD's (a HEAD's length is then its GET's, gzipped).
    app.add_middleware(JsonGzipMiddleware)
    # Around the answer as sent: a page or file unchanged since the browser's copy goes as a 304.
    app.add_middleware(NotModified)
    # Outside every check, so that a HEAD meets each of them as its GET does.
    app.add_middleware(HeadAsGet)
    # Outermost: a request sent to a whole URL meets every check with the URL's path and host.
    app.add_middleware(AbsoluteTargetMiddleware)


def _serve_frontend(app: FastAPI, settings: ServerConfig) -> None:
    """The built frontend at /, after the API's routes; a page saying how to build it if not."""
    if (settings.frontend_dist / "index.html").is_file():
        files = FrontendFiles(settings.frontend_dist, app.routes, pages.router.routes)
        app.mount("/", files, name="frontend")
        return

    @app.get("/", include_in_schema=False)
    def frontend_missing() -> HTMLResponse:
        return HTMLResponse(_NOT_BUILT, status_code=503)


def _document_replies(app: FastAPI) -> None:
    """The schema with each operation's error replies as they are (api/replies.py), made once."""
    schema = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_stream_messages(
                document_replies(
                    schema(),
                    busy=BUSY_OPERATIONS,
                    storing=STORING_OPERATIONS,
                    login=login_operations(app.routes),
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
