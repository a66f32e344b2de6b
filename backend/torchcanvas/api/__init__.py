"""The HTTP and websocket API: routes only, over the run service and the design functions."""
