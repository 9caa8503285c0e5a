"""No client can hurt the hall through Streamlit's own messages (ui/guard.py), and no malformed click
breaks its page: each tried over Streamlit's protocol against a real server, as a scripted client would.

Every attack is also tried on plain Streamlit (the same app with LANDSCAPE_LAB_UNGUARDED=1), where it
works: a test here cannot pass because the attack was sent wrong. Both servers run in the most exposed
setup: a developer's ``streamlit run`` (not headless) with an AI agent installed, reached over loopback
as every visitor is behind nginx on the same host. There Streamlit's own gates let a skills install
through, and only the guard is in its way.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser import ARTIFACTS, ROOT, Server, streamlit_server
from tests.protocol import Student
from ui.guard import OFF, REFUSAL_REASON
from ui.locales import en

LINKED = ("ui", "landscapes", "optimizers", "viz", "parameters.py", "static")
pytestmark = pytest.mark.timeout(300)


@dataclass(frozen=True)
class Exposed:
    url: Server
    project: Path  # the folder the app runs from
    home: Path  # the server's home: ~/.streamlit and the agent's folder

    def log(self) -> str:
        return (ARTIFACTS / f"streamlit-{self.url.rsplit(':', 1)[1]}.log").read_text()

    def written(self) -> set[str]:
        """Files the server has made in the project's folder and under ~/.streamlit."""
        made = {p.name for p in self.project.iterdir()} - {"app.py", *LINKED}
        return made | ({p.name for p in (self.home / ".streamlit").iterdir()} - {"credentials.toml"})


def exposed_server(folder: Path, guarded: bool, stack: ExitStack) -> Exposed:
    """The app in a folder of its own (its packages linked), run not headless from a home where an agent
    is installed, with nothing to open a browser."""
    project, home, tools = folder / "project", folder / "home", folder / "bin"
    for made in (project, home / ".agents", home / ".streamlit", tools):
        made.mkdir(parents=True)
    shutil.copy(ROOT / "app.py", project / "app.py")
    for name in LINKED:
        (project / name).symlink_to(ROOT / name)
    (home / ".streamlit" / "credentials.toml").write_text('[general]\nemail = ""\n')  # no welcome prompt
    (tools / "xdg-open").write_text("#!/bin/sh\nexit 0\n")
    (tools / "xdg-open").chmod(0o755)
    env = {"HOME": str(home), "PATH": f"{tools}:{os.environ['PATH']}"} | ({} if guarded else {OFF: "1"})
    url = stack.enter_context(streamlit_server(project / "app.py", ["--server.headless=false"], env))
    return Exposed(url, project, home)


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> dict[str, Exposed]:
    with ExitStack() as stack:
        yield {kind: exposed_server(tmp_path_factory.mktemp(kind), kind == "guarded", stack) for kind in KINDS}


KINDS = ("guarded", "plain")


