"""The most expensive link a visitor can send within the page's limits, and memory after many of them.

    python bench/bench_attack.py [--random 60] [--heavy 300]
    python bench/bench_attack.py --clear-cache [--moves 40] [--clear-rate 10]
    python bench/bench_attack.py --files
    python bench/bench_attack.py --peaks --pair --links 1000   # memory: per request, two at once, many links
    python bench/bench_attack.py --first-pages 100 --also REV   # a new link's first page, now and at REV

Against one server, over Streamlit's own protocol (tests/protocol.py), each link opened by a fresh
session with its own start point (so no cache answers it): first the default page (the yardstick),
then a list of links built to be expensive (every view at its most, all optimizers, the costliest
formula found within the formula limits) and ``--random`` random ones. For each it prints the server's
CPU time for that one request as a multiple of the default page's. Then ``--heavy`` distinct heavy
links are sent one after another and the server's memory is printed.

``--clear-cache`` measures one row instead: a script sends Streamlit's ``clear_cache`` message
``--clear-rate`` times a second while a bystander moves Adam's α slider ``--moves`` times; the
bystander's move latency and the server's CPU per move, without and with the attack, on this app and on
the same app with its guard off (``LANDSCAPE_LAB_UNGUARDED=1``, ui/guard.py), in the same run.

``--files``: bursts of download requests from one connection (40 of the GIF, 200 of the CSV of the
heaviest paths page: 16 optimizers on the regression, as many steps as the cost model allows) while a
bystander moves a slider: the server's CPU for the bursts in default pages, and the bystander's moves.

Memory (each on a fresh server, warmed by the default page): ``--peaks`` prints how much each heavy view
raises the server's peak memory (VmHWM, reset through /proc/<pid>/clear_refs just before the request);
``--pair`` the whole server's peak while two of the heaviest views are opened at once (PAIRS);
``--links N`` the server's memory after N distinct cheap links (each its own start point, so each fills
a row of the cache). With any of these flags only those are measured.

``--first-pages N --also REV``: the server CPU of a new link's first page (the default page from a start
of its own, so no cache answers it) on this checkout's server and on commit REV's (``git archive``), both
running at once, each link opened on one and then the other (which first alternates), N links, each on a
quiet server: ``--pause`` seconds (default 1) after the last page, as a lecturer opens a new link. With
``--pause 0`` the pages come back to back, a server busy with them, which then makes its rows in its
worker processes (``ui.cores.worth_a_worker``).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402

import landscapes  # noqa: E402
import optimizers  # noqa: E402
from bench.revision import app_at  # noqa: E402
from landscapes.expression import formula  # noqa: E402
from landscapes.reading import FUNCTIONS, MAX_LENGTH  # noqa: E402
from tests.browser import cpu_seconds, rss_mb, streamlit_server  # noqa: E402
from tests.protocol import Student  # noqa: E402
from ui import options  # noqa: E402
from ui.guard import OFF  # noqa: E402
from ui.views import VIEWS  # noqa: E402

ALL = ",".join(optimizers.names())


def costliest_formula(rng: random.Random, tries: int = 3000) -> str:
    """Random formulas within the limits; the one whose gradient takes the most NumPy calls."""
    best, best_ops = "x", 0
    leaves = ["x", "y", "x*y", "(x+y)", "(x-y)", "2", "0.5"]
    for _ in range(tries):
        text = rng.choice(leaves)
        while True:
            grown = rng.choice(
                [f"{rng.choice(FUNCTIONS)}({text})", f"({text})*{rng.choice(leaves)}", f"({text})*sin({text})"]
            )
            if len(grown) > MAX_LENGTH:
                break
            text = grown
        try:
            ops = len(formula(text).grad.steps)
        except ValueError:
            continue
        if ops > best_ops:
            best, best_ops = text, ops
    return best


def links(rng: random.Random, count: int, heavy_formula: str) -> list[dict[str, str]]:
    built = [
        {"opt": ALL, "steps": "5000"},
        {"opt": ALL, "steps": "5000", "view": "surface"},
        {"opt": ALL, "steps": "5000", "view": "starts"},
        {"opt": ALL, "steps": "5000", "view": "pr3"},
        {"steps": "5000", "view": "sweep", "sweep.opt": "nadam", "opt": "nadam"},
        {"opt": "adam,amsgrad", "steps": "5000", "view": "reddi"},
        {"preset": "rotation", "opt": ALL, "steps": "5000"},
        {"f": "custom", "expr": heavy_formula, "opt": ALL, "steps": "5000"},
        {"f": "custom", "expr": heavy_formula, "opt": ALL, "steps": "5000", "view": "starts"},
        {"f": "custom", "expr": heavy_formula, "opt": "nadam", "steps": "5000", "view": "sweep"},
        {"f": "custom", "expr": heavy_formula, "opt": ALL, "steps": "5000", "noise": "3", "seed": "1"},
    ]
    for _ in range(count):
        chosen = rng.sample(optimizers.names(), rng.randint(1, len(optimizers.names())))
        link = {"opt": ",".join(chosen), "steps": str(rng.choice([1000, 2000, 5000])), "view": rng.choice(list(VIEWS))}
        if rng.random() < 0.5:
            link |= {"f": "custom", "expr": heavy_formula}
        else:
            link |= {"f": rng.choice(landscapes.names())}
        built.append(link)
    return built


async def cost(url: str, pid: int, link: dict[str, str], rng: random.Random) -> float:
    """Server CPU seconds for one fresh session opening ``link`` from its own start point."""
    if "x0" not in link and link.get("view") not in ("reddi", "memory"):
        window = (-1.9, 1.9) if link.get("f") == "custom" else (-1.5, 1.5)
        link = link | {"x0": f"{rng.uniform(*window):.3f}", "y0": f"{rng.uniform(*window):.3f}"}
    async with Student(url, timeout=300) as s:
        before = cpu_seconds(pid)
        run = await s.open(urlencode(link))
        spent = cpu_seconds(pid) - before
    if run.exceptions or run.status != "ok":
        print("  (the page did not finish cleanly:", run.status, run.exceptions[:1], ")")
    return spent


async def clear_caches(url: str, rate: float, stop: asyncio.Event) -> int:
    """A script repeating ``clear_cache`` ``rate`` times a second until ``stop``; how many it sent."""
    sent = 0
    async with Student(url) as s:
        await s.open("")
        while not stop.is_set():
            await s.send(BackMsg(clear_cache=True))
            sent += 1
            await asyncio.sleep(1 / rate)
    return sent


async def bystander(url: str, pid: int, moves: int, rate: float | None) -> tuple[list[float], float]:
    """A student moving Adam's α one stop back and forth, 0.2 s apart, while a script clears the caches
    ``rate`` times a second (none if None): each move's latency, and the server's CPU per move."""
    stops = [options.label(a) for a in options.grid(optimizers.spec("adam").hyperparameters[0])][10:12]
    stop = asyncio.Event()
    async with Student(url, timeout=300) as s:
        await s.open("x0=-1.2&y0=2.2")  # its own start: the first page computes every α stop's path
        attack = asyncio.create_task(clear_caches(url, rate, stop)) if rate else None
        await asyncio.sleep(1.0)
        latencies, before = [], cpu_seconds(pid)
        for i in range(moves):
            latencies.append((await s.set("adam.alpha", strings=[stops[i % 2]])).latency)
            await asyncio.sleep(0.2)
        spent = cpu_seconds(pid) - before
        stop.set()
        if attack is not None:
            await attack
    return latencies, spent / moves


def clear_cache_row(moves: int, rate: float) -> None:
    """The bystander's moves with and without a script clearing the caches, guard on and off."""
    print(f"a bystander's {moves} α moves; a script sends clear_cache {rate:g} times a second")
    for label, env in (("guard on (this app)", {}), ("guard off", {OFF: "1"})):
        with streamlit_server(env=env) as url:
            asyncio.run(cost(url, url.pid, {}, random.Random(0)))  # imports and first caches, as after a deploy
            for attacked in (None, rate):
                latencies, cpu = asyncio.run(bystander(url, url.pid, moves, attacked))
                p50, p95 = (statistics.quantiles(latencies, n=20)[i] for i in (9, 18))
                what = "under attack" if attacked else "no attack   "
                print(
                    f"  {label:<20} {what}: move p50 {p50 * 1e3:5.0f} ms, p95 {p95 * 1e3:5.0f} ms, "
                    f"server CPU {cpu * 1e3:5.0f} ms per move"
                )


