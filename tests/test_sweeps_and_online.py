"""Sweeps over hyperparameters, the online setting of Reddi et al., and 1D curves."""

import numpy as np
import pytest

import landscapes
import optimizers

ROSENBROCK = landscapes.get("rosenbrock")


def test_a_sweep_equals_one_run_per_setting():
    grid = {"alpha": [0.003, 0.03, 0.3], "rho1": [0.0, 0.9]}
    result = optimizers.sweep(optimizers.get("adam", rho2=0.99), ROSENBROCK, (-1.5, 2.5), 200, grid)
    assert result.shape == (3, 2)
    for k, (alpha, rho1) in enumerate(zip(result.settings["alpha"], result.settings["rho1"], strict=True)):
        single = optimizers.run(optimizers.get("adam", alpha=alpha, rho1=rho1, rho2=0.99), ROSENBROCK, (-1.5, 2.5), 200)
        np.testing.assert_array_equal(result.trajectory.points[:, k], single.points)


@pytest.mark.parametrize("name", optimizers.names())
def test_every_optimizer_sweeps_over_alpha(name):
    opt = optimizers.get(name)
    result = optimizers.sweep(opt, ROSENBROCK, (0.0, 0.0), 50, {"alpha": [1e-3, 1e-2]})
    single = optimizers.run(optimizers.get(name, alpha=1e-2), ROSENBROCK, (0.0, 0.0), 50)
    np.testing.assert_array_equal(result.trajectory.points[:, 1], single.points)


def test_sweep_values_are_validated():
    with pytest.raises(ValueError, match=r"ρ₁ must be in \[0, 1\), got 1.5"):
        optimizers.sweep(optimizers.get("adam"), ROSENBROCK, (0, 0), 10, {"rho1": [0.5, 1.5]})
    with pytest.raises(ValueError, match="at least one"):
        optimizers.sweep(optimizers.get("adam"), ROSENBROCK, (0, 0), 10, {})


PROBLEM = landscapes.ReddiCounterexample(C=3.0)


def reddi(name, steps=3000, alpha=0.5):
    opt = optimizers.get(name, alpha=alpha, rho1=0.0, rho2=PROBLEM.rho2)  # the paper's setting
    return optimizers.run_online(opt, PROBLEM, start=0.0, steps=steps)


def test_adam_heads_to_the_wrong_end_of_reddis_interval():
    # Over each 3 steps the losses sum to (C − 2)x: x* = −1. Adam ends at +1, AMSGrad near −1.
    adam, amsgrad = reddi("adam"), reddi("amsgrad")
    assert adam.points[-300:].mean() > 0.95
    assert amsgrad.points[-300:].mean() < -0.95
    # Average regret against x* = −1: at x = +1 each 3 steps lose (3 − 1 − 1) − (−3 + 1 + 1) = 2 more,
    # so Adam's stays near 2/3 while AMSGrad's goes to 0.
    regret = {}
    for name, traj in (("adam", adam), ("amsgrad", amsgrad)):
        t = np.arange(1, 3001)
        best = np.where(t % 3 == 1, 3.0, -1.0) * -1.0
        regret[name] = float(np.mean(traj.values[:-1] - best))
    assert regret["adam"] > 0.6
    assert regret["amsgrad"] < 0.1


def test_reddi_projection_keeps_iterates_feasible():
    traj = optimizers.run_online(optimizers.get("sgd", alpha=5.0), PROBLEM, start=0.0, steps=30)
    assert (np.abs(traj.points) <= 1).all()


def test_reddi_needs_c_above_two():
    with pytest.raises(ValueError, match="C must be greater than 2"):
        landscapes.ReddiCounterexample(C=1.5)


def test_pr3_curve_gradient_and_runs_in_1d():
    curve = landscapes.curve("pr3")
    x = np.linspace(-1, 3, 41)[:, None]
    h = 1e-6
    numeric = (curve.value(x + h) - curve.value(x - h)) / (2 * h)
    np.testing.assert_allclose(curve.grad(x)[:, 0], numeric, rtol=1e-6, atol=1e-6)
    # GD with α = 0.01 from x₀ = 2: f'(2) = 6 + 1 = 7, so x₁ = 2 − 0.07
    traj = optimizers.run(optimizers.get("sgd", alpha=0.01), curve, start=2.0, steps=500)
    assert traj.points.shape == (501, 1)
    assert traj.points[1, 0] == pytest.approx(1.93)
    assert abs(traj.points[-1, 0] - 1) < 0.05
