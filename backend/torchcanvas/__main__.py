"""`python -m torchcanvas`: serve the app on HOST:PORT."""

import gc
import signal
import sys
from types import FrameType

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from torchcanvas.connections import (
    KEEP_ALIVE_SECONDS,
    MAX_HEADER_BYTES,
    SHUTDOWN_GRACE_SECONDS,
    VIEWER_MESSAGE_BYTES,
    guarded_protocol,
    raise_file_limit,
)
from torchcanvas.data_lock import FolderInUse, lock_data_dir
from torchcanvas.log_tokens import log_config
from torchcanvas.preflight import (
    StartupError,
    check_data_dir,
    check_database,
    check_port,
    load_settings,
)
from torchcanvas.usage import read_arguments
from torchcanvas.viewer_sockets import guarded_websockets


def _stopped(signum: int, frame: FrameType | None) -> None:
    """Exits 0 once uvicorn has shut down cleanly on SIGTERM and raises the signal again."""
    sys.exit(0)


def main() -> None:
    backup_to = read_arguments(sys.argv[1:])
    if backup_to is not None:
        from torchcanvas.backup import main as back_up

        sys.exit(back_up(backup_to))
    try:
        settings = load_settings()
        check_data_dir(settings.data_dir)
        # The port first: a second server on a live one's data folder is told the port is taken,
        # before it touches that server's database.
        check_port(settings.host, settings.port)
        # Held until this process ends: a second server on the folder, on any port, is refused.
        unlocked = lock_data_dir(settings.data_dir)
        check_database(settings.data_dir)
    except (StartupError, FolderInUse) as exc:
        print(f"TorchCanvas cannot start: {exc}", file=sys.stderr)
        sys.exit(2)
    # Only now torch and the datasets (seconds): a setting or folder the checks refuse is said at
    # once, not after them.
    from torchcanvas.api.app import create_app
    from torchcanvas.runs.cores import cap_torch_threads
    from torchcanvas.training.data.storage import sweep_partials

    if unlocked:  # the uploads of another server on it may be in progress: the app's own sweep
        print(f"Warning: {unlocked}", file=sys.stderr)
    else:  # this server's alone: an upload left half-written is a killed server's, however recent
        for name in sweep_partials(settings.data_dir, stale_after=0):
            print(f"Removed {name}, an upload a stopped server left half-written.")

    # uvicorn takes SIGTERM while it serves, shuts down (runs end with a checkpoint or stay
    # queued), then raises it again for the handler it found: a clean stop exits 0.
    signal.signal(signal.SIGTERM, _stopped)
    print(f"TorchCanvas at http://{settings.host}:{settings.port} (data in {settings.data_dir})")
    # Before anything runs torch in parallel: predictions and exports in this process then
    # leave the training workers their cores (TORCHCANVAS_API_THREADS).
    intra, inter = cap_torch_threads(settings.api_threads)
    print(f"Torch in this process: {intra} intra-op and {inter} inter-op threads", flush=True)
    app = create_app(settings)
    # What start-up loaded (torch, the catalogue, the app) lives as long as the server: the
    # collector need not walk it again. Its full passes took tens of ms with torch loaded, every
    # few validations (bench/README.md).
    gc.freeze()
    raise_file_limit()  # every connection holds a descriptor: as many as the system allows
    # Forwarded headers are believed only when TORCHCANVAS_TRUST_PROXY says so (api/crosssite.py),
    # not because uvicorn trusts loopback by default.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        log_config=log_config(LOGGING_CONFIG),  # share links' tokens cut short (log_tokens.py)
        # Events are small JSON texts sent to many viewers at once: compressing each one again
        # for every socket cost more server CPU than sending it.
        ws_per_message_deflate=False,
        # A viewer has nothing to say: a message past this closes its socket (1009), where
        # uvicorn's default let each socket buffer 32 messages of 16 MiB.
        ws_max_size=VIEWER_MESSAGE_BYTES,
        proxy_headers=False,
        # h11 bounds a request's headers (httptools kept 150 MB of them), and the protocol
        # closes connections that send no request, stall in one, or idle beyond the cap.
        http=guarded_protocol(
            settings.client_timeout, settings.max_idle_connections, settings.min_body_rate
        ),
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        # A viewer that stops reading holds one message and the kernel's buffer, and is dropped
        # once it has taken nothing for the client timeout (viewer_sockets.py).
        ws=guarded_websockets(settings.client_timeout),
    )


if __name__ == "__main__":
    main()
