"""The stage's packed paths: what the browser draws is the core's path to within half a pixel, both ways."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from viz.rowdata import (
    SPAN,
    pack_curve,
    pack_path,
    pixel_scale,
    segment_distances,
    unpack_curve,
    unpack_path,
)

HALF_PIXEL = 0.5


def polyline_distance(points: np.ndarray, polyline: np.ndarray) -> np.ndarray:
    """Each point's distance from the polyline (a single point where it has one)."""
    if polyline.shape[0] == 1:
        return np.linalg.norm(points - polyline[0], axis=-1)
    shape = points.shape
    pieces = itertools.pairwise(polyline)
    return np.min(
        [segment_distances(points, np.broadcast_to(a, shape), np.broadcast_to(b, shape)) for a, b in pieces], axis=0
    )


def hausdorff_px(core: np.ndarray, drawn: np.ndarray, bounds) -> float:
    """Both-way distance in pixels at the drawn size: core points from the drawn polyline, drawn points
    from the core's polyline."""
    scale = pixel_scale(bounds)
    return scale * max(polyline_distance(core, drawn).max(), polyline_distance(drawn, core).max())


walks = st.integers(2, 400).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.integers(0, 2**32 - 1),
        st.sampled_from([1e-3, 0.02, 0.3]),  # creeping, walking and zig-zagging paths
        st.sampled_from([((-2.0, 2.0), (-1.0, 3.0)), ((0.0, 1.0), (0.0, 0.5)), ((-500.0, 500.0), (-500.0, 500.0))]),
    )
)


@settings(max_examples=60, deadline=None)
@given(walks)
def test_drawn_path_is_within_half_a_pixel_of_the_core_path_both_ways(walk):
    n, seed, stride, bounds = walk
    rng = np.random.default_rng(seed)
    span = max(hi - lo for lo, hi in bounds)
    start = np.array([lo for lo, _ in bounds]) + rng.random(2) * span / 2
    core = start + np.cumsum(rng.normal(scale=stride * span, size=(n, 2)), axis=0)
    steps = np.arange(n)
    drawn, kept = unpack_path(pack_path(core, steps, bounds), bounds)
    assert hausdorff_px(core, drawn, bounds) <= HALF_PIXEL
    assert np.array_equal(drawn[0], core[0]) and np.array_equal(drawn[-1], core[-1])  # exact float64 ends
    assert kept[0] == 0 and kept[-1] == n - 1 and np.all(np.diff(kept) > 0)


def test_a_creeping_path_keeps_few_points():
    # 1000 steps along a quarter circle of radius 1 in a 4-wide window: 402 px of arc at 1024 px, whose
    # chords of 0.35 px sagitta are ≈ 2·√(2·0.35·256) ≈ 27 px long: about 15 points, not 1000, besides
    # every SPAN-th point, kept to bound the simplification's levels
    angle = np.linspace(0, np.pi / 2, 1000)
    core = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    drawn, _ = unpack_path(pack_path(core, np.arange(1000), bounds), bounds)
    assert 10 <= len(drawn) <= 1000 // SPAN + 30
    assert hausdorff_px(core, drawn, bounds) <= HALF_PIXEL


def test_a_path_beyond_the_reach_is_drawn_at_it_and_ends_exactly():
    bounds = ((0.0, 1.0), (0.0, 1.0))
    core = np.array([[0.5, 0.5], [3.0, 0.5], [1e12, -1e12]])
    packed = pack_path(core, np.arange(3), bounds)
    drawn, _ = unpack_path(packed, bounds)
    assert drawn[-1].tolist() == [1e12, -1e12] and drawn[1].tolist() == [3.0, 0.5]


def test_loss_curve_round_trips_in_float32():
    steps, values = np.array([0, 10, 20, 998, 999]), np.array([565.6, 1.5e-3, 2.2e-13, 1e300, np.nan])
    got_steps, got_values = unpack_curve(pack_curve(steps, values))
    assert got_steps.tolist() == [0, 10, 20, 998, 999]
    assert np.allclose(got_values[:3], values[:3], rtol=1e-7) and np.isnan(got_values[4])
    assert got_values[3] == np.finfo(np.float32).max  # a diverging loss stays finite and off the chart


def test_a_rows_inspector_frames_are_the_core_steps_heads_and_arrows():
    """Every stop of Adam's α row carries its step inspector: the head at each frame's step is the core's
    point there and every arrow's tip is where the server's figure draws it, to a 1/64 px grid at the
    drawn size, beside the server's own rounding of them to 1/10⁵ of the window (≈ 0.02 px here); arrows the
    server does not draw are not drawn."""
    import gzip
    import json

    import landscapes
    import optimizers
    from ui import rows
    from ui.assets import STATIC
    from ui.config import parse
    from viz.rowdata import unpack_inspector

    config, _ = parse({"opt": ["sgd,adam"], "steps": ["300"]})
    row = rows.row(config, "adam")
    data = json.loads(gzip.decompress((STATIC / row.url.removeprefix("app/static/")).read_bytes()))
    bounds = config.landscape_object().bounds
    grid = 1 / 64 / pixel_scale(bounds) + 1e-4  # the grid's half cell both ways, the server's rounding
    for value, stop in zip(data["stops"], data["data"], strict=True):
        steps, points = unpack_inspector(stop["frames"], bounds)
        traj = optimizers.run(optimizers.get("adam", alpha=value), landscapes.get("rosenbrock"), config.start, 300)
        last = int(np.flatnonzero(np.isfinite(traj.points).all(axis=1))[-1])
        assert np.allclose(points[:, 0], traj.points[np.minimum(steps, last)], atol=grid)
        server = runs_inspector(config, value)
        drawn = np.isfinite(server)
        assert (np.isfinite(points) == drawn).all()
        assert np.allclose(points[drawn], server[drawn], atol=grid)


def runs_inspector(config, alpha: float) -> np.ndarray:
    """The inspector's points of Adam's path the server's figure draws for α (``PathView.inspector``)."""
    from dataclasses import replace

    from ui import runs
    from ui.i18n import name_of

    adam = replace(
        config,
        hyperparameters=tuple(
            (name, tuple((k, alpha if (name, k) == ("adam", "alpha") else v) for k, v in pairs))
            for name, pairs in config.hyperparameters
        ),
    )
    paths = runs.paths(adam, lambda name: name_of(name, "en"))
    return next(p for p in paths if p.name == "adam").inspector
