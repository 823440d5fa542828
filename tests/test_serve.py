"""`briefkit serve`: the live preview run for real on a free port, edited while it runs."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from briefkit.gathering import Gathered
from briefkit.problems import BriefkitError, error
from briefkit.registry import EntityRegistry
from briefkit.serve.engine import MkDocsOutput
from briefkit.serve.loop import parse_address
from briefkit.serve.stand_in import error_pages
from helpers.project import run_briefkit
from helpers.web import free_port

SEED = "briefings/2024-01-29-iran-fm-visits-pakistan.md"
PAGE = "/briefings/2024-01-29-iran-fm-visits-pakistan/"
EDIT_DEADLINE = 5.0  # the requirement: an edit is served within 5 seconds
START_DEADLINE = 90.0  # first conversion + first full mkdocs build on a busy machine


def fetch(url: str) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, ""


def wait_for(condition, seconds: float, what: str) -> float:
    """Poll condition until it holds; fail after seconds. Returns the time it took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.1)
    pytest.fail(f"not within {seconds} s: {what}")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # as in a terminal, where Ctrl-C reaches the command


@pytest.fixture
def server(project: Path, tmp_path: Path):
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "briefkit", "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=out,
                                   stderr=subprocess.STDOUT, preexec_fn=_default_sigint)
    process.base = f"http://127.0.0.1:{port}"
    process.log = log
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def page_has(server, text: str) -> bool:
    status, body = fetch(server.base + PAGE)
    return status == 200 and text in body


def test_an_edit_is_served_within_5_seconds_and_a_broken_file_does_not_stop_the_server(server, project: Path):
    wait_for(lambda: page_has(server, "Iran&#39;s foreign minister visits Pakistan"), START_DEADLINE,
             "the preview serves the sample briefing")
    seed = project / SEED
    original = seed.read_text(encoding="utf-8")
    title = "Iran's foreign minister visits Pakistan to ease tensions after air strikes"

    seed.write_text(original.replace(title, "Tehran and Islamabad pledge calm"), encoding="utf-8")
    took = wait_for(lambda: page_has(server, "Tehran and Islamabad pledge calm"), EDIT_DEADLINE,
                    "the edited title is served")
    print(f"\nedit to served: {took:.2f} s")
    wait_for(lambda: "(first pass" in server.log.read_text(), EDIT_DEADLINE, "the first pass showed the edit")
    # told which page the first pass wrote, the engine's server built it alone
    wait_for(lambda: "briefkit: 1 edited page built" in server.log.read_text(), EDIT_DEADLINE,
             "the server built the announced page alone")

    seed.write_text(original.replace("date: 2024-01-29\n", "date: 2024-01-32\n", 1), encoding="utf-8")
    line = original.split("\n").index("date: 2024-01-29") + 1
    message = f"{SEED}:{line}:7: error: date: '2024-01-32' is not a real calendar date"
    wait_for(lambda: message in server.log.read_text(), EDIT_DEADLINE, "the error is printed in the terminal")
    wait_for(lambda: page_has(server, "this briefing has errors"), EDIT_DEADLINE, "the page shows the errors")
    assert page_has(server, message.replace("'", "&#x27;"))
    assert server.poll() is None
    assert fetch(server.base + "/")[0] == 200

    seed.write_text(original.replace(title, "Tehran and Islamabad pledge calm again"), encoding="utf-8")
    took = wait_for(lambda: page_has(server, "Tehran and Islamabad pledge calm again"), EDIT_DEADLINE,
                    "the fixed briefing is served again")
    print(f"fixed to served: {took:.2f} s")

    watcher = f"briefkit.serve.watch\0{project / 'briefings'}"
    assert _processes_running(watcher)  # the watcher of briefings/, a process of its own
    server.send_signal(signal.SIGINT)  # Ctrl-C
    assert server.wait(30) == 0
    output = server.log.read_text()
    assert "briefkit serve: stopped" in output and "Traceback" not in output
    assert fetch(server.base + "/")[0] is None  # mkdocs is gone too: nothing answers on the port
    assert not _processes_running(watcher), "the watcher of briefings/ outlived the preview"


