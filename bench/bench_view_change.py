"""How long a lecturer's change of view takes to reach N following pages, each its one script run.

    python bench/bench_view_change.py [--students 200] [--replicas 1 2] [--changes 4] [--join 30] [--also REV]
                                      [--change view|reveal]

No browsers: N students open the join link over Streamlit's own protocol (tests/protocol.py), spread over
``--join`` seconds, and then follow as ``ui/js/hall.js`` does: each long-polls the class's ``wait`` route
and, when the lecturer's version moves, sends its page's ONE ``update`` trigger (the script run that puts
the lecturer's view into the student's widgets and draws it). The lecturer acts from this process on the
same Redis (``classroom.classes`` over ``RedisStore``), as the lecturer's own replica would, switching the
view Paths ↔ Memory ``--changes`` times, each once the last has reached every follower; with ``--change
reveal``, asking a question on the Paths view and then revealing and hiding its answer in turn (a run of
the view's fragment each, as for a change of view: tests/test_follow_runs.py). With two replicas the
students are split between them.

Reported per change, from the lecturer's publish: when 50 % / 95 % / all of the pages had finished the run
that shows the new view (and that each does show it), and the servers' CPU per following page (from
/proc); and this process's own CPU per change (N simulated pages reading their messages), which shares the
machine's cores with the servers, as phones in a hall do not. Beside it, in the same run: the bare
one-chart app (bench/bare_app.py) with N pages that all rerun at once, the least any Streamlit page can
take for N runs on one interpreter; with ``--also REV``, commit REV's app too (one replica).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, closing
from pathlib import Path
from urllib.parse import parse_qs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_class import request
from bench.revision import app_at
from classroom.classes import Classes
from classroom.model import Question
from classroom.redis_store import RedisStore
from tests.browser import ROOT, cpu_seconds, streamlit_server
from tests.protocol import Student
from tests.redis_server import redis_server

LINK = "f=rosenbrock&opt=sgd,adam&steps=300&view={view}"
VIEWS = ("paths", "memory")


async def follow(
    student: Student, code: str, since: int, shown: dict[int, float], stop: asyncio.Event, shows: Shows
) -> None:
    """The follower's long-poll and its one run per change, as ui/js/hall.js sends it; a change counts as
    shown once ``shows`` finds it on the page."""
    while not stop.is_set():
        state = await request(f"{student.base_url}/lab/class/{code}/wait?since={since}")
        if stop.is_set() or state.get("version", since) == since:
            continue
        since = state["version"]
        run = await student.trigger("class.follower", json.dumps([{"event": "update", "value": since}]))
        finished = run.status in ("ok", "fragment ok")  # a run of the page, or of the view's fragment alone
        if finished and not run.exceptions and shows(student, state):
            shown[since] = time.perf_counter()


def view_of(query: str) -> str:
    return parse_qs(query).get("view", ["paths"])[0]


def same_view(student: Student, state: dict) -> bool:
    return view_of(student.query) == view_of(state["query"])


def same_reveal(student: Student, state: dict) -> bool:
    """The plot draws the paths exactly when the lecturer has revealed them."""
    return student.draws_paths() == bool(state["revealed"])


# What a lecturer's change is: the first view, then each change, and how a page shows it
Change = tuple[Callable[[Classes, str, str], int], Callable[[Classes, str, str, int], int], "Shows"]
Shows = Callable[[Student, dict], bool]
ASKED = Question("first", "choice", ("sgd", "adam", "none"))
CHANGES: dict[str, Change] = {
    "view": (
        lambda classes, code, secret: classes.publish(code, secret, LINK.format(view="paths"), None),
        lambda classes, code, secret, k: classes.publish(code, secret, LINK.format(view=VIEWS[(k + 1) % 2]), None),
        same_view,
    ),
    "reveal": (
        lambda classes, code, secret: classes.publish(code, secret, LINK.format(view="paths") + "&quiz=1", ASKED),
        lambda classes, code, secret, k: classes.reveal(code, secret, revealed=k % 2 == 0),
        same_reveal,
    ),
}


def spread(delays: list[float]) -> dict:
    ordered = sorted(delays)
    return {
        "p50 (s)": round(statistics.median(ordered), 2),
        "p95 (s)": round(ordered[max(0, int(0.95 * len(ordered)) - 1)], 2),
        "all (s)": round(ordered[-1], 2),
    }


async def lab_class(
    servers: list, classes: Classes, students: int, changes: int, within: float, change: str = "view"
) -> dict:
    code, secret = classes.start()
    first, next_change, shows = CHANGES[change]
    version = first(classes, code, secret)

    async def join(k: int) -> Student:
        await asyncio.sleep(random.uniform(0, within))
        student = Student(servers[k % len(servers)])
        await student.__aenter__()
        await student.open(f"class={code}")
        return student

    pages = await asyncio.gather(*(join(k) for k in range(students)))
    shown: list[dict[int, float]] = [{} for _ in pages]
    stop = asyncio.Event()
    polls = [
        asyncio.create_task(follow(p, code, version, seen, stop, shows)) for p, seen in zip(pages, shown, strict=True)
    ]
    await asyncio.sleep(2)
    delays, cpu, own, each = [], [], [], []
    for k in range(changes):
        before, mine = sum(cpu_seconds(s.pid) for s in servers), time.process_time()
        started = time.perf_counter()
        version = next_change(classes, code, secret, k)
        while sum(version in seen for seen in shown) < students and time.perf_counter() - started < 120:
            await asyncio.sleep(0.05)
        delays += [seen.get(version, float("inf")) - started for seen in shown]
        each.append(spread(delays[-students:])["p95 (s)"])
        cpu.append((sum(cpu_seconds(s.pid) for s in servers) - before) / students)
        own.append(time.process_time() - mine)
        await asyncio.sleep(1)
    stop.set()
    classes.end(code, secret)  # wakes the polls, which then end
    await asyncio.gather(*polls, return_exceptions=True)
    await asyncio.gather(*(p.close() for p in pages))
    missed = sum(d == float("inf") for d in delays)
    return spread(delays) | {
        "p95 of each change (s)": each,  # the first: a view no follower had drawn yet
        "CPU per page per change (ms)": round(1000 * statistics.median(cpu), 1),
        "the simulated pages' own CPU per change (s)": round(statistics.median(own), 2),  # on the same 2 cores
        "missed": missed,
    }


async def bare_hall(server, students: int, changes: int) -> dict:
    """N pages of the bare app, all asking for a run at once (as N followers do at a change)."""
    pages = [Student(server) for _ in range(students)]
    for page in pages:
        await page.__aenter__()
        await page.open("")
    delays, cpu = [], []
    for _ in range(changes):
        before, started = cpu_seconds(server.pid), time.perf_counter()

        async def one(page: Student, started: float) -> float:
            await page.rerun()
            return time.perf_counter() - started

        delays += await asyncio.gather(*(one(p, started) for p in pages))
        cpu.append((cpu_seconds(server.pid) - before) / students)
        await asyncio.sleep(1)
    await asyncio.gather(*(p.close() for p in pages))
    return spread(delays) | {"CPU per page per change (ms)": round(1000 * statistics.median(cpu), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--replicas", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--changes", type=int, default=4)
    parser.add_argument("--join", type=float, default=30.0, help="seconds over which the students join")
    parser.add_argument("--also", help="a commit whose app is measured too, on one replica")
    parser.add_argument("--change", choices=CHANGES, default="view", help="the view Paths <-> Memory, or Reveal")
    args = parser.parse_args()
    with streamlit_server(ROOT / "bench" / "bare_app.py") as server:
        result = asyncio.run(bare_hall(server, args.students, args.changes))
        print(f"bare app, {args.students} pages rerunning at once: {json.dumps(result)}", flush=True)
    for replicas in args.replicas:
        follow_class(ROOT / "app.py", "now", replicas, args)
    if args.also:
        with app_at(args.also) as app:
            follow_class(app, args.also, 1, args)


def follow_class(app: Path, name: str, replicas: int, args: argparse.Namespace) -> None:
    with ExitStack() as stack:
        url = stack.enter_context(redis_server())
        env = {"LANDSCAPE_LAB_REDIS_URL": url}
        servers = [stack.enter_context(streamlit_server(app, env=env)) for _ in range(replicas)]
        lecture = Classes(stack.enter_context(closing(RedisStore(url))))  # its listener goes before Redis does
        result = asyncio.run(lab_class(servers, lecture, args.students, args.changes, args.join, args.change))
        print(f"{name}: {args.students} followers, {replicas} replica(s): {json.dumps(result)}", flush=True)


if __name__ == "__main__":
    main()
