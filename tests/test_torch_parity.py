"""The same trajectories as torch.optim, in float64, with the README's hyperparameter mapping.

PyTorch computes the gradient itself (autograd), so this checks both the rules and the gradients (and
for Newton's method, which torch.optim lacks, the Hessian too).
Skips where torch or a package is not installed (tests/references.py); in CI a missing one fails.
"""

import numpy as np
import pytest

import landscapes
import optimizers
from tests.references import reference

torch = reference("torch")

# The authors' own packages for the methods torch.optim lacks (test-only; .ci/run installs them).
REFERENCES = {"lion": "lion_pytorch", "schedule_free_adamw": "schedulefree", "prodigy": "prodigyopt"}


def reference_package(name: str):
    return reference(REFERENCES[name], REFERENCES[name].replace("_", "-"))


def rosenbrock(W):
    x, y = W[0], W[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def himmelblau(W):
    x, y = W[0], W[1]
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def torch_optimizer(name, params, hp):
    o = torch.optim
    betas = (hp.get("rho1"), hp.get("rho2"))
    wd = hp["weight_decay"]
    match name:
        case "sgd":
            return o.SGD(params, lr=hp["alpha"], weight_decay=wd)
        case "momentum" | "nesterov":
            return o.SGD(params, lr=hp["alpha"], momentum=hp["beta"], nesterov=name == "nesterov", weight_decay=wd)
        case "adagrad":
            return o.Adagrad(params, lr=hp["alpha"], eps=hp["eps"], weight_decay=wd)
        case "rmsprop":
            return o.RMSprop(params, lr=hp["alpha"], alpha=hp["rho"], eps=hp["eps"], weight_decay=wd)
        case "adadelta":
            return o.Adadelta(params, lr=hp["alpha"], rho=hp["rho"], eps=hp["eps"], weight_decay=wd)
        case "adam" | "amsgrad":
            return o.Adam(
                params, lr=hp["alpha"], betas=betas, eps=hp["eps"], weight_decay=wd, amsgrad=name == "amsgrad"
            )
        case "adamw":
            return o.AdamW(params, lr=hp["alpha"], betas=betas, eps=hp["eps"], weight_decay=wd)
        case "adamax":
            return o.Adamax(params, lr=hp["alpha"], betas=betas, eps=hp["eps"], weight_decay=wd)
        case "nadam":
            return o.NAdam(
                params, lr=hp["alpha"], betas=betas, eps=hp["eps"], weight_decay=wd, momentum_decay=hp["momentum_decay"]
            )
        case "radam":
            return o.RAdam(params, lr=hp["alpha"], betas=betas, eps=hp["eps"], weight_decay=wd)
        case "lion" | "schedule_free_adamw" | "prodigy":
            return authors_optimizer(name, params, hp, betas, wd)
    raise AssertionError(f"no PyTorch mapping for {name}")


def authors_optimizer(name, params, hp, betas, wd):
    """The reference packages of the methods torch.optim lacks."""
    match name:
        case "lion":
            return reference_package(name).Lion(params, lr=hp["alpha"], betas=betas, weight_decay=wd)
        case "schedule_free_adamw":
            opt = reference_package(name).AdamWScheduleFree(
                params, lr=hp["alpha"], betas=betas, eps=hp["eps"], weight_decay=wd, warmup_steps=int(hp["warmup"])
            )
            opt.train()  # its parameters hold y, where the gradient is taken: the path the page draws
            return opt
        case "prodigy":
            return reference_package(name).Prodigy(
                params, lr=hp["alpha"], betas=betas, eps=hp["eps"], weight_decay=wd, d0=hp["d0"]
            )
    raise AssertionError(name)


def torch_newton(hp, f, start, steps):
    """Saddle-free Newton with torch's own gradient and Hessian (autograd) and eigendecomposition."""
    W = torch.tensor(start, dtype=torch.float64)
    points = [W.numpy().copy()]
    for _ in range(steps):
        g, H = torch.func.grad(f)(W), torch.func.hessian(f)(W)
        lam, V = torch.linalg.eigh(H)
        W = W - hp["alpha"] * V @ ((V.T @ g) / (lam.abs() + hp["delta"]))
        points.append(W.numpy().copy())
    return np.array(points)


def torch_trajectory(name, hp, f, start, steps):
    if name == "newton":  # no torch.optim twin
        return torch_newton(hp, f, start, steps)
    torch.set_default_dtype(torch.float64)  # else NAdam keeps its μ product in float32
    W = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(name, [W], hp)
    points = [W.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        f(W).backward()
        opt.step()
        points.append(W.detach().numpy().copy())
    return np.array(points)


# Settings that keep every method inside the window, with weight decay on to check it too.
SETTINGS = {
    "sgd": {"alpha": 1e-4, "weight_decay": 0.1},
    "momentum": {"alpha": 1e-4, "beta": 0.9, "weight_decay": 0.1},
    "nesterov": {"alpha": 1e-4, "beta": 0.8},
    "adagrad": {"alpha": 0.05, "weight_decay": 0.01},
    "rmsprop": {"alpha": 0.003, "rho": 0.9},
    "adadelta": {"alpha": 1.0, "rho": 0.95, "weight_decay": 0.01},
    "adam": {"alpha": 0.02, "weight_decay": 0.01},
    "amsgrad": {"alpha": 0.02, "rho2": 0.99},
    "adamw": {"alpha": 0.02, "weight_decay": 0.1},
    "adamax": {"alpha": 0.02},
    "nadam": {"alpha": 0.02, "momentum_decay": 0.01},
    "newton": {"alpha": 0.5, "delta": 2.0},
    "radam": {"alpha": 0.002, "weight_decay": 0.01},  # its first 5 steps are α·p̂: Rosenbrock's |g| is 500
    "lion": {"alpha": 0.01, "weight_decay": 0.1},
    "schedule_free_adamw": {"alpha": 0.05, "weight_decay": 0.01, "warmup": 10.0},
    "prodigy": {"alpha": 1.0, "weight_decay": 0.01, "d0": 1e-3},
}


@pytest.mark.parametrize("name", optimizers.names())
@pytest.mark.parametrize(
    ("landscape", "f", "start"), [("rosenbrock", rosenbrock, (-1.5, 2.5)), ("himmelblau", himmelblau, (0.5, -0.5))]
)
def test_same_trajectory_as_pytorch(name, landscape, f, start):
    opt = optimizers.get(name, **SETTINGS[name])
    ours = optimizers.run(opt, landscapes.get(landscape), start=start, steps=60).points
    theirs = torch_trajectory(name, dict(opt.hyperparameters), f, start, 60)
    assert np.isfinite(ours).all()
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
