"""Memory by design (issue 21): every view's work bounded in bytes, and the row cache bounded by what it holds.

Peaks are measured with tracemalloc, which sees every NumPy array allocated; the figures before the change
are in the comments (the whole server's, as bench/bench_attack.py --peaks measures them, in the README).
"""

from __future__ import annotations

import gc
import threading
import time
import tracemalloc
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

import landscapes
import optimizers
from landscapes import regression
from landscapes.expression import formula
from landscapes.program import compile_program
from optimizers.run import CHUNK_POINTS
from ui import budget, maps, rows, runs
from ui.config import parse
from viz.contour import grid_values

MB = 2**20
TANH_NEST = "tanh(x*y*" * 10 + "x" + ")" * 10  # its gradient: 153 NumPy calls, at most 31 results held


def peak_bytes(compute) -> int:
    """The most memory ``compute()`` held at once, beyond what was held before it (tracemalloc)."""
    compute()  # first calls: imports, lru caches
    gc.collect()
    tracemalloc.start()
    try:
        compute()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def starts_config(**query: str):
    config, _ = parse({"view": "starts", "opt": "adam", "steps": "1000"} | query)
    return config, dict(config.hyperparameters)["adam"]


def test_the_regressions_many_starts_map_holds_megabytes_not_the_data_times_every_point():
    hp = starts_config(f="regression")[1]
    basin = maps.basin_map.__wrapped__  # without Streamlit's cache, so it is computed every time
    peak = peak_bytes(lambda: basin("regression", (), "adam", hp, 1000, 0.0, 0))
    # 625 paths x 1001 points: 10 MB of points, 5 MB of f; it held 2 x 1001 x 625 x 64 floats (640 MB)
    assert peak < 48 * MB, peak / MB


def test_a_typed_functions_many_starts_map_is_bounded_too():
    config, hp = starts_config(f="custom", expr=TANH_NEST)
    basin = maps.basin_map.__wrapped__
    peak = peak_bytes(lambda: basin("custom", config.landscape_params, "adam", hp, 1000, 0.0, 0))
    assert peak < 48 * MB, peak / MB  # every result of f's program over 625 x 1001 points: 150 MB


class Counted:
    """A landscape that records how many points each evaluation of f was given."""

    def __init__(self, landscape) -> None:
        self.landscape, self.sizes = landscape, []
        self.bounds, self.grad = landscape.bounds, landscape.grad

    def value(self, p):
        self.sizes.append(int(np.prod(np.shape(p)[:-1])))
        return self.landscape.value(p)


def test_f_along_a_batched_run_is_evaluated_a_block_at_a_time_with_the_same_values():
    ls = landscapes.get("rastrigin")
    starts = np.random.default_rng(0).uniform(-4, 4, (625, 2))
    counted = Counted(ls)
    traj = optimizers.run(optimizers.get("adam", alpha=0.05), counted, starts, 300)
    assert max(counted.sizes) <= CHUNK_POINTS and sum(counted.sizes) == 301 * 625
    np.testing.assert_array_equal(traj.values, ls.value(traj.points))


def test_the_contour_picture_is_evaluated_a_block_of_rows_at_a_time_with_the_same_values():
    ls = landscapes.get("himmelblau")
    counted = Counted(ls)
    z = grid_values(counted, 420)[2]
    assert max(counted.sizes) <= CHUNK_POINTS and sum(counted.sizes) == 420 * 420
    X, Y = np.meshgrid(np.linspace(*ls.bounds[0], 420), np.linspace(*ls.bounds[1], 420))
    np.testing.assert_array_equal(z, ls.value(np.stack([X, Y], -1)).astype(np.float32))


def test_a_typed_programs_evaluation_holds_only_the_results_it_still_needs():
    program = formula(TANH_NEST).grad
    assert (len(program.steps), program.live) == (153, 31)  # decided when it was compiled
    x, y = np.random.default_rng(1).uniform(-1, 1, (2, 100_000))
    peak = peak_bytes(lambda: program(x, y))
    one = x.nbytes  # one result: 0.8 MB
    assert peak <= (program.live + 2) * one  # it held all 153 (122 MB)


