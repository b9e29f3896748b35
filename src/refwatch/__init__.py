"""Refoulement Watch: document and measure the forced repatriation of refugees."""

from __future__ import annotations

__version__ = "0.1.0.dev0"