FILES_LINK = {"f": "regression", "opt": ALL, "steps": "5000", "batch": "8"}


async def moving_meanwhile(url: str, stop: asyncio.Event) -> list[float]:
    """A student moving Adam's α one stop every 0.3 s until ``stop``: the latency of each move."""
    latencies = []
    async with Student(url, timeout=300) as s:
        await s.open("opt=adam&steps=300&x0=0.5&y0=0.5")
        alphas = ["0.05", "0.1"]
        while not stop.is_set():
            run = await s.set("adam.alpha", strings=[alphas[len(latencies) % 2]])
            latencies.append(run.latency)
            await asyncio.sleep(0.3)
    return latencies


async def file_burst(url: str, pid: int, key: str, count: int) -> tuple[float, float, list[float]]:
    """One connection asking ``count`` times for one file of the heaviest paths page, beside a bystander:
    server CPU for the first request, for all the others, and the bystander's move latencies."""
    stop = asyncio.Event()
    watching = asyncio.create_task(moving_meanwhile(url, stop))
    await asyncio.sleep(2)
    async with Student(url, timeout=300) as s:
        await s.open(urlencode(FILES_LINK))
        await s.set("downloads", bool_value=True)
        file_id = s.download_ids()[key]
        before = cpu_seconds(pid)
        await s.download(file_id)
        first = cpu_seconds(pid) - before
        for _ in range(count):
            await s.download(file_id)
        rest = cpu_seconds(pid) - before - first
    stop.set()
    return first, rest, await watching


