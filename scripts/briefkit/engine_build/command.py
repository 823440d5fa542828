"""`python -m briefkit.engine_build build|serve`: the command line of the keeping build and of the server
(what `briefkit build` and `briefkit serve` run in a process of their own)."""

from __future__ import annotations

import argparse
import importlib
import logging
from pathlib import Path

from briefkit.engine_build.keeping import build
from briefkit.parallel import worker_count


def main(argv: list[str] | None = None) -> int:
    """`python -m briefkit.engine_build build|serve`: as `mkdocs build` / `mkdocs serve` (their log, warnings and
    exit status), keeping unchanged pages: a build keeps its record in --record, a server in memory."""
    parser = argparse.ArgumentParser(prog="python -m briefkit.engine_build",
                                     description="As mkdocs build / mkdocs serve, keeping the pages nothing changed.")
    parser.add_argument("action", choices=("build", "serve"))
    parser.add_argument("--module", default="mkdocs", choices=("mkdocs", "properdocs"))
    parser.add_argument("-f", "--config-file", default=None)
    parser.add_argument("-s", "--strict", action="store_true", default=None)
    parser.add_argument("--clean", action="store_true", help="build every page (the record is written again)")
    parser.add_argument("--record", type=Path, default=None, help="where the record of the last build is kept")
    parser.add_argument("-a", "--dev-addr", default=None, metavar="HOST:PORT")
    parser.add_argument("--announced", action="store_true",
                        help="serve: read the paths of files written into docs/ from standard input (a path a line, "
                             "an empty line ends a batch) and build them at once")
    args = parser.parse_args(argv)
    cli = importlib.import_module(f"{args.module}.__main__")
    state = cli.State()  # the engine's own log lines (INFO    -  ...), under its own logger
    cli._enable_warnings()
    exceptions = importlib.import_module(f"{args.module}.exceptions")
    try:
        if args.action == "serve":
            from briefkit.engine_build.server import serve  # the engine's server module only when serving

            serve(args)
        else:
            _build_once(args)
    except exceptions.Abort as abort:
        abort.show()
        return abort.exit_code
    del state
    return 0


def _build_once(args) -> None:
    configs = importlib.import_module(f"{args.module}.config")
    config = configs.load_config(config_file=args.config_file, strict=args.strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        _, report = build(config, module=args.module, record_file=args.record, clean=args.clean,
                          workers=worker_count())
    finally:
        config.plugins.on_shutdown()
    logging.getLogger(f"{args.module}.briefkit").info(report.summary())
