"""Real mini-batch noise: a two-weight linear regression, whose stochastic gradients come from sampling data."""

from __future__ import annotations

import numpy as np
import pytest

import landscapes
import optimizers
from landscapes import regression
from ui import runs
from ui.config import parse
from ui.page import chart_labels
from viz.contour import contour_figure, landscape_view

LS = landscapes.get("regression")


def test_the_minimum_is_the_least_squares_line_and_the_loss_is_exact():
    w, b = LS.minima[0]
    design = np.stack([regression.X, np.ones(regression.N_POINTS)], -1)
    np.testing.assert_allclose([w, b], np.linalg.solve(design.T @ design, design.T @ regression.Y))
    residual = w * regression.X + b - regression.Y
    assert LS.f_min == pytest.approx(0.5 * np.mean(residual**2))
    assert 1.8 < w < 2.2 and -1.3 < b < -0.7  # the data were drawn around y = 2x − 1


def test_batch_size_n_gives_the_full_batch_path_exactly():
    opt = optimizers.get("adam", alpha=0.05)
    full = optimizers.run(opt, LS, LS.start, 300)
    batched = optimizers.run(opt, LS, LS.start, 300, batch_size=LS.data_size, seed=5)
    np.testing.assert_array_equal(batched.points, full.points)


@pytest.mark.parametrize("batch_size", [1, 4, 8, 13])
def test_the_mean_of_an_epochs_batch_gradients_is_the_full_gradient(batch_size):
    from optimizers.run import _batches

    W = np.array([[0.3, 1.7], [3.0, -2.0]])
    batches = _batches(LS, batch_size, seed=11)
    epoch = [next(batches) for _ in range(-(-LS.data_size // batch_size))]
    assert sorted(np.concatenate(epoch).tolist()) == list(range(LS.data_size))  # every point once
    weighted = sum(len(batch) * LS.batch_grad(W, batch) for batch in epoch) / LS.data_size
    np.testing.assert_allclose(weighted, LS.grad(W), rtol=1e-12)


def test_small_batches_are_noisy_and_reproducible():
    opt = optimizers.get("sgd", alpha=0.2)
    one = optimizers.run(opt, LS, LS.start, 1000, batch_size=4, seed=1)
    again = optimizers.run(opt, LS, LS.start, 1000, batch_size=4, seed=1)
    other = optimizers.run(opt, LS, LS.start, 1000, batch_size=4, seed=2)
    full = optimizers.run(opt, LS, LS.start, 1000)
    np.testing.assert_array_equal(one.points, again.points)
    assert not np.allclose(one.points, other.points)
    # near the minimum the full-batch path settles; the mini-batch one keeps jittering around it
    gap = lambda t: t.values[-100:] - LS.f_min  # noqa: E731
    assert gap(full).max() < 1e-12 and gap(one).mean() > 1e-3  # measured: 6e-17 and 0.04


def test_a_batch_needs_data():
    with pytest.raises(ValueError, match="mini-batches need a model"):
        optimizers.run(optimizers.get("sgd"), landscapes.get("rosenbrock"), (0, 0), 5, batch_size=4)
    with pytest.raises(ValueError, match="batch size must be a whole number from 1 to 64"):
        optimizers.run(optimizers.get("sgd"), LS, (0, 0), 5, batch_size=65)


def test_the_plot_names_the_regressions_weights_w_and_b_when_hovered():
    config, _ = parse({"f": "regression", "opt": "adam"})
    figure = contour_figure(landscape_view(config.landscape_object()), runs.paths(config, str), chart_labels("en"))
    hovers = [trace["hovertemplate"] for trace in figure.to_dict()["data"] if "hovertemplate" in trace]
    assert hovers and all("w = %{x" in h and "b = %{y" in h for h in hovers), hovers
    assert not any("x = %{x" in h for h in hovers)