def lookups(url: str, cache: str) -> tuple[float, float]:
    """(hits, misses) of one cached function so far, from Streamlit's own metrics."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics?families=cache_lookups", timeout=30) as answer:
        text = answer.read().decode()
    counts = {"hit": 0.0, "miss": 0.0}
    for line in text.splitlines():
        if line.startswith("cache_lookups_total{") and f'cache="{cache}"' in line:
            counts[line.split('result="')[1].split('"')[0]] += float(line.rsplit(" ", 1)[1])
    return counts["hit"], counts["miss"]


def operation(s: Student, payload: str, **fields: str) -> BackMsg:
    """A backend operation request of this session, as the frontend sends one."""
    back = BackMsg()
    back.backend_operation_request.request_id = payload
    back.backend_operation_request.session_id = s.session_id
    request = getattr(back.backend_operation_request, payload)
    request.SetInParent()
    for name, value in fields.items():
        setattr(request, name, value)
    return back


async def handled(s: Student, *messages: BackMsg) -> list[ForwardMsg]:
    """Send ``messages`` and a heartbeat; what the server sent until it acknowledged it."""
    for message in (*messages, BackMsg(app_heartbeat=True)):
        await s.send(message)
    return await s.receive("heartbeat_ack")


@pytest.mark.parametrize("kind", KINDS)
def test_a_clients_clear_cache_leaves_every_students_cache_as_it_was(servers, kind):
    """A bystander opening the page the attacker's page filled the caches with is answered from them: the
    landscape's picture (a Streamlit cache; the rows of paths are the app's own, which no message reaches)
    a cache hit, not drawn again. Plain Streamlit draws it again."""
    server = servers[kind]
    picture = "ui.runs.landscape_picture"

    async def attack():
        async with Student(server.url) as attacker, Student(server.url) as bystander:
            await attacker.open("x0=0.25&y0=2")
            before = lookups(server.url, picture)
            await handled(attacker, BackMsg(clear_cache=True))
            seen = await bystander.open("x0=0.25&y0=2")
            now = lookups(server.url, picture)
            hits, misses = (after - earlier for after, earlier in zip(now, before, strict=True))
            again = await attacker.open(attacker.query)
            paths = [t for t in bystander.figure("plot")["data"] if t.get("meta") == "path"]
            return (hits, misses), [seen, again], len(paths)

    (hits, misses), pages, paths = asyncio.run(attack())
    assert (hits, misses) == ((1, 0) if kind == "guarded" else (0, 1))
    assert all(page.status == "ok" and not page.exceptions for page in pages) and paths == 3
    assert ("refused a client's clear_cache" in server.log()) == (kind == "guarded")


@pytest.mark.parametrize("kind", KINDS)
def test_a_clients_skills_install_writes_nothing_on_the_server(servers, kind):
    server = servers[kind]

    async def ask():
        async with Student(server.url) as s:
            await s.open("")
            answers = []
            for payload in ("install_skills", "dismiss_skills_nudge"):
                await s.send(operation(s, payload))
                answers.append((await s.receive("backend_operation_response"))[-1].backend_operation_response)
            return answers, await s.open(s.query)

    answers, page = asyncio.run(ask())
    if kind == "plain":  # the attack is real: Streamlit writes the skills into the app's folder
        assert answers[0].install_skills.detail and answers[1].HasField("dismiss_skills_nudge")
        assert {".agents", ".skills_nudge_dismissed"} <= server.written()
    else:
        assert [a.error_reason for a in answers] == [REFUSAL_REASON] * 2
        assert server.written() == set()
        log = server.log()
        assert "refused a client's install_skills" in log and "refused a client's dismiss_skills_nudge" in log
    assert page.status == "ok" and not page.exceptions


@pytest.mark.parametrize("kind", KINDS)
def test_developer_messages_are_refused_and_answered_by_nothing(servers, kind):
    server = servers[kind]
    upload = BackMsg()
    upload.file_urls_request.request_id = "u"
    upload.file_urls_request.file_names.extend(["a.csv"] * 3)

    async def send():
        async with Student(server.url) as s:
            await s.open("")
            sent = [BackMsg(set_run_on_save=True), BackMsg(load_git_info=True), upload]
            return await handled(s, *sent), await s.open(s.query)

    answered, page = asyncio.run(send())
    uploads = [m for m in answered if m.HasField("file_urls_response")]
    run_on_save = [m for m in answered if m.session_status_changed.run_on_save]  # a finished run's status has it off
    answers = {"run on save": bool(run_on_save), "upload URLs": bool(uploads)}
    if kind == "plain":
        assert answers == {"run on save": True, "upload URLs": True}
    else:
        assert answers == {"run on save": False, "upload URLs": False}
        log = server.log()
        assert all(f"refused a client's {what}" in log for what in ("set_run_on_save", "load_git_info", "file_urls"))
    assert page.status == "ok" and not page.exceptions


def test_the_download_buttons_still_get_their_files_through_the_guard(servers):
    async def download() -> bytes:
        async with Student(servers["guarded"].url) as s:
            await s.open("steps=20")
            await s.set("downloads", bool_value=True)  # the section that holds the buttons
            files = [e.download_button.deferred_file_id for e in s.elements.values() if e.HasField("download_button")]
            assert len(files) == 2 and all(files)  # the CSV and the GIF, each made when asked for
            await s.send(operation(s, "deferred_file", file_id=files[0]))
            answer = (await s.receive("backend_operation_response"))[-1].backend_operation_response
            with urllib.request.urlopen(servers["guarded"].url + answer.deferred_file.url, timeout=60) as f:
                return f.read()

    csv = asyncio.run(download()).decode()
    assert csv.startswith("optimizer,step,x,y,f\n") and csv.count("\n") == 1 + 3 * 21  # three paths, 21 points


def click(value: object) -> str:
    return json.dumps([{"event": "click", "value": value}])


RAW_CLICK = '[{"event": "click", "value": {"x": %s, "y": %s, "curve": %s}}]'
MALFORMED_CLICKS = {
    "a string for x": click({"x": "a", "y": 1.0, "curve": 1}),
    "NaN": RAW_CLICK % ("NaN", "1.0", "1"),
    "1e999, infinite in Python": RAW_CLICK % ("1e999", "1.0", "1"),
    "far outside the window": click({"x": 1e300, "y": -1e300, "curve": 1}),
    "an integer of 5000 digits": RAW_CLICK % ("9" * 5000, "1.0", "1"),
    "a NaN trace": RAW_CLICK % ("0.5", "1.0", "NaN"),
    "a trace of 1e400": RAW_CLICK % ("0.5", "1.0", "1e400"),
    "a fractional trace": click({"x": 0.5, "y": 1.0, "curve": 1.5}),
    "booleans": click({"x": True, "y": False, "curve": True}),
    "a list for x": click({"x": [0.5], "y": 1.0, "curve": 1}),
    "no y": click({"x": 0.5, "curve": 1}),
    "a list as the point": click([1, 2, 3]),
    "a string as the point": click("boom"),
    "arrays nested 100000 deep": click(None).replace("null", "[" * 100_000 + "]" * 100_000),
    "not JSON": "{{{",
}


@pytest.mark.parametrize("quiz", [False, True], ids=["the start", "a quiz's guess"])
def test_a_malformed_click_is_ignored_and_the_next_real_one_still_counts(servers, quiz):
    server = servers["guarded"]
    guess = en.MESSAGES["quiz_guess"]

    async def clicks():
        async with Student(server.url) as s:
            await s.open("quiz=1" if quiz else "")
            start = parse_qs(s.query)["x0"]
            for name, raw in MALFORMED_CLICKS.items():
                run = await s.trigger("plot", raw)
                assert run.status in ("ok", "fragment ok") and not run.exceptions, name
                assert parse_qs(s.query)["x0"] == start, name
                assert not any(t.get("name") == guess for t in s.figure("plot")["data"]), name
            await s.trigger("plot", click({"x": 0.5, "y": 1.25, "curve": 1}))  # a real click on the grid
            if quiz:
                await s.open(s.query)  # the guess is drawn with the next run of the view
                return [(t["x"], t["y"]) for t in s.figure("plot")["data"] if t.get("name") == guess]
            return parse_qs(s.query)["x0"] + parse_qs(s.query)["y0"]

    moved = asyncio.run(clicks())
    assert moved == ([([0.5], [1.25])] if quiz else ["0.5", "1.25"])
    log = server.log()
    for line in ("ignored a malformed click", "click outside the plot's window", "unreadable widget value"):
        assert line in log
