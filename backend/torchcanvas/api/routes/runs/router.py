"""The one router of /api/runs: each module of this package adds the routes of one concern."""

from fastapi import APIRouter

from torchcanvas.api.replies import error_replies

# A run its caller deleted answers 410, and when (store/tombstones.py); to anyone else, 404.
router = APIRouter(prefix="/api/runs", tags=["runs"], responses=error_replies(410))
NOT_FOUND = error_replies(404)
ACTION = error_replies(403, 404, 409)  # an owner's action on a run that may not fit its state
