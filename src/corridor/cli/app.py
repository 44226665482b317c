"""The root of the ``corridor`` command: its groups, ``--version``, ``--debug`` and one-line errors."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from corridor import __version__
from corridor.cli.appraise import appraise_command
from corridor.cli.db import admin_app, db_app
from corridor.cli.emissions import emissions_command
from corridor.cli.flows import flows_app
from corridor.cli.hoc import hoc_command
from corridor.cli.network import network_app
from corridor.cli.route import OPTION_NAMES, route_command
from corridor.cli.scenario import scenario_app
from corridor.cli.serve import serve_command
from corridor.cli.simulate import simulate_command
from corridor.cli.toc import toc_command
from corridor.cli.validate import validate_command
from corridor.errors import CorridorError, NoRouteError

app = typer.Typer(
    name="corridor",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,  # plain help and one-line usage errors, no boxes
    help="Plan, cost and simulate container freight on the Eurasian corridors.",
)
app.command("route")(route_command)
app.command("emissions")(emissions_command)
app.command("simulate")(simulate_command)
app.command("serve")(serve_command)
app.command("toc")(toc_command)
app.command("hoc")(hoc_command)
app.command("validate")(validate_command)
app.command("appraise")(appraise_command)
app.add_typer(network_app, name="network")
app.add_typer(scenario_app, name="scenario")
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
app.add_typer(flows_app, name="flows")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"corridor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True),
    ] = False,
) -> None:
    """Plan, cost and simulate container freight on the Eurasian corridors."""


def error_message(err: CorridorError | OSError) -> str:
    """The one line the CLI prints for an error, naming options as the CLI spells them."""
    if isinstance(err, NoRouteError):
        return err.explain(OPTION_NAMES)
    if isinstance(err, CorridorError):
        return str(err)
    return f"{err.strerror or err}" + (f": {err.filename}" if err.filename else "")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print one line and return non-zero (``--debug`` shows tracebacks)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="corridor")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except (CorridorError, OSError) as err:
        if "--debug" in args:
            raise
        typer.echo(f"error: {error_message(err)}", err=True)
        return 1
    return 0