def test_freeing_a_programs_results_changes_none_of_its_outputs():
    import sympy

    x, y = sympy.symbols("x y", real=True)
    s = sympy.sin(x * y)
    exprs = [s, s * y + x, x, sympy.cos(s) * s, 2 * x]  # outputs read by later steps, an input as output
    program = compile_program(exprs, x, y)
    px, py = np.linspace(-2, 2, 7), np.linspace(1, 3, 7)
    expected = [sympy.lambdify((x, y), e, "numpy")(px, py) * np.ones(7) for e in exprs]
    for got, want in zip(program(px, py), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-14)
    assert all(output not in done for done in program.frees for output in program.outputs)


weights = hs.floats(-50, 50, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(w=weights, b=weights)
def test_the_regressions_folded_loss_equals_the_sum_over_its_data_points(w, b):
    folded, direct = regression.loss(w, b), regression.direct_loss(w, b)
    assert folded == pytest.approx(direct, rel=1e-12, abs=1e-14)
    residuals = w * regression.X + b - regression.Y
    gw, gb = regression.loss_grad(w, b)
    scale = 1 + float(np.abs(residuals).max() * (1 + regression.X.max()))
    assert abs(gw - np.mean(residuals * regression.X)) <= 1e-13 * scale
    assert abs(gb - np.mean(residuals)) <= 1e-13 * scale


@settings(max_examples=100, deadline=None)
@given(w=weights, b=weights, batch=hs.sets(hs.integers(0, regression.N_POINTS - 1), min_size=1))
def test_a_mini_batch_gradient_from_the_batchs_moments_equals_its_sum_over_the_points(w, b, batch):
    chosen = np.array(sorted(batch))
    x, y = regression.X[chosen], regression.Y[chosen]
    residuals = w * x + b - y
    gw, gb = regression.batch_grad(np.array([w]), np.array([b]), chosen)
    scale = 1 + float(np.abs(residuals).max() * (1 + x.max()))
    assert abs(gw[0] - np.mean(residuals * x)) <= 1e-13 * scale
    assert abs(gb[0] - np.mean(residuals)) <= 1e-13 * scale


def test_the_regressions_loss_never_falls_below_its_minimum_by_rounding():
    d = np.random.default_rng(1).normal(0, 1e-9, (20_000, 2))
    w, b = regression.MINIMUM[0] + d[:, 0], regression.MINIMUM[1] + d[:, 1]
    assert (regression.loss(w, b) >= regression.F_MIN).all()
    assert (regression.direct_loss(w, b) < regression.F_MIN).any()  # the sum over the points does (0.7%)


def a_row(x0: float, steps: int = 1000, curvature: bool = False) -> tuple[str, tuple]:
    """Adam's row on Rosenbrock from (x0, 1.5): its cache key, and what computes it."""
    config, _ = parse({"opt": "adam", "steps": str(steps), "x0": str(x0)} | ({"curv": "1"} if curvature else {}))
    (run,) = runs.runs_of(config)
    alphas = runs.stops_of("adam", run.alpha)
    return repr((run, "alpha", alphas)), (run, "alpha", alphas)


@pytest.mark.parametrize(("steps", "curvature"), [(1000, False), (5000, True), (3, False)])
def test_a_rows_counted_bytes_are_what_it_really_holds(steps, curvature):
    _, arguments = a_row(0.25, steps, curvature)
    runs._row(*arguments)
    gc.collect()
    tracemalloc.start()
    row = runs._row(*arguments)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0]  # what stays allocated: the row
    tracemalloc.stop()
    assert held <= runs.row_bytes(row) <= 1.15 * held, (held, runs.row_bytes(row))
    arrays = sum(a.nbytes for view in row.values() for a in vars(view).values() if isinstance(a, np.ndarray))
    assert runs.row_bytes(row) > arrays  # the arrays' bytes and the objects around them


