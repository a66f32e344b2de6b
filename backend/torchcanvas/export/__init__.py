"""Exports: a trained run's model as files people open with their own tools, and predictions."""
