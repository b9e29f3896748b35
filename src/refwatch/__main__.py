"""``python -m refwatch`` runs the CLI."""

from __future__ import annotations

from refwatch.cli import main

main()
