"""Typed wire models, one module per API (msgspec Structs; unknown fields ignored)."""
