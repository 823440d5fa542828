"""The briefkit command: parses arguments and calls the library; prints problems, never tracebacks."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from briefkit import __version__
from briefkit.engines import DEFAULT_ENGINE, ENGINES
from briefkit.problems import BriefkitError, format_problems, has_errors, plural
from briefkit.project import Project, find_project


def _print_problems(problems, fmt: str = "text", stream=sys.stderr) -> None:
    if fmt == "json":
        print(format_problems(problems, "json"), file=sys.stdout)
    elif problems:
        print(format_problems(problems), file=stream)


def cmd_check(args) -> int:
    from briefkit.check import check

    report = check(find_project(config_file=args.config_file), [Path(p) for p in args.paths] if args.paths else None)
    _print_problems(report.problems, args.format)
    if args.format == "text":
        print(f"briefkit check: {report.briefings} briefing(s), {report.entities} entities: "
              f"{report.errors} error{'s' * (report.errors != 1)}, "
              f"{report.warnings} warning{'s' * (report.warnings != 1)}", file=sys.stderr)
    return 1 if report.failed(args.strict) else 0


def _convert(args) -> tuple[int, Project]:
    """Convert; exit status 1 when anything had errors (a briefing left out is content lost), unless
    --allow-errors; with --strict, warnings fail too. The pages are written either way, for preview."""
    from dataclasses import replace

    from briefkit.convert import convert
    from briefkit.integration import integration_problems

    project = find_project(config_file=args.config_file)
    started = time.perf_counter()
    result = convert(project, drafts=args.drafts)
    result = replace(result, problems=result.problems + tuple(integration_problems(project)))
    _print_problems(result.problems)
    report = result.report
    skipped = f", left out {len(result.skipped)} with errors" if result.skipped else ""
    drafts = f", left out {len(result.drafts)} draft(s)" if result.drafts else ""
    print(f"briefkit: {plural(result.briefing_count, 'briefing')}, {result.entity_count} entities{skipped}{drafts}; "
          f"wrote {plural(len(report.written), 'file')}, removed {len(report.removed)}, {report.unchanged} unchanged "
          f"({result.rendered:,} rendered) in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    if result.skipped:
        print("briefkit: not in the site because of their errors: " + ", ".join(result.skipped), file=sys.stderr)
    if has_errors(report.problems):  # a page could not be written: nothing allows that
        return 1, project
    if getattr(args, "strict", False) and result.problems:
        return 1, project
    return (1 if has_errors(result.problems) and not args.allow_errors else 0), project


def _say_failed(command: str) -> None:
    print(f"briefkit {command}: failed because of the problems above (exit status 1); the pages were written "
          "for preview. --allow-errors exits 0 with the briefings that have errors left out.", file=sys.stderr)


def cmd_convert(args) -> int:
    status, _ = _convert(args)
    if status:
        _say_failed("convert")
    return status


def cmd_build(args) -> int:
    from briefkit import engines
    from briefkit.cache import cache_folder

    engine = engines.engine_named(args.engine or find_project(config_file=args.config_file).engine,
                                  "--engine" if args.engine else "mkdocs.yml")
    engines.require(engine)  # before converting: a missing engine is said at once
    status, project = _convert(args)
    # the site is built even when conversion failed: an author previews it, CI sees the exit status
    record = cache_folder(project.root) / "engine-build.pickle"  # what the last build made, to keep what is unchanged
    built = subprocess.call(engines.command(engine, "build", strict=args.strict, config_file=project.config_to_name,
                                            record=str(record), clean=args.clean),
                            cwd=project.root, env=engines.environment())
    if not built:
        built = _index_for_search(project)
    if status:
        _say_failed("build")
    return status or built


def _index_for_search(project) -> int:
    """Pagefind's index over the site just built (search_index: pagefind); 1 when it failed."""
    from briefkit.pagefind_index import OUTPUT, index_site
    from briefkit.search import search_mode

    if search_mode(project.search_index) != "pagefind" or not project.search:
        return 0
    # Pagefind adds its files beside those of its last run (their names carry hashes): with the pages of the
    # last build kept, the old index would stay in site/ forever
    shutil.rmtree(project.site_dir / OUTPUT, ignore_errors=True)
    report = index_site(project.site_dir, project.shown(project.site_dir))
    _print_problems(report.problems)
    if report.problems:
        return 1
    print(f"briefkit: search index of {report.pages} pages (Pagefind) in {report.seconds:.1f} s", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from briefkit import engines
    from briefkit.serve.loop import serve

    project = find_project(config_file=args.config_file)
    engine = engines.engine_named(args.engine or project.engine, "--engine" if args.engine else "mkdocs.yml")
    engines.require(engine)
    return serve(project, address=args.dev_addr, drafts=args.drafts, engine=engine)


def cmd_init(args) -> int:
    from briefkit.init import init_project

    target = Path(args.folder)
    written = init_project(target)
    where = "" if target.resolve() == Path.cwd().resolve() else f"cd {args.folder} && "
    print(f"briefkit init: wrote {len(written)} files into {target.resolve()}\n"
          f"Next: {where}briefkit serve   (then edit mkdocs.yml: site_name and site_description; "
          "write briefings in briefings/)", file=sys.stderr)
    return 0


def cmd_new(args) -> int:
    from briefkit.authoring.draft import new_command

    return new_command(find_project(config_file=args.config_file), args)


def cmd_accept(args) -> int:
    from briefkit.authoring.accept import accept_command

    return accept_command(find_project(), args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefkit", description="Turn annotated briefings into a "
                                     "cross-linked MkDocs + Material site. Works on the project in the current "
                                     "directory (the folder with mkdocs.yml and briefings/).")
    parser.add_argument("--version", action="version", version=f"briefkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # every command that reads a project takes the configuration file as MkDocs does
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("-f", "--config-file", metavar="FILE", help="the configuration file (default: mkdocs.yml, "
                        "mkdocs.yaml, properdocs.yml or properdocs.yaml in the current folder)")
    # options several commands share, each written once
    drafts = argparse.ArgumentParser(add_help=False)
    drafts.add_argument("--drafts", action="store_true", help="include briefings with status: draft")
    allow_errors = argparse.ArgumentParser(add_help=False)
    allow_errors.add_argument("--allow-errors", action="store_true",
                              help="exit 0 even though briefings with errors were left out (e.g. to publish the "
                                   "rest on time while one is fixed); registry errors included")
    engine = argparse.ArgumentParser(add_help=False)
    engine.add_argument("--engine", choices=tuple(ENGINES), help="the engine that builds the site "
                        f"(default: extra.briefkit.engine in mkdocs.yml, else {DEFAULT_ENGINE})")

    p = sub.add_parser("convert", parents=[config, drafts, allow_errors],
                       help="write the Markdown pages of briefings/ into docs/")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("build", parents=[config, drafts, allow_errors, engine], help="convert, then run mkdocs build")
    p.add_argument("--strict", action="store_true", help="fail on any problem, warnings included (and mkdocs --strict)")
    p.add_argument("--clean", action="store_true", help="build every page again (by default, the pages that nothing "
                   "changed since the last build are kept: the same site, sooner)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", parents=[config], help="validate briefings and the registry; exit 1 on errors")
    p.add_argument("paths", nargs="*", help="briefing files or folders (default: all of briefings/)")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", parents=[config, drafts, engine],
                       help="live preview: convert, watch briefings/, run mkdocs serve")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("init", help="make a new project that builds at once (in DIR, default: here)")
    p.add_argument("folder", nargs="?", default=".", metavar="DIR", help="an empty or new folder (default: .)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("new", parents=[config], help="draft briefings from plain-text articles")
    p.add_argument("articles", nargs="+", metavar="ARTICLE", help="plain-text article files or folders of them")
    p.add_argument("--date", help="the articles' date, YYYY-MM-DD (default: today)")
    p.add_argument("--source-url", help="URL of the original article")
    p.add_argument("--publisher", help="who published the original article")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("accept", help="move a draft's candidate entities into the registry and link them")
    p.add_argument("draft", metavar="DRAFT", help="a briefing drafted by briefkit new")
    p.add_argument("names", nargs="*", metavar="NAME", help="the candidates to accept, by name, alias or id "
                   "(default: all)")
    p.set_defaults(func=cmd_accept)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BriefkitError as exc:
        _print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in briefkit, not bad input: say so plainly
        if os.environ.get("BRIEFKIT_DEBUG"):
            raise
        print(f"briefkit: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in briefkit; run again with BRIEFKIT_DEBUG=1 for the traceback "
              "and report it.", file=sys.stderr)
        return 3
