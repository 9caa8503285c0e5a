"""A lecture hall on one server: N simulated students, side by side with a bare one-chart Streamlit app.

    python bench/bench_hall.py [--students 10 30 60 120 200] [--moves 5] [--think 2] [--follow]
                               [--options="--runner.postScriptGC=true ..."]

No browsers: each student speaks Streamlit's own WebSocket protocol (tests/protocol.py), as a
browser tab does, so every figure is the server's. Each student opens its own link (its own start and
its own α for Adam), waits for the page, then moves the α slider one stop every ``--think`` seconds
(with a little jitter), ``--moves`` times. With ``--follow`` the whole hall opens the same link and
makes the same moves, as when it follows the lecturer. At the end every student's chart is checked
against the core: its Adam path must end where ``optimizers.run`` says it does for its own start and α.

The bare app (bench/bare_app.py: one slider and one Plotly line of 1000 points) runs on the same
server config in the same run; its students open it and move its slider the same way. So does the bare
app with its sockets sending at once (bench/bare_app_nodelay.py, the fix of ui/network.py), which shows
what that fix alone is worth.

Per N it prints: the p50 / p95 latency of a move (request sent -> the rerun's last message), moves
left unanswered, server CPU per move (from /proc, over the moving phase), bytes received per move,
the server's memory per student (RSS with the students connected minus RSS before them), and how long
the first page took, the whole hall opening its links at the same moment (each waits up to
OPEN_WAIT for it; a move unanswered for MOVE_WAIT counts as unanswered).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import landscapes  # noqa: E402
import optimizers  # noqa: E402
from tests.browser import cpu_seconds, rss_mb, streamlit_server  # noqa: E402
from tests.protocol import Student, decode, path_of  # noqa: E402
from ui import options  # noqa: E402

ALPHAS = options.grid(optimizers.spec("adam").hyperparameters[0])
BARE_VALUES = [round(0.3 + 0.01 * i, 2) for i in range(60)]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)
    unanswered: int = 0
    wrong: int = 0
    opened: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """What one student does: the link it opens and the values it moves the slider to."""

    query: str
    moves: tuple[str, ...]
    start: tuple[float, float] = (-1.5, 2.5)


def lab_plans(n: int, moves: int, follow: bool, rng: random.Random) -> list[Plan]:
    plans = []
    for _ in range(n):
        if follow:
            start, first = (-1.5, 2.5), ALPHAS.index(0.1)
            rng_student = random.Random(0)
        else:
            start = (round(rng.uniform(-1.9, 2.9), 2), round(rng.uniform(-1.9, 2.9), 2))
            first = rng.randrange(3, len(ALPHAS) - 3)
            rng_student = rng
        path, i = [], first
        for _ in range(moves):
            i = min(max(i + rng_student.choice((-1, 1)), 0), len(ALPHAS) - 1)
            path.append(options.label(ALPHAS[i]))
        query = f"opt=sgd,momentum,adam&adam.alpha={ALPHAS[first]}&x0={start[0]}&y0={start[1]}&steps=1000"
        plans.append(Plan(query, tuple(path), start))
    return plans


def bare_plans(n: int, moves: int, follow: bool, rng: random.Random) -> list[Plan]:
    plans = []
    for _ in range(n):
        r = random.Random(0) if follow else rng
        plans.append(Plan("", tuple(str(r.choice(BARE_VALUES)) for _ in range(moves))))
    return plans


def lab_chart_is_right(student: Student, plan: Plan) -> bool:
    alpha = float(plan.moves[-1])
    traj = optimizers.run(optimizers.get("adam", alpha=alpha), landscapes.get("rosenbrock"), plan.start, 1000)
    end = path_of(student.figure("plot"), "Adam")[-1]
    return bool(np.allclose(end, traj.last, rtol=1e-5, atol=1e-5))


def bare_chart_is_right(student: Student, plan: Plan) -> bool:
    figure = next(e for e in student.elements.values() if e.WhichOneof("type") == "plotly_chart")
    trace = json.loads(figure.plotly_chart.spec)["data"][0]
    x, y = decode(trace["x"]), decode(trace["y"])
    return bool(np.allclose(y, np.sin(float(plan.moves[-1]) * x), atol=1e-9))


def move_lab(s: Student, value: str):
    return s.set("adam.alpha", strings=[value])  # a select-slider sends its label


def move_bare(s: Student, value: str):
    return s.set("a", double_array_value=[float(value)])


OPEN_WAIT = 300  # seconds a student waits for its first page: a whole hall opening at once queues
MOVE_WAIT = 90  # seconds before a move counts as unanswered


async def student(url: str, plan: Plan, move, think: float, result: Result, check, ready, go) -> None:
    async with Student(url, timeout=OPEN_WAIT) as s:
        try:
            run = await s.open(plan.query)
            result.opened.append(run.latency)
            s.timeout = MOVE_WAIT
        except (TimeoutError, OSError):
            result.unanswered += len(plan.moves) + 1
            ready.release()
            return
        ready.release()
        await go.wait()
        await asyncio.sleep(random.uniform(0, think))  # students do not all move at the same instant
        for value in plan.moves:
            try:
                run = await move(s, value)
            except (TimeoutError, OSError):
                result.unanswered += 1
                return
            result.latencies.append(run.latency)
            result.bytes.append(run.bytes)
            await asyncio.sleep(think * random.uniform(0.75, 1.25))
        if not check(s, plan):
            result.wrong += 1


async def hall(url: str, pid: int, plans: list[Plan], move, think: float, check) -> dict:
    result = Result()
    ready, go = asyncio.Semaphore(0), asyncio.Event()
    before = rss_mb(pid)
    tasks = [asyncio.create_task(student(url, p, move, think, result, check, ready, go)) for p in plans]
    for _ in plans:
        await ready.acquire()
    connected = rss_mb(pid)
    cpu, started = cpu_seconds(pid), time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    moves = max(1, len(result.latencies))
    return {
        "p50": percentile(result.latencies, 0.5),
        "p95": percentile(result.latencies, 0.95),
        "unanswered": result.unanswered,
        "wrong": result.wrong,
        "cpu_ms": 1e3 * (cpu_seconds(pid) - cpu) / moves,
        "kb": statistics.mean(result.bytes or [0]) / 1e3,
        "mb_per_student": (max(connected, rss_mb(pid)) - before) / len(plans),
        "rss_before": before,
        "rss_connected": connected,
        "rss": rss_mb(pid),
        "seconds": time.perf_counter() - started,
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, nargs="+", default=[10, 30, 60, 120, 200])
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--follow", action="store_true", help="the whole hall makes the same moves")
    parser.add_argument("--options", default="", help="more server flags, for every app, in one string")
    args = parser.parse_args()
    apps = (
        ("Landscape Lab", ROOT / "app.py", lab_plans, move_lab, lab_chart_is_right),
        ("bare one-chart app", ROOT / "bench" / "bare_app.py", bare_plans, move_bare, bare_chart_is_right),
        ("bare app, Nagle off", ROOT / "bench" / "bare_app_nodelay.py", bare_plans, move_bare, bare_chart_is_right),
    )
    rows = {}
    for label, app, plans_of, move, check in apps:
        for n in args.students:
            with streamlit_server(app, options=args.options.split()) as url:  # a fresh server per hall size
                asyncio.run(warm(url))
                plans = plans_of(n, args.moves, args.follow, random.Random(n))
                rows[label, n] = asyncio.run(hall(url, url.pid, plans, move, args.think, check))
                r = rows[label, n]
                print(
                    f"{label:<20} {n:>4} students: p50 {r['p50']:6.2f} s  p95 {r['p95']:6.2f} s  "
                    f"unanswered {r['unanswered']:>3}  wrong charts {r['wrong']}  CPU/move {r['cpu_ms']:6.1f} ms  "
                    f"{r['kb']:6.1f} KB/move  {r['mb_per_student']:5.2f} MB/student  first page p50 "
                    f"{r['open_p50']:5.2f} s p95 {r['open_p95']:5.2f} s  "
                    f"RSS {r['rss_before']:.0f} -> {r['rss_connected']:.0f} -> {r['rss']:.0f} MB",
                    flush=True,
                )
    print(
        "\n| students | latency of a move p50 / p95: ours | bare app | bare app, Nagle off | "
        "server CPU per move: ours / bare / Nagle off | KB per move: ours / bare | "
        "server memory per student: ours / bare | first page, all opened at once, p50 / p95: ours / bare |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in args.students:
        a, b, c = (rows[label, n] for label, *_ in apps)

        def latency(r: dict) -> str:
            missing = f" ({r['unanswered']} unanswered)" if r["unanswered"] else ""
            return f"{r['p50']:.2f} / {r['p95']:.2f} s{missing}"

        print(
            f"| {n} | {latency(a)} | {latency(b)} | {latency(c)} | "
            f"{a['cpu_ms']:.0f} / {b['cpu_ms']:.0f} / {c['cpu_ms']:.0f} ms | {a['kb']:.0f} / {b['kb']:.0f} | "
            f"{a['mb_per_student']:.1f} / {b['mb_per_student']:.1f} MB | "
            f"{a['open_p50']:.1f} / {a['open_p95']:.1f} s / {b['open_p50']:.1f} / {b['open_p95']:.1f} s |"
        )


if __name__ == "__main__":
    main()
