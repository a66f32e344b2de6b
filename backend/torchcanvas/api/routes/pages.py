"""The browser's pages: each is the app's index.html, which reads its path; a dead share link
gets a page of its own."""

from html import escape

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse, HTMLResponse

from torchcanvas.api.deps import ServicesDep
from torchcanvas.api.problem_status import status_of
from torchcanvas.store.shares import ShareGone, ShareStore, ShareUnknown

router = APIRouter(tags=["pages"])


def _index(services: ServicesDep, status: int = 200) -> Response:
    index = services.settings.frontend_dist / "index.html"
    if not index.is_file():
        return HTMLResponse("<h1>The TorchCanvas frontend is not built</h1>", status_code=503)
    return FileResponse(index, status_code=status, media_type="text/html")


@router.get("/models/{run_id}", include_in_schema=False)
def model_page(run_id: str, services: ServicesDep) -> Response:
    return _index(services)


@router.get("/runs", include_in_schema=False)
def runs_page(services: ServicesDep) -> Response:
    return _index(services)


@router.get("/classes", include_in_schema=False)
def classes_page(services: ServicesDep) -> Response:
    return _index(services)


@router.get("/admin", include_in_schema=False)
def admin_page(services: ServicesDep) -> Response:
    """The server's admin page (routes/admin.py); without TORCHCANVAS_ADMIN_TOKEN, 404."""
    return _index(services, 200 if services.settings.admin_token else 404)


@router.get("/challenges", include_in_schema=False)
def challenges_page(services: ServicesDep) -> Response:
    return _index(services)


@router.get("/classes/{code}", include_in_schema=False)
def class_page(code: str, services: ServicesDep) -> Response:
    """A teacher's class: the app reads the code from the path and asks the API for the class."""
    return _index(services)


@router.get("/runs/{run_id}", include_in_schema=False)
def run_page(run_id: str, services: ServicesDep) -> Response:
    """A run's own page: the app reads the id from the path and asks the API for the run."""
    return _index(services)


_GONE = """<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width">
<link rel="icon" type="image/svg+xml" href="/favicon.svg"><title>TorchCanvas: link not available</title>
<body style="font-family: system-ui, sans-serif; margin: 4rem auto; max-width: 36rem; padding: 0 1rem;
color: #1f2937; line-height: 1.5"><main><p style="font-weight: 700; font-size: 20px">Torch<span
style="color: #c2410c">Canvas</span></p><h1 style="font-size: 24px">This model is not available</h1>
<p data-testid="share-gone">{message}</p><p>Ask whoever shared it for a new link, or
<a href="/" style="color: #1d4ed8" data-testid="share-gone-home">open TorchCanvas</a> to design and
train your own.</p></main></body></html>"""


@router.get("/s/{token}", include_in_schema=False)
def shared_page(token: str, services: ServicesDep) -> Response:
    """The model page of a live link; a revoked or expired one answers 410 at once."""
    try:
        ShareStore(services.db).resolve(token)
    except (ShareUnknown, ShareGone) as exc:
        return HTMLResponse(_GONE.format(message=escape(str(exc))), status_code=status_of(exc))
    return _index(services)
