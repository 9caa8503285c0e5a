"""Learning-rate schedules: α_t step by step as torch.optim.lr_scheduler gives it, and runs that use it."""

from __future__ import annotations

import numpy as np
import pytest

import landscapes
import optimizers
from optimizers import schedules
from tests.references import reference

torch = reference("torch")

ALPHA, STEPS = 0.1, 60


def torch_scheduler(name: str, opt, p: dict):
    s = torch.optim.lr_scheduler
    match name:
        case "constant":
            return s.LambdaLR(opt, lambda t: 1.0)
        case "step":
            return s.StepLR(opt, step_size=p["step_size"], gamma=p["gamma"])
        case "exponential":
            return s.ExponentialLR(opt, gamma=p["gamma"])
        case "cosine":
            return s.CosineAnnealingLR(opt, T_max=p["t_max"], eta_min=p["floor"] * ALPHA)
        case "warmup_cosine":
            w = p["warmup"]
            rise = s.LinearLR(opt, start_factor=1 / (w + 1), end_factor=1.0, total_iters=w)
            fall = s.CosineAnnealingLR(opt, T_max=p["t_max"] - w, eta_min=p["floor"] * ALPHA)
            return s.SequentialLR(opt, [rise, fall], milestones=[w])
        case "inverse_sqrt":
            w = p["warmup"]
            return s.LambdaLR(opt, lambda t: min((t + 1) / w, (w / (t + 1)) ** 0.5))
    raise AssertionError(name)


SETTINGS = {  # short enough that 60 steps see every part: drops, warm-up, the floor and the cosine's rise after T
    "constant": {},
    "step": {"step_size": 7, "gamma": 0.6},
    "exponential": {"gamma": 0.95},
    "cosine": {"t_max": 25, "floor": 0.1},
    "warmup_cosine": {"warmup": 8, "t_max": 40, "floor": 0.05},
    "inverse_sqrt": {"warmup": 10},
}


def torch_alphas(name: str, steps: int = STEPS) -> np.ndarray:
    torch.set_default_dtype(torch.float64)
    W = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([W], lr=ALPHA)
    scheduler = torch_scheduler(name, opt, SETTINGS[name])
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return np.array(out)


@pytest.mark.parametrize("name", schedules.names())
def test_alpha_t_equals_pytorchs_scheduler_step_by_step(name):
    ours = ALPHA * schedules.schedule(name, **SETTINGS[name]).factor(np.arange(STEPS))
    np.testing.assert_allclose(ours, torch_alphas(name), rtol=1e-9, atol=0)


@pytest.mark.parametrize("name", ["cosine", "warmup_cosine", "step"])
def test_adam_with_a_schedule_takes_pytorchs_path(name):
    ls = landscapes.get("rosenbrock")
    opt = optimizers.get("adam", alpha=ALPHA)
    ours = optimizers.run(opt, ls, (-1.5, 2.5), STEPS, schedule=optimizers.schedule(name, **SETTINGS[name])).points
    W = torch.tensor([-1.5, 2.5], dtype=torch.float64, requires_grad=True)
    adam = torch.optim.Adam([W], lr=ALPHA)
    scheduler = torch_scheduler(name, adam, SETTINGS[name])
    theirs = [W.detach().numpy().copy()]
    for _ in range(STEPS):
        adam.zero_grad()
        ((1 - W[0]) ** 2 + 100 * (W[1] - W[0] ** 2) ** 2).backward()
        adam.step()
        scheduler.step()
        theirs.append(W.detach().numpy().copy())
    np.testing.assert_allclose(ours, np.array(theirs), rtol=1e-9, atol=1e-12)


def test_a_constant_schedule_is_the_plain_run_and_a_batch_schedules_each_alpha():
    ls = landscapes.get("himmelblau")
    plain = optimizers.run(optimizers.get("momentum", alpha=0.01), ls, (0.0, 0.0), 100)
    scheduled = optimizers.run(
        optimizers.get("momentum", alpha=0.01), ls, (0.0, 0.0), 100, schedule=optimizers.schedule("constant")
    )
    np.testing.assert_array_equal(plain.points, scheduled.points)
    cosine = optimizers.schedule("cosine", t_max=100)
    batch = optimizers.sweep(optimizers.get("momentum"), ls, (0.0, 0.0), 100, {"alpha": [0.003, 0.01]}, schedule=cosine)
    single = optimizers.run(optimizers.get("momentum", alpha=0.01), ls, (0.0, 0.0), 100, schedule=cosine)
    np.testing.assert_array_equal(batch.trajectory.points[:, 1], single.points)


def test_bad_schedules_explain_themselves():
    with pytest.raises(ValueError, match="unknown schedule"):
        optimizers.schedule("triangle")
    with pytest.raises(ValueError, match="after the warm-up"):
        optimizers.schedule("warmup_cosine", warmup=100, t_max=50)
    with pytest.raises(ValueError, match="γ"):
        optimizers.schedule("step", gamma=1.5)