def test_the_row_cache_evicts_by_bytes_the_least_recently_used_first():
    budget_bytes = 1.5 * MB
    cache = runs.row_cache(max_bytes=budget_bytes)
    rows = [a_row(x0) for x0 in np.linspace(-1.9, 1.9, 12)]
    computed = {key: runs._row(*arguments) for key, arguments in rows}
    sizes = {key: runs.row_bytes(row) for key, row in computed.items()}
    assert min(sizes.values()) > 0.25 * MB and sum(sizes.values()) > 2 * budget_bytes  # measured: 0.30-0.40 MB
    for key, row in computed.items():
        cache[key] = row
        cache.get(rows[0][0])  # the first row stays in use
        assert cache.currsize == sum(sizes[k] for k in cache) <= budget_bytes
    assert rows[0][0] in cache and rows[1][0] not in cache and rows[-1][0] in cache
    assert 2 <= len(cache) < len(rows)


def test_the_pages_row_cache_is_that_cache_with_its_byte_budget():
    assert runs._cached_row.cache is runs._rows
    assert runs._rows.maxsize == runs.ROW_BYTES and runs._rows.getsizeof is runs.row_bytes


def test_sessions_asking_for_the_same_row_at_once_compute_it_once(monkeypatch):
    calls, gate = [], threading.Event()

    def slow_row(*arguments):
        calls.append(arguments)
        gate.wait(5)
        return {0.1: SimpleNamespace()}

    monkeypatch.setattr(runs, "_row", slow_row)
    key = "a row nobody else asks for"
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(runs._cached_row(key, None, "alpha", ()))) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # all three have asked while the first computes (no time is measured)
    gate.set()
    for thread in threads:
        thread.join(10)
    runs._rows.pop(key, None)
    assert len(calls) == 1 and len(results) == 3 and all(r is results[0] for r in results)


def test_sessions_asking_for_the_same_new_written_row_at_once_have_it_made_once(monkeypatch):
    """A class that follows its lecturer asks for the row of ρ₁ all at once (ui/row_route.py): one worker
    makes it, the others wait for it, and its paths are then the page's too."""
    calls, gate = [], threading.Event()
    _, (run, _, _) = a_row(0.123, steps=40)
    real = runs.in_turn_elsewhere

    def slow(*arguments):
        calls.append(arguments)
        gate.wait(5)
        return real(*arguments)

    monkeypatch.setattr(runs, "in_turn_elsewhere", slow)
    asked = (run, "rho1", "en", 0.0, False, ((-2.0, 3.0), (-2.0, 3.0)))
    results = []
    threads = [threading.Thread(target=lambda: results.append(rows._row(*asked))) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # all three have asked while the first one's is made (no time is measured)
    gate.set()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1 and len(results) == 3 and all(r is results[0] for r in results)
    assert runs.known_row(run, "rho1") is not None  # kept: the page's next run draws from it
    assert rows._row(*asked) is results[0] and len(calls) == 1


def test_the_cost_model_prices_the_regression_and_typed_functions_by_their_measured_cost():
    regression_page, _ = parse({"f": "regression"})
    mini_batches, _ = parse({"f": "regression", "batch": "8"})
    assert budget.step_cost(regression_page) == budget.LANDSCAPE_COST["regression"]
    assert budget.step_cost(mini_batches) == budget.LANDSCAPE_COST["regression"] * budget.MINI_BATCH
    typed, _ = parse({"f": "custom", "expr": TANH_NEST})
    calls = formula(TANH_NEST).grad.steps
    assert budget.step_cost(typed) == pytest.approx((budget.OVERHEAD + len(calls)) / budget.BUILT_IN)
    starts, _ = parse({"f": "regression", "view": "starts", "batch": "8"})
    assert budget.step_cost(starts) == budget.LANDSCAPE_COST["regression"]  # the map takes full batches
