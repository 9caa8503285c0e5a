"""How long a typed formula takes: what tests/test_expressions.py only bounds (its bounds guard a hang).

    python bench/bench_formulas.py [--grown 300]

For each formula of issue 9 (those that once held the server for seconds, minutes or for good), in a new
interpreter each (SymPy loaded and warmed by one small formula first, as the tests do): parse, derivative
and one evaluation, then the Hessian; then again in one interpreter after ``--grown`` random formulas
within the limits have filled SymPy's cache (as the tests' Hypothesis run does); and the hostile corpus,
each rejected by the parser: its median and slowest.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import landscapes  # noqa: E402
from landscapes.expression import FUNCTIONS, MAX_LENGTH, formula, hessian  # noqa: E402
from tests.test_expressions import HOSTILE, ISSUE_9_FORMULAS  # noqa: E402

POINTS = np.linspace(-1, 1, 6)


def seconds(text: str) -> tuple[float, float]:
    """Parse + derivative + one evaluation, then the Hessian (rejected or not: the time it took)."""
    started = time.perf_counter()
    try:
        checked = formula(text)
        checked.value(POINTS, POINTS[::-1])
        checked.grad(POINTS, POINTS[::-1])
    except ValueError:
        pass
    first, started = time.perf_counter() - started, time.perf_counter()
    with contextlib.suppress(ValueError):
        hessian(text)(POINTS, POINTS[::-1])
    return first, time.perf_counter() - started


def warm() -> None:
    for name in FUNCTIONS:
        landscapes.from_expression(f"{name}(x / 9) + abs(y)^3 + exp(99)")


def grown(rng: random.Random) -> str:
    """A random formula within the length limit, grown as the tests' Hypothesis strategy grows them."""
    text = rng.choice(["x", "y", "pi", "e", "2", "0.5", "999999", "(999999+x-x)", "(x-x)", "64"])
    while True:
        other = rng.choice(["x", "y", "2", "0.5"])
        bigger = rng.choice([f"{rng.choice(FUNCTIONS)}({text})", f"({text}){rng.choice('+-*/')}({other})"])
        if len(bigger) > MAX_LENGTH or rng.random() < 0.1:
            return text
        text = bigger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grown", type=int, default=300)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a new interpreter's part: one formula, as JSON
    args = parser.parse_args()
    if args.one is not None:
        warm()
        print(json.dumps(seconds(args.one)))
        return
    cold = {}
    for name, text in ISSUE_9_FORMULAS.items():
        out = subprocess.run([sys.executable, __file__, "--one", text], capture_output=True, text=True, check=True)
        cold[name] = json.loads(out.stdout.splitlines()[-1])
    warm()
    rng = random.Random(0)
    parts = np.array([seconds(grown(rng)) for _ in range(args.grown)])
    print(f"{'formula':32} {'new interpreter':>22} {'SymPy cache full':>22}   (f + ∇f / ∇²f, seconds)")
    for name, text in ISSUE_9_FORMULAS.items():
        full = seconds(text)
        print(f"{name:32} {cold[name][0]:>10.3f} / {cold[name][1]:.3f}   {full[0]:>10.3f} / {full[1]:.3f}")
    print(
        f"slowest of {args.grown} random formulas within the limits: {parts[:, 0].max():.3f} / {parts[:, 1].max():.3f}"
    )
    rejected = []
    for text in HOSTILE:
        started = time.perf_counter()
        with contextlib.suppress(ValueError):
            landscapes.from_expression(text)
        rejected.append(time.perf_counter() - started)
    print(
        f"hostile texts ({len(HOSTILE)}), rejected: median {1e3 * statistics.median(rejected):.2f} ms, "
        f"slowest {1e3 * max(rejected):.2f} ms"
    )


if __name__ == "__main__":
    main()
