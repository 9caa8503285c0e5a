"""What the charts keep of a run (``viz.paths``): a row's paths summarized at once are each path's own."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from viz import columns
from viz.paths import summarize, summarize_paths

BOUNDS = ((-2.0, 2.0), (-1.0, 3.0))
MINIMA = ((1.0, 1.0), (-1.0, 0.5))


def assert_same(a: object, b: object, where: str = "view") -> None:
    if dataclasses.is_dataclass(a):
        for field in dataclasses.fields(a):
            assert_same(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), where
    elif isinstance(a, float):
        assert a == b or (np.isnan(a) and np.isnan(b)), (where, a, b)
    else:
        assert a == b, (where, a, b)


def one(batch: SimpleNamespace, k: int) -> SimpleNamespace:
    return SimpleNamespace(
        points=batch.points[:, k], values=batch.values[:, k], diverged_at=int(batch.diverged_at[k]),
        grads=batch.grads[:, k], lr=batch.lr[:, k], direction=batch.direction[:, k],
    )  # fmt: skip


@st.composite
def batches(draw) -> SimpleNamespace:
    """K random walks of S steps, some of which stop (NaN after a runaway point), as ``optimizers.sweep``
    records them."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    steps, paths = draw(st.integers(1, 700)), draw(st.integers(1, 9))
    moves = rng.normal(scale=draw(st.sampled_from([1e-4, 0.01, 0.3])), size=(steps, paths, 2))
    points = np.concatenate([rng.uniform(-1.5, 1.5, size=(1, paths, 2)), moves]).cumsum(axis=0)
    values = (points**2).sum(axis=-1)
    grads, lr, direction = rng.normal(size=(3, steps + 1, paths, 2))
    diverged_at = np.full(paths, -1)
    for k in range(paths):
        if draw(st.booleans()):
            stop = draw(st.integers(0, steps))
            points[stop, k], values[stop, k] = (1e200, -3.0), np.inf
            points[stop + 1 :, k] = values[stop + 1 :, k] = np.nan
            diverged_at[k] = stop
    return SimpleNamespace(
        points=points, values=values, diverged_at=diverged_at, grads=grads, lr=lr, direction=direction
    )


@settings(max_examples=60, deadline=None)
@given(batches(), st.booleans(), st.sampled_from([None, 0.0, -2.5]))
def test_a_rows_paths_summarized_at_once_are_each_paths_own_summary(batch, frames, f_min):
    views = summarize_paths("adam", batch, MINIMA, BOUNDS, frames=frames, f_min=f_min)
    assert len(views) == batch.points.shape[1]
    for k, view in enumerate(views):
        assert_same(summarize("adam", one(batch, k), MINIMA, BOUNDS, frames=frames, f_min=f_min), view, f"path {k}")


def test_a_path_that_leaves_the_window_and_stops_is_told_by_its_last_finite_point():
    # five points along y = 1 from x = 0, a step of 1 each; the window's x ends at 2, so x = 3 (step 3) is
    # the first point outside; step 4 ran away (inf) and step 5 is NaN: the last finite point is step 3
    xs = np.array([0.0, 1.0, 2.0, 3.0, np.inf, np.nan])
    points = np.stack([xs, np.where(np.isnan(xs), np.nan, 1.0)], axis=-1)[:, None]
    values = np.array([5.0, 4.0, 3.0, 2.0, np.inf, np.nan])[:, None]
    run = SimpleNamespace(points=points, values=values, diverged_at=np.array([4]), grads=None, lr=None, direction=None)
    (view,) = summarize_paths("sgd", run, MINIMA, BOUNDS)
    assert view.left_at == 3 and view.diverged_at == 4 and view.last_step == 3
    assert view.final_f == 2.0 and view.steps.tolist() == [0, 1, 2, 3]
    assert view.reached_at == 1  # (1, 1) is a minimum: step 1 is on it
    assert view.distance == 2.0  # from (3, 1) to (1, 1)
    assert view.curve_steps.tolist() == [0, 1, 2, 3]


@st.composite
def coordinates(draw) -> np.ndarray:
    """Points of 1 or 2 coordinates, some huge, tiny, negative, zero, infinite or NaN."""
    shape = (draw(st.integers(0, 6)), draw(st.integers(1, 4)), draw(st.sampled_from([1, 2])))
    values = st.floats(allow_nan=True, allow_infinity=True, width=64) | st.sampled_from([0.0, -0.0, 1e-300, 1e300])
    return np.array(draw(st.lists(values, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))).reshape(shape)


@settings(max_examples=300, deadline=None)
@given(coordinates())
def test_columns_reduce_as_numpy_does_bit_for_bit(v):
    with np.errstate(all="ignore"):
        expected = np.linalg.norm(v, axis=-1)
        assert np.array_equal(columns.norm(v), expected, equal_nan=True)
        assert np.array_equal(np.signbit(columns.norm(v)), np.signbit(expected))
    flags = np.isfinite(v) & (v > 0)
    assert np.array_equal(columns.every(flags), flags.all(axis=-1))
    assert np.array_equal(columns.some(flags), flags.any(axis=-1))
