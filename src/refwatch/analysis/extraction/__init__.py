"""extraction engine (see package modules)."""
