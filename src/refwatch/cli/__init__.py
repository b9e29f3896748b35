"""The ``refwatch`` command.

Each subcommand lives in its own module under ``refwatch.cli`` and is imported
only when it runs, so ``refwatch estimate`` does not pay for Django and
``refwatch init`` does not pay for Splink.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click

from refwatch import __version__

# command name -> "module:attribute" of a click.Command
COMMANDS: dict[str, str] = {
    "init": "refwatch.cli.store:init",
    "user": "refwatch.cli.store:user",
    "keys": "refwatch.cli.store:keys",
    "audit": "refwatch.cli.store:audit",
    "add-source": "refwatch.cli.store:add_source",
    "import-list": "refwatch.cli.store:import_list",
    "export": "refwatch.cli.store:export",
    "backup": "refwatch.cli.store:backup",
    "restore": "refwatch.cli.store:restore",
    "demo": "refwatch.cli.demo:demo",
    "synth": "refwatch.cli.synth:synth",
    "link": "refwatch.cli.link:link",
    "review": "refwatch.cli.review:review",
    "estimate": "refwatch.cli.estimate:estimate",
    "extract": "refwatch.cli.extract:extract",
    "incidents": "refwatch.cli.extract:incidents",
    "claims": "refwatch.cli.claims:claims",
    "report": "refwatch.cli.report:report",
    "export-public": "refwatch.cli.report:export_public",
    "watch": "refwatch.cli.watch:watch",
    "serve": "refwatch.cli.web:serve",
    "worker": "refwatch.cli.web:worker",
    "token": "refwatch.cli.web:token",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command = getattr(module, attr, None)
        return command if isinstance(command, click.Command) else None

    @staticmethod
    def _available(name: str) -> bool:
        module_name = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module_name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refwatch")
def main() -> None:
    """Refoulement Watch: document and measure forced repatriation.

    The data directory is REFWATCH_HOME (default ~/.refwatch); DATABASE_URL
    selects PostgreSQL instead of the SQLite file there.
    """


def run(argv: list[str] | None = None) -> Any:
    """Entry point for tests: run the CLI without exiting the interpreter."""
    return main.main(args=argv, standalone_mode=False)
