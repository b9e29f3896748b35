"""estimation engine (see package modules)."""
