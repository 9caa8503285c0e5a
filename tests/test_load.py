"""A lecture hall at once: 10 real browser sessions on one server, each moving its own slider."""

import asyncio
import statistics

import numpy as np
import pytest

import landscapes
import optimizers
from tests.browser import many_sessions, require_chromium, rss_mb, streamlit_server
from ui.options import options

pytestmark = [pytest.mark.load, pytest.mark.timeout(600)]
SESSIONS = 10


def test_every_session_gets_its_own_correct_chart():
    require_chromium()
    alpha_grid = options(optimizers.spec("adam").hyperparameters[0])
    alphas = alpha_grid[-SESSIONS - 2 : -2]  # ten different α, each with a stop below it on the slider
    with streamlit_server() as url:
        idle = rss_mb(url.pid)
        results = asyncio.run(many_sessions(url, alphas, moves=3))
        loaded = rss_mb(url.pid)
    rosenbrock = landscapes.get("rosenbrock")
    for result in results:
        # three stops down the log grid from where this student started
        expected_alpha = alpha_grid[alpha_grid.index(result["alpha"]) - 3]
        assert result["shown_alpha"] == pytest.approx(expected_alpha)
        traj = optimizers.run(optimizers.get("adam", alpha=expected_alpha), rosenbrock, rosenbrock.start, 300)
        xs, ys = result["path"]
        np.testing.assert_allclose([xs[-1], ys[-1]], traj.points[-1], rtol=1e-5, atol=1e-5)
    latencies = [t for r in results for t in r["latencies"]]
    p50, p95 = statistics.median(latencies), np.percentile(latencies, 95)
    print(
        f"\n{SESSIONS} sessions: redraw p50 {p50 * 1e3:.0f} ms, p95 {p95 * 1e3:.0f} ms; "
        f"server memory {idle:.0f} MB idle, {loaded:.0f} MB loaded, {(loaded - idle) / SESSIONS:.1f} MB per session"
    )
    assert p95 < 20  # seconds: every student gets an answer, even with 10 browsers on two cores
