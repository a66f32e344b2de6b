"""The setting that points the built-in datasets' downloads at a mirror: its own module, so that
the server's start-up checks name it without importing the datasets (and torch with them)."""

# A base URL that replaces every set's own, as <base>/<name>/<file> (a mirror, or file:// in tests).
MIRROR_ENV = "TORCHCANVAS_DOWNLOAD_URL"