def files(url: str, pid: int, default: float) -> None:
    """Bursts of download requests, in default pages of server CPU."""
    print(f"\nfile requests from one connection ({FILES_LINK}), a bystander moving a slider meanwhile:")
    for key, count in (("download_gif", 40), ("download_csv", 200)):
        first, rest, moves = asyncio.run(file_burst(url, pid, key, count))
        p50, worst = statistics.median(moves), max(moves)
        print(
            f"  {key}: the first {first:.2f} s ({first / default:.1f} default pages), {count} more {rest:.2f} s "
            f"({rest / default:.1f} default pages); bystander's move p50 {p50:.3f} s, worst {worst:.3f} s"
        )


def status_mb(pid: int, field: str) -> float:
    """A memory figure of a process from /proc (VmRSS: now; VmHWM: its peak since the last reset)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak(pid: int) -> None:
    """Make the process's VmHWM its present resident size (Linux: ``5`` to /proc/<pid>/clear_refs)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


async def opened(url: str, link: dict[str, str]) -> None:
    """One fresh session opens ``link`` and closes."""
    async with Student(url, timeout=600) as s:
        run = await s.open(urlencode(link))
    if run.exceptions or run.status != "ok":
        print("  (the page did not finish cleanly:", run.status, run.exceptions[:1], ")")


def heavy_views(heavy_formula: str) -> dict[str, dict[str, str]]:
    """The views that hold the most memory while they are computed (issue 21's table). The maps take at
    most 1000 steps whatever is asked, and the fewer optimizers, the more steps the cost model allows."""
    typed = {"f": "custom", "expr": heavy_formula, "steps": "5000"}
    return {
        "regression, many starts": {"f": "regression", "view": "starts", "steps": "5000"},
        "after Adam, many starts": {"preset": "after_adam", "view": "starts"},
        "regression, sensitivity": {"f": "regression", "view": "sweep", "steps": "5000", "sweep.opt": "adam"},
        "regression, paths (first contour)": {"f": "regression"},
        "typed function, many starts": typed | {"opt": "adam", "view": "starts"},
        "typed function, paths, all": typed | {"opt": ALL},
    }


PAIRS = (  # issue 21's pair, and the two heaviest typed-function views
    ("regression, many starts", "after Adam, many starts"),
    ("typed function, many starts", "typed function, paths, all"),
)


def memory_per_request(views: dict[str, dict[str, str]]) -> None:
    """How much each view raises a warmed server's peak memory, and its server CPU."""
    print("\npeak memory per request (a fresh server each, warmed by the default page):")
    for name, link in views.items():
        with streamlit_server() as url:
            asyncio.run(opened(url, {}))
            before, cpu = status_mb(url.pid, "VmRSS"), cpu_seconds(url.pid)
            reset_peak(url.pid)
            asyncio.run(opened(url, link))
            peak = status_mb(url.pid, "VmHWM")
            spent = cpu_seconds(url.pid) - cpu
            print(f"  {name:36s} +{peak - before:4.0f} MB (server {before:.0f} -> {peak:.0f} MB), {spent:.2f} s CPU")


def memory_pair(name: str, first: dict[str, str], second: dict[str, str]) -> None:
    """The whole server's peak memory while two heavy views are opened at the same moment."""

    async def both(url: str) -> None:
        await asyncio.gather(opened(url, first), opened(url, second))

    with streamlit_server() as url:
        asyncio.run(opened(url, {}))
        before = status_mb(url.pid, "VmRSS")
        reset_peak(url.pid)
        asyncio.run(both(url))
        print(f"  {name}: server {before:.0f} MB -> peak {status_mb(url.pid, 'VmHWM'):.0f} MB")


def memory_after_links(count: int) -> None:
    """The server's memory after ``count`` distinct cheap links, each its own start (a new row each)."""
    with streamlit_server() as url:
        asyncio.run(opened(url, {}))
        before = status_mb(url.pid, "VmRSS")
        print(f"\n{count} distinct links (?opt=adam&steps=5000&curv=1&x0=...): server {before:.0f} MB before")
        for i in range(count):
            x0 = -1.9 + 3.8 * i / count
            asyncio.run(opened(url, {"opt": "adam", "steps": "5000", "curv": "1", "x0": f"{x0:.4f}"}))
            if (i + 1) % 100 == 0 or i + 1 == count:
                rss, peak = status_mb(url.pid, "VmRSS"), status_mb(url.pid, "VmHWM")
                print(f"  after {i + 1:4d}: {rss:.0f} MB (peak {peak:.0f} MB)")


