"""Runs: the executor and its worker processes, the event log and the hub that fans events out."""
