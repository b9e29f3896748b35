"""warning engine (see package modules)."""