def memory(args: argparse.Namespace, heavy_formula: str) -> None:
    views = heavy_views(heavy_formula)
    if args.peaks:
        memory_per_request(views)
    if args.pair:
        print("\ntwo heavy views opened at once (a fresh server each, warmed by the default page):")
        for first, second in PAIRS:
            memory_pair(f"{first} + {second}", views[first], views[second])
    if args.links:
        memory_after_links(args.links)


def first_pages(rev: str, count: int, pause: float) -> None:
    """Server CPU of new links' first pages, this checkout's server and REV's, one link to each in turn,
    ``pause`` seconds apart."""
    with app_at(rev) as app, ExitStack() as stack:
        servers = {"now": stack.enter_context(streamlit_server())}
        servers[rev] = stack.enter_context(streamlit_server(app))
        rng = random.Random(5)
        for url in [*servers.values()] * 2:
            asyncio.run(cost(url, url.pid, {}, rng))  # imports and first caches, as after a deploy
        spent: dict[str, list[float]] = {name: [] for name in servers}
        for i in range(count):
            link = {"x0": f"{rng.uniform(-1.5, 1.5):.3f}", "y0": f"{rng.uniform(-1.5, 1.5):.3f}"}
            for name in list(servers)[:: 1 if i % 2 else -1]:
                time.sleep(pause)
                spent[name].append(asyncio.run(cost(servers[name], servers[name].pid, link, rng)))
    for name, times in spent.items():
        print(f"{name}: a new link's first page {statistics.mean(times) * 1e3:.0f} ms of server CPU on average, "
              f"median {statistics.median(times) * 1e3:.0f} ms ({count} links)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--random", type=int, default=60)
    parser.add_argument("--heavy", type=int, default=300)
    parser.add_argument("--clear-cache", action="store_true", help="only the clear_cache row (see the docstring)")
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--clear-rate", type=float, default=10.0)
    parser.add_argument("--files", action="store_true", help="only the bursts of file requests")
    parser.add_argument("--peaks", action="store_true", help="peak memory of each heavy view")
    parser.add_argument("--pair", action="store_true", help="peak memory of two heavy views at once")
    parser.add_argument("--links", type=int, default=0, help="memory after this many distinct links")
    parser.add_argument("--first-pages", type=int, default=0, help="first pages of new links, now and at --also")
    parser.add_argument("--also", default="HEAD", help="the commit --first-pages compares with")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds before each of --first-pages' links")
    args = parser.parse_args()
    if args.first_pages:
        first_pages(args.also, args.first_pages, args.pause)
        return
    if args.clear_cache:
        clear_cache_row(args.moves, args.clear_rate)
        return
    rng = random.Random(9)
    if args.peaks or args.pair or args.links:
        memory(args, costliest_formula(rng) if args.peaks else "x")
        return
    heavy_formula = costliest_formula(rng)
    print(f"costliest formula found: {heavy_formula!r} ({len(formula(heavy_formula).grad.steps)} NumPy calls)")
    with streamlit_server() as url:
        asyncio.run(cost(url, url.pid, {}, rng))  # imports and first caches, as after a deploy
        default = statistics.median(asyncio.run(cost(url, url.pid, {}, rng)) for _ in range(5))
        print(f"default page: {default * 1e3:.0f} ms of server CPU (median of 5 fresh sessions)")
        if args.files:
            files(url, url.pid, default)
            return
        results = []
        for link in links(rng, args.random, heavy_formula):
            spent = asyncio.run(cost(url, url.pid, link, rng))
            results.append((spent, link))
        results.sort(key=lambda r: -r[0])
        print("\nthe most expensive links found, as multiples of the default page:")
        for spent, link in results[:8]:
            shown = {k: (v[:30] + "…" if len(v) > 30 else v) for k, v in link.items()}
            print(f"  {spent / default:5.1f}x  {spent:6.2f} s  {shown}")
        before = rss_mb(url.pid)
        heavy = [r[1] for r in results[:20]]
        for i in range(args.heavy):
            asyncio.run(cost(url, url.pid, rng.choice(heavy), rng))
            if (i + 1) % 100 == 0:
                print(f"after {i + 1} distinct heavy links: server memory {rss_mb(url.pid):.0f} MB")
        print(f"memory: {before:.0f} MB before the heavy links, {rss_mb(url.pid):.0f} MB after {args.heavy}")


if __name__ == "__main__":
    main()