def _processes_running(command_line: str) -> list[int]:
    """The processes whose command line (arguments joined by NUL) contains command_line (Linux: /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and command_line in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:  # gone meanwhile
            continue
    return found


def test_a_bad_address_is_refused_with_a_message(project: Path):
    result = run_briefkit(project, "serve", "-a", "localhost")
    assert result.returncode == 1
    assert '"localhost" is not an address of the form HOST:PORT' in result.stderr
    assert "Traceback" not in result.stderr


def test_parse_address():
    assert parse_address("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_address("[::1]:8080") == ("[::1]", 8080)
    for bad in ("8000", ":8000", "host:", "host:port", "host:70000"):
        with pytest.raises(BriefkitError):
            parse_address(bad)


def test_error_pages_list_the_errors_escaped_at_the_briefing_address():
    problems = (error("briefings/2024-01-01-a.md", 3, 1, 'unknown entity "<script>" in [[...]] link'),
                error("briefings/other.md", 1, 1, "not this one"))
    gathered = Gathered(EntityRegistry(), (), problems, skipped=("briefings/2024-01-01-a.md", "briefings/Bad Name.md"))
    pages = error_pages(gathered)
    assert list(pages) == ["briefings/2024-01-01-a/index.md"]
    page = pages["briefings/2024-01-01-a/index.md"]
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "not this one" not in page


def test_a_port_in_use_is_refused_before_converting(project: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_briefkit(project, "serve", "-a", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert f"cannot serve at 127.0.0.1:{port}: Address already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "docs" / "briefings").exists()  # refused before converting anything


def test_a_draft_left_out_gets_a_page_that_says_how_to_preview_it():
    gathered = Gathered(EntityRegistry(), (), (), drafts=("briefings/2024-01-02-draft.md",))
    page = error_pages(gathered)["briefings/2024-01-02-draft/index.md"]
    assert "briefkit serve --drafts" in page and "status: draft" in page


def test_rapid_edits_end_with_the_last_one_everywhere(server, project: Path):
    """Edits faster than conversions: each overtaken conversion is cancelled before it writes,
    so no page ends up older than the last edit."""
    wait_for(lambda: page_has(server, "Iran&#39;s foreign minister visits Pakistan"), START_DEADLINE,
             "the preview serves the sample briefing")
    seed = project / SEED
    original = seed.read_text(encoding="utf-8")
    title = "Iran's foreign minister visits Pakistan to ease tensions after air strikes"
    for number in range(4):
        seed.write_text(original.replace(title, f"Rapid edit {number}"), encoding="utf-8")
        time.sleep(0.4)
    wait_for(lambda: page_has(server, "Rapid edit 3"), EDIT_DEADLINE, "the last edit is served")
    # the full conversion brings it to the lists too; the briefing's page still shows the last edit
    wait_for(lambda: "Rapid edit 3" in fetch(server.base + "/briefings/")[1], 60, "the index shows the last edit")
    time.sleep(1)
    assert page_has(server, "Rapid edit 3")
    docs = project / "docs"
    seed_page = docs / "briefings" / "2024-01-29-iran-fm-visits-pakistan" / "index.md"
    assert "Rapid edit 3" in seed_page.read_text(encoding="utf-8")
    assert not any(f"Rapid edit {n}" in (docs / "briefings" / "index.md").read_text(encoding="utf-8")
                   for n in range(3))


def test_builds_are_counted_by_the_line_mkdocs_prints_after_each_one():
    # mkdocs never logs the same message twice: the second "built in 1.32 seconds" is not printed
    lines = ["INFO    -  Building documentation...\n", "INFO    -  Documentation built in 1.32 seconds\n",
             "INFO    -  [10:00:00] Reloading browsers\n", "INFO    -  Building documentation...\n",
             "INFO    -  [10:00:02] Reloading browsers\n", "INFO    -  Building documentation...\n"]
    output = MkDocsOutput(iter(lines[:5]))
    output._thread.join(5)
    assert output.builds == 3 and output.idle.is_set()  # two builds, then the end of mkdocs' output
    building = MkDocsOutput(iter(lines))
    building._thread.join(5)
    assert building.builds == 3  # the end of the output counts: nothing waits for a build that will never end


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell script's background job inherits it


def test_serve_prints_the_edited_files_problems_counts_the_rest_and_stops_on_a_lone_sigint(project: Path,
                                                                                          tmp_path: Path):
    other = project / "briefings/2024-01-17-iran-strikes-balochistan.md"
    other.write_text(other.read_text(encoding="utf-8").replace("date: 2024-01-17\n", "date: 2024-01-33\n", 1),
                     encoding="utf-8")
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "briefkit", "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=out,
                                   stderr=subprocess.STDOUT, preexec_fn=_ignore_sigint)
    try:
        process.base = f"http://127.0.0.1:{port}"
        wait_for(lambda: page_has(process, "Iran&#39;s foreign minister visits Pakistan"), START_DEADLINE,
                 "the preview serves the sample briefing")
        started = log.read_text()
        assert "2024-01-33" in started  # the first conversion prints every problem
        seed = project / SEED
        original = seed.read_text(encoding="utf-8")
        seed.write_text(original.replace("date: 2024-01-29\n", "date: 2024-01-32\n", 1), encoding="utf-8")
        wait_for(lambda: "2024-01-32" in log.read_text() and "other file" in log.read_text(), EDIT_DEADLINE * 3,
                 "the edited file's error and a count of the rest are printed")
        after = log.read_text()[len(started):]
        assert f"{SEED}:" in after
        assert "2024-01-33" not in after  # the other file's error is counted, not printed again
        assert "and 1 problem (1 error) in 1 other file" in after
        assert "'dirty' build" not in log.read_text()
        process.send_signal(signal.SIGINT)  # to the process alone, SIGINT ignored when it started
        assert process.wait(15) == 0
        assert "briefkit serve: stopped" in log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_keeps_pagefinds_index_current(server, project: Path):
    """Pagefind indexes what mkdocs serve built, again after each rebuild: an edited body changes the index."""
    def entry() -> dict:
        status, body = fetch(server.base + "/pagefind/pagefind-entry.json")
        try:
            return json.loads(body)["languages"] if status == 200 else {}
        except json.JSONDecodeError:  # fetched while Pagefind rewrote it: asked again
            return {}

    wait_for(lambda: entry() != {}, START_DEADLINE, f"Pagefind's index served; log:\n{server.log.read_text()}")
    before = entry()
    source = project / SEED
    source.write_text(source.read_text(encoding="utf-8") + "\nA zanzibarquux appears.\n", encoding="utf-8")
    wait_for(lambda: entry() not in ({}, before), 60, "Pagefind's index rebuilt after the edit")
    assert not list(Path(project).glob("mkdocs_*"))


def test_settle_memory_collects_once_and_sets_what_is_kept_out_of_later_collections():
    import gc
    import weakref

    from briefkit.serve.loop import settle_memory

    class Cycle:
        def __init__(self):
            self.me = self

    gc.disable()  # as during a conversion
    try:
        garbage = weakref.ref(Cycle())  # only the cyclic collector frees it
        kept = [Cycle() for _ in range(100)]
        assert garbage() is not None
        settle_memory()
        assert garbage() is None
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(kept)  # the conversion kept is not walked again
    finally:
        gc.unfreeze()
        gc.enable()
