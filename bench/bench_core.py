"""Steps per second of each optimizer, next to the cost of the gradient evaluations alone.

    python bench/bench_core.py [--landscapes]

For one path (2,000 steps) and for a batch of 4,096 paths x 300 steps on Rosenbrock, it prints the
optimizer's steps per second, the gradient-only rate for the same shapes, and their ratio
(run time / gradient time): the optimizer's own overhead per step should be a small multiple.

With ``--landscapes``: what a step costs on each kind of landscape relative to Rosenbrock, as the page
runs them (``ui.budget`` prices a landscape by these figures): Adam's α row (25 paths, recorded, as
``ui.runs`` computes a slider) and the many-starts map (625 paths), 1000 steps, f along the paths included.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import landscapes
import optimizers


def best_of(repeats: int, fn) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def landscape_only(ls, W: np.ndarray, steps: int) -> None:
    """What every step of ``run`` must evaluate anyway: ∇f to move, f to report and check."""
    for _ in range(steps):
        ls.grad(W)
        ls.value(W)


def row_seconds(ls, batch_size: int | None = None, paths: int = 25, steps: int = 1000) -> float:
    """Adam on ``ls`` for ``paths`` paths at once (an α row: a sweep over α, recorded, as the page runs it)."""
    alphas = np.geomspace(1e-3, 1.0, paths)
    start = ls.start
    opt = optimizers.get("adam")
    run = lambda: optimizers.sweep(opt, ls, start, steps, {"alpha": alphas}, record=True, batch_size=batch_size)  # noqa: E731
    return best_of(5, run)


def landscape_costs() -> None:
    """A step's cost on each kind of landscape, relative to Rosenbrock's, for a row and for a map."""
    from landscapes.expression import formula

    typed = {
        "x^2 + y^2": "x^2 + y^2",
        "tanh nest": "tanh(x*y*" * 10 + "x" + ")" * 10,
        "abs nest": "abs(x/" * 11 + "x*y" + ")" * 11,
    }
    cases = {
        "rosenbrock": (landscapes.get("rosenbrock"), None),
        "quadratic": (landscapes.get("quadratic", kappa=50), None),
        "regression, full batch": (landscapes.get("regression"), None),
        "regression, B = 8": (landscapes.get("regression"), 8),
    }
    for label, text in typed.items():
        ops = len(formula(text).grad.steps)
        cases[f"typed {label} ({ops} calls)"] = (landscapes.from_expression(text), None)
    row_seconds(cases["rosenbrock"][0])  # NumPy's first calls
    for paths in (25, 625):
        seconds = {label: row_seconds(ls, batch_size, paths=paths) for label, (ls, batch_size) in cases.items()}
        print(f"\nAdam, {paths} paths x 1000 steps:")
        for label, spent in seconds.items():
            print(f"  {label:32s} {spent * 1e3:7.0f} ms  {spent / seconds['rosenbrock']:5.2f} x Rosenbrock")


def main() -> None:
    if "--landscapes" in sys.argv:
        landscape_costs()
        return
    ls = landscapes.get("rosenbrock")
    rng = np.random.default_rng(0)
    cases = {
        "1 path x 2000 steps": (np.array([-1.5, 2.5]), 2000),
        "4096 paths x 300 steps": (rng.uniform(-2, 3, size=(4096, 2)), 300),
    }
    for label, (start, steps) in cases.items():
        W = np.atleast_2d(start)
        grad_time = best_of(5, lambda W=W, steps=steps: landscape_only(ls, W, steps))
        print(f"\n{label}: f and ∇f alone {steps / grad_time:,.0f} steps/s")
        print(f"{'optimizer':<10} {'steps/s':>10} {'path-steps/s':>14} {'run/f+∇f':>9}")
        for name in optimizers.names():
            opt = optimizers.get(name)
            t = best_of(5, lambda opt=opt, start=start, steps=steps: optimizers.run(opt, ls, start, steps))
            print(f"{name:<10} {steps / t:>10,.0f} {steps * len(W) / t:>14,.0f} {t / grad_time:>9.1f}")


if __name__ == "__main__":
    main()
