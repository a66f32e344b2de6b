"""The setting that points the built-in datasets' downloads at a mirror: its own module, so that
the server's start-up checks name it without importing the datasets (and torch with them)."""

# A base URL that replaces every set's own, as <base>/<name>/<file> (a mirror, or file:// in tests).
MIRROR_ENV = "TORCHCANVAS_DOWNLOAD_URL"
MIRROR_ABOUT = (
    "A base URL the built-in datasets are downloaded from instead of their own sites, as "
    "<base>/<name>/<file> (a mirror inside a network without the internet; file:// works)."
)
