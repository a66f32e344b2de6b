"""Designs: the schema, the catalogue of layers, validation on the meta device, and the builder."""
