"""linkage engine (see package modules)."""
