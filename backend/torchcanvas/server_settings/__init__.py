"""The server's settings by job; config.py joins them into ServerConfig."""
