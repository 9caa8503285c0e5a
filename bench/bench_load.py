"""A lecture hall on one server: N real Chromium sessions moving their sliders at the same time.

    python bench/bench_load.py [--sessions 10 20] [--moves 3]

Prints, per load: redraw latency p50 / p95 (key press -> the session's own new chart drawn), the
server's resident memory per session, and the server's CPU time per run of the page. The browsers
run on the same 2 cores as the server, so the latencies include rendering N pages at once: an upper
bound for what a student's own laptop sees.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import optimizers  # noqa: E402
from tests.browser import cpu_seconds, many_sessions, rss_mb, streamlit_server  # noqa: E402
from ui.options import options  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, nargs="+", default=[10])
    parser.add_argument("--moves", type=int, default=3)
    args = parser.parse_args()
    grid = options(optimizers.spec("adam").hyperparameters[0])
    for n in args.sessions:
        alphas = [grid[len(grid) - 3 - (i % (len(grid) - 4))] for i in range(n)]
        with streamlit_server() as url:
            idle, cpu = rss_mb(url.pid), cpu_seconds(url.pid)
            results = asyncio.run(many_sessions(url, alphas, args.moves))
            loaded, cpu = rss_mb(url.pid), cpu_seconds(url.pid) - cpu
        latencies = [t for r in results for t in r["latencies"]]
        print(
            f"{n:>3} sessions x {args.moves} moves: redraw p50 {statistics.median(latencies) * 1e3:6.0f} ms, "
            f"p95 {np.percentile(latencies, 95) * 1e3:6.0f} ms; server {idle:.0f} MB idle, {loaded:.0f} MB "
            f"with them: {(loaded - idle) / n:.1f} MB per session; server CPU {cpu:.1f} s in all, "
            f"{cpu / (n * (args.moves + 1)) * 1e3:.0f} ms per page run"
        )


if __name__ == "__main__":
    main()
