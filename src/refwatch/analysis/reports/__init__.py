"""reports engine (see package modules)."""
