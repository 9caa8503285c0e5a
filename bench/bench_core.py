"""Steps per second of each optimizer, next to the cost of the gradient evaluations alone.

    python bench/bench_core.py

For one path (2,000 steps) and for a batch of 4,096 paths x 300 steps on Rosenbrock, it prints the
optimizer's steps per second, the gradient-only rate for the same shapes, and their ratio
(run time / gradient time): the optimizer's own overhead per step should be a small multiple.
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


def main() -> None:
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
