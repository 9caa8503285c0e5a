"""optimizers.run: batches, divergence, noise, recording, and every bad input as a ValueError."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import landscapes
import optimizers
from optimizers.run import FUSED_FROM

ROSENBROCK = landscapes.get("rosenbrock")


@pytest.mark.parametrize("name", optimizers.names())
def test_batched_run_equals_single_runs(name):
    starts = np.array([[-1.5, 2.5], [0.0, 0.0], [2.0, -1.0], [2.9, 2.9]])
    opt = optimizers.get(name, alpha=optimizers.spec(name).hyperparameters[0].default * 3)
    batch = optimizers.run(opt, ROSENBROCK, start=starts, steps=200, record=True)
    assert batch.points.shape == (201, 4, 2)
    for k, start in enumerate(starts):
        single = optimizers.run(opt, ROSENBROCK, start=start, steps=200, record=True)
        np.testing.assert_array_equal(batch.points[:, k], single.points)
        np.testing.assert_array_equal(batch.values[:, k], single.values)
        np.testing.assert_array_equal(batch.lr[:, k], single.lr)
        assert batch.diverged_at[k] == single.diverged_at


@pytest.mark.parametrize("name", ["sgd", "adam", "lion"])
def test_a_wide_batch_takes_f_with_the_gradient_and_gives_the_same_runs(name):
    # 1200 paths (2400 coordinates): f comes with ∇f from the terms they share; 200 paths at a time, f is
    # evaluated a block of steps at a time. The same points, f, and stops (α large enough that some diverge).
    assert 1200 * 2 >= FUSED_FROM > 200 * 2
    starts = np.random.default_rng(2).uniform(-2, 3, size=(1200, 2))
    opt = optimizers.get(name, alpha=optimizers.spec(name).hyperparameters[0].default * 3)
    wide = optimizers.run(opt, ROSENBROCK, start=starts, steps=150)
    narrow = [optimizers.run(opt, ROSENBROCK, start=part, steps=150) for part in np.split(starts, 6)]
    np.testing.assert_array_equal(wide.points, np.concatenate([t.points for t in narrow], axis=1))
    np.testing.assert_array_equal(wide.values, np.concatenate([t.values for t in narrow], axis=1))
    np.testing.assert_array_equal(wide.diverged_at, np.concatenate([t.diverged_at for t in narrow]))
    np.testing.assert_array_equal(wide.values, ROSENBROCK.value(wide.points))


def test_points_and_values_follow_the_steps():
    traj = optimizers.run(optimizers.get("adam", alpha=0.05), ROSENBROCK, start=(-1.5, 2.0), steps=500)
    assert traj.points.shape == (501, 2)
    np.testing.assert_array_equal(traj.points[0], [-1.5, 2.0])
    np.testing.assert_allclose(traj.values, ROSENBROCK.value(traj.points))
    assert traj.diverged_at == -1


def test_a_diverging_path_stops_with_nans_and_no_warning():
    # On Rosenbrock, α = 0.01 is far above 2/L near the start: SGD overshoots and blows up.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimizers.run(optimizers.get("sgd", alpha=0.01), ROSENBROCK, start=(-1.5, 2.0), steps=300)
    k = traj.diverged_at
    assert 0 < k < 20
    assert np.isfinite(traj.points[:k]).all()
    assert np.isnan(traj.points[k + 1 :]).all()
    assert np.isnan(traj.values[k + 1 :]).all()


def test_a_path_that_runs_far_away_is_stopped():
    # The saddle is unbounded below: the path slides off along y and is stopped once far outside.
    traj = optimizers.run(optimizers.get("sgd", alpha=0.1), landscapes.get("saddle"), start=(1.0, 0.1), steps=500)
    assert 0 < traj.diverged_at < 500
    assert abs(traj.points[traj.diverged_at, 1]) > 100  # kept, so a plot can show where it went


def test_noise_is_seeded_and_reproducible():
    opt, start = optimizers.get("sgd", alpha=0.001), (-1.5, 2.5)
    a = optimizers.run(opt, ROSENBROCK, start=start, steps=100, noise=5.0, seed=3)
    b = optimizers.run(opt, ROSENBROCK, start=start, steps=100, noise=5.0, seed=3)
    c = optimizers.run(opt, ROSENBROCK, start=start, steps=100, noise=5.0, seed=4)
    clean = optimizers.run(opt, ROSENBROCK, start=start, steps=100)
    np.testing.assert_array_equal(a.points, b.points)
    assert not np.allclose(a.points, c.points)
    # SGD is linear in g: the noisy path differs from the clean one by α times the summed noise, on average 0.
    assert 0 < np.abs(a.points[1] - clean.points[1]).max() < 0.05


def test_record_gives_gradients_rates_and_momentum():
    opt = optimizers.get("adagrad", alpha=0.1, eps=0.0)
    traj = optimizers.run(opt, landscapes.get("quadratic", kappa=10), start=(1.0, 1.0), steps=3, record=True)
    np.testing.assert_allclose(traj.grads[0], [1.0, 10.0])
    # the first effective rates: α/√r₁ = (0.1/1, 0.1/10)
    np.testing.assert_allclose(traj.lr[0], [0.1, 0.01])
    assert traj.direction is None
    adam = optimizers.run(optimizers.get("adam"), ROSENBROCK, start=(0.0, 0.0), steps=3, record=True)
    # p₁ = (1 − ρ₁)·g₀
    np.testing.assert_allclose(adam.direction[0], 0.1 * adam.grads[0])


def test_adagrad_effective_step_shrinks_like_inverse_sqrt_t():
    # On a constant-slope plane r_t = t·g², so α/√r_t = α/(|g|√t): quadrupling t halves the rate.
    plane = landscapes.get("quadratic", kappa=1)  # near (100, 100) the slope hardly changes over 400 steps
    traj = optimizers.run(optimizers.get("adagrad", alpha=0.01), plane, start=(100.0, 100.0), steps=400, record=True)
    lr = traj.lr[:, 0]
    assert lr[399] / lr[99] == pytest.approx(0.5, rel=2e-3)
    assert lr[99] / lr[24] == pytest.approx(0.5, rel=2e-3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": (1.0,)}, "start must be a point (x, y) or an array of shape (K, 2)"),
        ({"start": "here"}, "start must be a point (x, y)"),
        ({"start": (float("nan"), 0.0)}, "start must be finite"),
        ({"start": np.zeros((0, 2))}, "start must be a point"),
        ({"steps": -1}, "steps must be a whole number from 0 to 20000, got -1"),
        ({"steps": 2.5}, "steps must be a whole number"),
        ({"steps": 10**9}, "steps must be a whole number"),
        ({"steps": True}, "steps must be a whole number"),
        ({"start": np.zeros((100_000, 2)), "steps": 10_000}, "too large a run"),
        ({"noise": -1.0}, "noise σ must be ≥ 0"),
        ({"noise": float("inf")}, "noise σ must be ≥ 0"),
        ({"noise": "loud"}, "noise σ must be a number"),
    ],
)
def test_bad_run_arguments_explain_themselves(kwargs, message):
    args = {"start": (0.0, 0.0), "steps": 10} | kwargs
    with pytest.raises(ValueError) as info:
        optimizers.run(optimizers.get("sgd"), ROSENBROCK, **args)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: optimizers.get("adamm"), "unknown optimizer 'adamm'; choose one of: sgd, momentum"),
        (lambda: optimizers.get("rmsprop", rho=1.2), "ρ must be in [0, 1), got 1.2"),
        (lambda: optimizers.get("adam", rho1=-0.1), "ρ₁ must be in [0, 1), got -0.1"),
        (lambda: optimizers.get("adam", rho2=1.0), "ρ₂ must be in [0, 1), got 1"),
        (lambda: optimizers.get("sgd", alpha=0), "α must be in (0, 10], got 0"),
        (lambda: optimizers.get("sgd", alpha="fast"), "α must be a number, got 'fast'"),
        (lambda: optimizers.get("sgd", alpha=float("nan")), "α must be in (0, 10], got nan"),
        (lambda: optimizers.get("momentum", beta=None), "β must be a number, got None"),
        (lambda: optimizers.get("adam", eps=-1e-8), "ε must be in [0, 1]"),
        (lambda: optimizers.get("adam", bias_correction="maybe"), "bias correction must be true or false"),
        (lambda: optimizers.get("sgd", beta=0.9), "Gradient descent (SGD) has no parameter beta (it has: alpha"),
    ],
)
def test_bad_hyperparameters_explain_themselves(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


def valid_hyperparameters(name):
    """Any valid setting of the optimizer's hyperparameters (open ends kept open)."""
    fields = {}
    for p in optimizers.spec(name).hyperparameters:
        if p.kind == "bool":
            fields[p.name] = st.booleans()
        else:
            high = min(p.high, 1e3)
            fields[p.name] = st.floats(p.low, high, exclude_min=p.low_open, exclude_max=p.high_open or high < p.high)
    return st.fixed_dictionaries(fields)


@st.composite
def run_requests(draw):
    name = draw(st.sampled_from(optimizers.names()))
    landscape = draw(st.sampled_from(landscapes.names()))
    (x0, x1), (y0, y1) = landscapes.get(landscape).bounds
    starts = draw(st.lists(st.tuples(st.floats(x0, x1), st.floats(y0, y1)), min_size=1, max_size=4))
    return name, draw(valid_hyperparameters(name)), landscape, starts, draw(st.integers(0, 60))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run_requests(), st.floats(0, 10), st.integers(0, 2**32 - 1))
def test_any_valid_run_is_finite_until_it_diverges(request, noise, seed):
    name, hp, landscape, starts, steps = request
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimizers.run(optimizers.get(name, **hp), landscapes.get(landscape), starts, steps, noise, seed)
    for k, stop in enumerate(traj.diverged_at):
        end = steps + 1 if stop == -1 else stop
        assert np.isfinite(traj.points[:end, k]).all()
        assert np.isfinite(traj.values[:end, k]).all()
        assert np.isnan(traj.points[end + 1 :, k]).all()
        assert -1 <= stop <= steps
