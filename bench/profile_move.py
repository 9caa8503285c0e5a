"""Where a slider move's server time goes: py-spy samples the server while one student moves the α slider.

    python bench/profile_move.py [--moves 300] [--app path/to/app.py] [--bare]
                                 [--options="--runner.postScriptGC=true ..."]

Needs py-spy (``pip install py-spy``; it reads the server's memory, so run it as root or with ptrace
allowed). One student speaks Streamlit's protocol (tests/protocol.py), opens the PR4 page, warms the
caches, then moves Adam's α between two stops ``--moves`` times while py-spy samples every thread of the
server: on the stage (ui/stage.py), so each move is a gesture's one settle, told as the page tells it: a
POST to the settle route, no script run (ui/settles.py; ``--run`` tells it by the component's state
instead, the view rerun for it, as where the page shows more of α than the stage draws). Prints the
server's CPU per move (from /proc) and the sampled time per move by what it was spent on; ``--app``
profiles another checkout's app.py (the same server config), ``--bare`` the bare one-chart app
(bench/bare_app.py) moving its slider the same way; ``--options`` are more server flags (an old
checkout's own config: ``--runner.postScriptGC=true --server.fileWatcherType=auto``).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import cpu_seconds, streamlit_server  # noqa: E402
from tests.protocol import Student  # noqa: E402

RATE = 500  # samples per second
OURS = re.compile(r"[(/](?:app\.py|ui/|viz/|optimizers/|landscapes/|parameters\.py|bare_app\.py)")


def category(frames: list[str]) -> str:
    """What a sampled stack (root first) was doing, in the words of the README's profile table."""
    thread = frames[0]
    if "MainThread" in thread:
        if any("send" in f and ("websocket" in f.lower() or "transport" in f.lower()) for f in frames):
            return "event loop: sending the messages"
        return "event loop: receiving the move, waking up, queueing"
    ours = next((k for k, f in enumerate(frames) if OURS.search(f)), None)
    if ours is None:
        return "Streamlit's script runner: start, session state, finish"
    below = frames[ours:]
    if any("streamlit/" in f for f in below):
        return "Streamlit elements called by the page: building and queueing its messages"
    if any(re.search(r"[(/]viz/", f) for f in below):
        return "the page's code: figures (viz)"
    if any(re.search(r"[(/](?:optimizers|landscapes)/|runs\.py", f) for f in below):
        return "the page's code: runs and their caches"
    return "the page's code: settings, views, text"


def summary(raw: Path, moves: int) -> list[tuple[str, float]]:
    """py-spy's raw (collapsed) stacks -> milliseconds per move for each category."""
    spent: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        spent[category(stack.split(";"))] += int(count)
    return [(name, 1e3 * n / RATE / moves) for name, n in spent.most_common()]


async def moving(url: str, pid: int, key: str, values: list, kind: str, moves: int, out: Path) -> float:
    async with Student(url) as student:
        await student.open("")

        async def move(value) -> None:
            if kind == "post":  # Adam's α is on the stage: a gesture's one settle, POSTed
                await student.post_settle({key: float(value)})
            elif kind == "stage":  # the same settle told by the component's state: a run
                await student.stage({key: float(value)})
            else:
                await student.set(key, **{kind: [value]})

        for value in values * 3:  # the caches a deployed page has after its first visitors
            await move(value)
        spy = subprocess.Popen(
            [
                "py-spy",
                "record",
                "--pid",
                str(pid),
                "--rate",
                str(RATE),
                "--format",
                "raw",
                "--threads",
                "--nonblocking",
                "--output",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        await asyncio.sleep(1.0)  # py-spy attached
        started = cpu_seconds(pid)
        for i in range(moves):
            await move(values[i % 2])
        cpu = (cpu_seconds(pid) - started) / moves
        spy.send_signal(2)  # py-spy writes its samples on SIGINT
        spy.wait(60)
        return cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=300)
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    parser.add_argument("--bare", action="store_true", help="profile bench/bare_app.py instead")
    parser.add_argument("--run", action="store_true", help="settle by the component's state (a script run)")
    parser.add_argument("--options", default="", help="more server flags, in one string")
    args = parser.parse_args()
    app, key, values, kind = args.app, "adam.alpha", ["0.07", "0.1"], "stage" if args.run else "post"
    if args.bare:
        app, key, values, kind = ROOT / "bench" / "bare_app.py", "a", [0.3, 0.4], "double_array_value"
    with tempfile.TemporaryDirectory() as folder, streamlit_server(app, options=args.options.split()) as url:
        raw = Path(folder) / "samples.txt"
        cpu = asyncio.run(moving(url, url.pid, key, values, kind, args.moves, raw))
        rows = summary(raw, args.moves)
    print(f"{app}: {1e3 * cpu:.1f} ms of server CPU per slider move ({args.moves} moves, one student)")
    print(f"sampled (py-spy adds its own overhead): {sum(ms for _, ms in rows):.1f} ms per move")
    for name, ms in rows:
        print(f"  {ms:6.2f} ms  {name}")


if __name__ == "__main__":
    main()
