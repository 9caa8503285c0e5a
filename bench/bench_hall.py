"""A lecture hall on one server: N simulated students, side by side with a bare one-chart Streamlit app.

    python bench/bench_hall.py [--students 10 30 60 120 200] [--moves 5] [--think 2] [--follow] [--new-row]
                               [--no-workers]
                               [--options="--runner.postScriptGC=true ..."]

No browsers: each student speaks Streamlit's own WebSocket protocol (tests/protocol.py), as a browser tab
does, so every figure is the server's. Each student opens its own link (its own start and its own α for
Adam), waits for the page, fetches over HTTP the rows its first page names (``ui/stage.py``: one gzipped
JSON file per shown optimizer's α, as ``ui/js/stage.js`` fetches them), then drags Adam's α every
``--think`` seconds (with a little jitter), ``--moves`` times, a stop or two each time. A gesture is what
the server hears of a drag, as ``ui/js/stage.js`` tells it: one POST of the settled value (no script
run) where the page allows it and the row is in hand, else one settle by the component's state (a run);
the stops in between are drawn by the browser from the row and cost the server nothing. With
``--new-row`` one gesture of each student (at a random turn) takes up Adam's ρ₁ instead, whose row the
first page does not have: the student asks the server for it by its link (ui/row_route.py: one batched
run, no script run), and after settling asks for α's row again, made for the new ρ₁, as stage.js does;
"new row in hand" is each such request's time. With ``--follow`` the whole hall opens the same link and
makes the same gestures.
Once every student is done (the CPU is read then), each one's page runs once more, as any change or a
reload would make it, and its chart is checked against the core: its Adam path must end where
``optimizers.run`` says it does for its own start, α and ρ₁, and the stage must name the moved rows.

The bare app (bench/bare_app.py: one slider and one Plotly line of 1000 points) runs on the same server
config in the same run; its students move its slider the same way (one move, one rerun). So does the
bare app with its sockets sending at once (bench/bare_app_nodelay.py, the fix of ui/network.py).

Per N it prints: the p50 / p95 latency of a gesture or move (request sent -> its answer: the POST's, or
the rerun's last message), gestures unanswered, server CPU per gesture (from /proc, over the moving
phase), WebSocket bytes per gesture, the rows' bytes per student (gzipped, as HTTP sends them), memory
per student, the first page's time with the whole hall opening at once (each waits up to OPEN_WAIT; a
gesture unanswered for MOVE_WAIT counts as unanswered), and when the rows were in hand.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import landscapes  # noqa: E402
import optimizers  # noqa: E402
from bench.stage_model import MOVE_WAIT, hold_page, http_get, move_lab  # noqa: E402
from tests.browser import cpu_seconds, rss_mb, streamlit_server  # noqa: E402
from tests.protocol import Student, decode, path_of  # noqa: E402
from ui import options  # noqa: E402
from ui.runs import stops_of  # noqa: E402

ALPHA, RHO1 = "adam.alpha", "adam.rho1"  # the stage's keys: optimizer.parameter
ALPHAS = options.grid(optimizers.spec("adam").hyperparameters[0])
RHO1_DEFAULT = next(p.default for p in optimizers.spec("adam").hyperparameters if p.name == "rho1")
BARE_VALUES = [round(0.3 + 0.01 * i, 2) for i in range(60)]
OPEN_WAIT = 300  # seconds a student waits for its first page: a whole hall opening at once queues


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)
    unanswered: int = 0
    wrong: int = 0
    opened: list[float] = field(default_factory=list)
    row_bytes: list[int] = field(default_factory=list)  # per student: every row it fetched, gzipped
    rows_ready: list[float] = field(default_factory=list)  # link opened -> the first page's rows in hand
    new_row_ready: list[float] = field(default_factory=list)  # a row not in hand asked for -> in hand
    rows_failed: int = 0
    posted: int = 0  # gestures told by a POST, no script run
    broken: int = 0  # pages with no stage to move (a section of the page failed)


@dataclass(frozen=True)
class Plan:
    """What one student does: the link it opens, what it moves (a stage key, or the bare app's slider)
    and the values it settles there, one a gesture."""

    query: str
    moves: tuple[tuple[str, float], ...]  # (key, value) of each gesture
    start: tuple[float, float] = (-1.5, 2.5)
    alpha: float = 0.1  # Adam's α in the link


@dataclass(frozen=True)
class App:
    label: str
    script: Path
    plans: Callable[..., list[Plan]]
    move: Callable
    check: Callable[[Student, Plan], bool]
    rows: bool  # its students fetch the rows the stage names
    env: tuple[tuple[str, str], ...] = ()  # the server's environment besides ours


def lab_plans(n: int, moves: int, follow: bool, rng: random.Random, new_row: bool = False) -> list[Plan]:
    """Each student drags Adam's α ``moves`` times, a stop or two at a time; with ``new_row``, one of those
    gestures (at a random turn) takes up ρ₁ instead, whose row the page does not have yet."""
    plans = []
    for _ in range(n):
        if follow:
            start, alpha, rng_student = (-1.5, 2.5), 0.1, random.Random(0)
        else:
            start = (round(rng.uniform(-1.9, 2.9), 2), round(rng.uniform(-1.9, 2.9), 2))
            alpha, rng_student = ALPHAS[rng.randrange(3, len(ALPHAS) - 3)], rng
        query = f"opt=sgd,momentum,adam&adam.alpha={alpha}&x0={start[0]}&y0={start[1]}&steps=1000"
        stops, path = stops_of("adam", alpha), []
        i = stops.index(alpha)
        for _ in range(moves):
            i = min(max(i + rng_student.choice((-2, -1, 1, 2)), 0), len(stops) - 1)
            path.append((ALPHA, stops[i]))
        if new_row:
            others = [v for v in stops_of("adam", RHO1_DEFAULT, "rho1") if v != RHO1_DEFAULT]
            path[rng_student.randrange(moves)] = (RHO1, rng_student.choice(others))
        plans.append(Plan(query, tuple(path), start, alpha))
    return plans


def bare_plans(n: int, moves: int, follow: bool, rng: random.Random, new_row: bool = False) -> list[Plan]:
    plans = []
    for _ in range(n):
        r = random.Random(0) if follow else rng
        plans.append(Plan("", tuple(("a", r.choice(BARE_VALUES)) for _ in range(moves))))
    return plans


def lab_chart_is_right(student: Student, plan: Plan) -> bool:
    """The server's chart at its run after the last gesture (the next run takes what the gestures posted),
    against the core; and the stage names the row of every slider moved, at its settled stop."""
    settled = dict(plan.moves)
    alpha, rho1 = settled.get(ALPHA, plan.alpha), settled.get(RHO1, RHO1_DEFAULT)
    adam = optimizers.get("adam", alpha=alpha, rho1=rho1)
    traj = optimizers.run(adam, landscapes.get("rosenbrock"), plan.start, 1000)
    try:
        end = path_of(student.figure("plot"), "Adam")[-1]
        entries = {e["key"]: e for e in student.component("stage")["rows"]}
    except KeyError:  # no chart or no stage: a section failed
        return False
    named = all(
        entries[k]["url"] is not None and entries[k]["values"][entries[k]["index"]] == v for k, v in settled.items()
    )
    return named and bool(np.allclose(end, traj.last, rtol=1e-5, atol=1e-5))


def bare_chart_is_right(student: Student, plan: Plan) -> bool:
    figure = next(e for e in student.elements.values() if e.WhichOneof("type") == "plotly_chart")
    trace = json.loads(figure.plotly_chart.spec)["data"][0]
    x, y = decode(trace["x"]), decode(trace["y"])
    return bool(np.allclose(y, np.sin(plan.moves[-1][1] * x), atol=1e-9))


def move_bare(s: Student, key: str, value: float, result: Result):
    return s.set(key, double_array_value=[value])


async def fetch_rows(s: Student, fetched: set[str], result: Result) -> int:
    """Fetch, all at once, every row the stage names that this student has not fetched yet; how many.
    A page without the stage (a section that failed) counts as a failed fetch. What stage.js holds is
    then the page's: its link, its rows, its notes."""
    try:
        stage = s.component("stage")
    except KeyError:
        result.rows_failed += 1
        return 0
    named = [e["url"] for e in stage["rows"] if e["url"]]
    urls = [url for url in named if url not in fetched]
    fetched.update(urls)
    bodies = await asyncio.gather(*(http_get(s, url) for url in urls), return_exceptions=True)
    for url, body in zip(urls, bodies, strict=True):
        row = None if isinstance(body, BaseException) else json.loads(gzip.decompress(body))
        if row is None or row.get("stops") is None:
            result.rows_failed += 1
        else:
            s.rows[url] = row
            result.row_bytes[-1] += len(body)  # the file as served: gzipped
    hold_page(s, stage)
    return len(urls)


async def open_page(url: str, s: Student, plan: Plan, app: App, result: Result, fetched: set[str]) -> bool:
    try:
        asked = time.perf_counter()
        run = await s.open(plan.query)
        result.opened.append(run.latency)
        if app.rows:  # as the browser does once the stage is drawn
            result.row_bytes.append(0)
            await fetch_rows(s, fetched, result)
            result.rows_ready.append(time.perf_counter() - asked)
        s.timeout = MOVE_WAIT
        return True
    except (TimeoutError, OSError):
        result.unanswered += len(plan.moves) + 1
        return False


async def student(url: str, plan: Plan, app: App, think: float, result: Result, ready, go, moved, check) -> None:
    fetched: set[str] = set()
    async with Student(url, timeout=OPEN_WAIT) as s:
        s.rows = {}  # the rows in hand, by URL
        try:
            done = await gestures(url, s, plan, app, think, result, ready, go, fetched)
        finally:
            moved.release()  # the hall's CPU per gesture is read once every student is done
        await check.wait()
        if not done:
            return
        try:
            if app.rows:
                await s.rerun()  # the session's next run (any setting, a reload) takes the posted values
        except (TimeoutError, OSError):
            result.unanswered += 1
            return
        if not app.check(s, plan):
            result.wrong += 1


async def gestures(
    url: str, s: Student, plan: Plan, app: App, think: float, result: Result, ready, go, fetched
) -> bool:
    """The student's first page, then its gestures; False where a page or a gesture went unanswered."""
    try:
        opened = await open_page(url, s, plan, app, result, fetched)
    finally:
        ready.release()  # the hall waits for every student's first page, answered or not
    if not opened:
        return False
    await go.wait()
    await asyncio.sleep(random.uniform(0, think))  # students do not all move at the same instant
    for key, value in plan.moves:
        try:
            run = await app.move(s, key, value, result)
            if app.rows and run.status != "posted":
                await fetch_rows(s, fetched, result)  # a run names the rows of its view
        except (TimeoutError, OSError, httpx2.HTTPError):
            result.unanswered += 1
            return False
        except KeyError:  # the page has no stage: its section failed (the server's log says why)
            result.broken += 1
            return False
        result.latencies.append(run.latency)
        result.bytes.append(run.bytes)
        result.posted += run.status == "posted"
        await asyncio.sleep(think * random.uniform(0.75, 1.25))
    return True


async def hall(url: str, pid: int, plans: list[Plan], app: App, think: float) -> dict:
    result = Result()
    ready, go, moved, check = asyncio.Semaphore(0), asyncio.Event(), asyncio.Semaphore(0), asyncio.Event()
    before = rss_mb(pid)
    tasks = [asyncio.create_task(student(url, p, app, think, result, ready, go, moved, check)) for p in plans]
    for _ in plans:
        await ready.acquire()
    connected = rss_mb(pid)
    cpu, started = cpu_seconds(pid), time.perf_counter()
    go.set()
    for _ in plans:
        await moved.acquire()
    cpu = cpu_seconds(pid) - cpu
    seconds = time.perf_counter() - started
    check.set()
    await asyncio.gather(*tasks)
    moves = max(1, len(result.latencies))
    return {
        "p50": percentile(result.latencies, 0.5),
        "p95": percentile(result.latencies, 0.95),
        "unanswered": result.unanswered,
        "wrong": result.wrong,
        "cpu_ms": 1e3 * cpu / moves,
        "posted": result.posted / moves,
        "kb": statistics.mean(result.bytes or [0]) / 1e3,
        "row_kb": statistics.mean(result.row_bytes or [0]) / 1e3,
        "rows_failed": result.rows_failed,
        "broken": result.broken,
        "rows_p50": percentile(result.rows_ready, 0.5),
        "rows_p95": percentile(result.rows_ready, 0.95),
        "new_row_p50": percentile(result.new_row_ready, 0.5),
        "new_row_p95": percentile(result.new_row_ready, 0.95),
        "mb_per_student": (max(connected, rss_mb(pid)) - before) / len(plans),
        "rss_before": before,
        "rss_connected": connected,
        "rss": rss_mb(pid),
        "seconds": seconds,
        "open_p50": percentile(result.opened, 0.5),
        "open_p95": percentile(result.opened, 0.95),
    }


def percentile(values: list[float], q: float) -> float:
    """The q-quantile of what was measured, one of the measured values (NaN if none)."""
    ordered = sorted(values) or [float("nan")]
    return ordered[round(q * (len(ordered) - 1))]


async def warm(url: str) -> None:
    """A first visit imports and caches what a deployed app has after its first student."""
    async with Student(url) as s:
        await s.open("")


BARE = (bare_plans, move_bare, bare_chart_is_right)
APPS = (
    App("Landscape Lab", ROOT / "app.py", lab_plans, move_lab, lab_chart_is_right, rows=True),
    App("bare one-chart app", ROOT / "bench" / "bare_app.py", *BARE, rows=False),
    App("bare app, Nagle off", ROOT / "bench" / "bare_app_nodelay.py", *BARE, rows=False),
)
# --no-workers: the app with every run in the server's one interpreter, as before ui/cores.py
ONE_PROCESS = App(
    "Lab, no workers", ROOT / "app.py", lab_plans, move_lab, lab_chart_is_right, True, (("LANDSCAPE_LAB_WORKERS", "0"),)
)


def measure(app: App, n: int, args: argparse.Namespace) -> dict:
    with streamlit_server(app.script, options=args.options.split(), env=dict(app.env)) as url:  # fresh per size
        asyncio.run(warm(url))
        plans = app.plans(n, args.moves, args.follow, random.Random(n), args.new_row)
        r = asyncio.run(hall(url, url.pid, plans, app, args.think))
    rows = ""
    if app.rows:
        rows = (
            f"rows {r['row_kb']:6.1f} KB/student (failed {r['rows_failed']}), in hand p50 {r['rows_p50']:5.2f} s "
            f"p95 {r['rows_p95']:5.2f} s  "
        )
    if args.new_row:
        rows += f"new row in hand p50 {r['new_row_p50']:5.2f} s p95 {r['new_row_p95']:5.2f} s  "
    print(
        f"{app.label:<20} {n:>4} students: p50 {r['p50']:6.2f} s  p95 {r['p95']:6.2f} s  "
        f"unanswered {r['unanswered']:>3}  wrong charts {r['wrong']}  no stage {r['broken']}  "
        f"CPU/gesture {r['cpu_ms']:6.1f} ms  "
        f"{r['kb']:6.1f} KB/gesture (WebSocket)  {rows}{r['mb_per_student']:5.2f} MB/student  first page p50 "
        f"{r['open_p50']:5.2f} s p95 {r['open_p95']:5.2f} s  "
        f"RSS {r['rss_before']:.0f} -> {r['rss_connected']:.0f} -> {r['rss']:.0f} MB  ({r['seconds']:.0f} s)",
        flush=True,
    )
    return r


def latency(r: dict) -> str:
    missing = f" ({r['unanswered']} unanswered)" if r["unanswered"] else ""
    return f"{r['p50']:.2f} / {r['p95']:.2f} s{missing}"


def table(rows: dict, students: list[int]) -> None:
    print(
        "\n| students | a gesture (ours: one settle) or a move (bare), p50 / p95: ours | bare app | "
        "bare app, Nagle off | server CPU per gesture / per bare move / Nagle off | "
        "KB per gesture over the WebSocket: ours / bare | rows per student, gzipped over HTTP | "
        "server memory per student: ours / bare | first page, all opened at once, p50 / p95: ours / bare |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n in students:
        a, b, c = (rows[app.label, n] for app in APPS)
        print(
            f"| {n} | {latency(a)} | {latency(b)} | {latency(c)} | "
            f"{a['cpu_ms']:.0f} / {b['cpu_ms']:.0f} / {c['cpu_ms']:.0f} ms | {a['kb']:.0f} / {b['kb']:.0f} | "
            f"{a['row_kb']:.0f} KB | {a['mb_per_student']:.1f} / {b['mb_per_student']:.1f} MB | "
            f"{a['open_p50']:.1f} / {a['open_p95']:.1f} s / {b['open_p50']:.1f} / {b['open_p95']:.1f} s |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, nargs="+", default=[10, 30, 60, 120, 200])
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--follow", action="store_true", help="the whole hall makes the same gestures")
    parser.add_argument("--new-row", action="store_true", help="one gesture each on Adam's ρ₁, a row not yet made")
    parser.add_argument("--options", default="", help="more server flags, for every app, in one string")
    parser.add_argument("--no-workers", action="store_true", help="also the app without its worker processes")
    args = parser.parse_args()
    apps = (*APPS, ONE_PROCESS) if args.no_workers else APPS
    rows = {(app.label, n): measure(app, n, args) for app in apps for n in args.students}
    table(rows, args.students)


if __name__ == "__main__":
    main()
