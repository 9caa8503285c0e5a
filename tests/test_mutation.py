"""Mutation testing of the update rules: do the tests notice when a rule's arithmetic changes?

mutmut (``[tool.mutmut]`` in pyproject.toml) makes each rule of ``optimizers/`` and ``Optimizer.step``
wrong in one place at a time (an operator, a constant, an argument: a "mutant") and runs the tests that
reach it, tests/test_optimizer_rules.py and the batched-equals-single test of tests/test_run.py; a mutant
the tests still pass on "survived". It runs in a copy of the code in a temporary folder, so nothing it
writes (its ``mutants/`` folder, the mutated copies) touches the repository.

Measured on 2026-12-06: 790 of 813 mutants killed (97.2 %; 761 of 784 on 2026-12-05, before the adaptive
step size had its own function; 755 of 778 on 2026-12-04, before W_{t+1} was made in place in its row).
The 23 that survive change nothing a caller can see, so no test can kill them:

- Prodigy: ``d₀ * 1.0`` → ``d₀ / 1.0`` (both copy d₀ into a float array); ``W.shape[:-1]`` → ``[:+1]``,
  ``[:-2]``, or the shape ``(K, 2)`` for ``(K, 1)``, and ``axis=-1`` → ``axis=+1`` in two sums (W is
  always (K, 2), and d₀ is the same number for every path and coordinate); ``d_max`` taken as d or not
  kept (it always equals d: with no growth limit d_{t+1} is the largest d̂ so far, as d_max is);
  ``errstate(divide=...)`` dropped (N/‖s‖₁ can only be 0/0, "invalid": s is 0 only while every gradient so
  far was 0, and then so is N).
- RAdam: ``np.asarray(ρ₂, dtype=float)`` without the dtype (ρ₂ is a float already); ``n_t > 5`` → ``≥ 5``
  (n_t is never exactly 5); the ``float(scale)`` branch (the scale always has r's shape, never 0-d).
- Newton: the rows of a non-finite H set to 1 rather than 0 before ``eigh`` (their directions are NaN
  afterwards either way); ``errstate(invalid=...)`` dropped (where H is finite, |λ| + δ is finite and ≥ 0:
  1/0 is "divide", never "invalid"); the ``einsum`` subscripts in capitals (the same contraction);
  ``direction[~finite] = None`` (None in a float array is NaN).
- ``OptimizerSpec.init`` without ``dtype=float`` (only an integer W would differ, and every rule's
  arithmetic makes its next state float: ``run`` gives it float W anyway).

``Optimizer``'s cached properties (which hyperparameters the rule gets, whether λ is 0) are decorated, and
mutmut leaves decorated functions alone; tests/test_optimizer_rules.py tests them through the steps.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MEASURED = 790 / 813  # the share killed on 2026-12-06; the 23 survivors are equivalent (above)


def mutmut(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *arguments], cwd=cwd, capture_output=True, text=True, timeout=900
    )


def copy_of_the_core(folder: Path) -> None:
    """What mutmut needs, as ``[tool.mutmut]`` declares it: the code, and the tests it selects."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    tests = {selection.split("::")[0] for selection in config["pytest_add_cli_args_test_selection"]}
    for path in [*config["source_paths"], *config["also_copy"], "pyproject.toml"]:
        if (ROOT / path).is_dir():
            shutil.copytree(ROOT / path, folder / path, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / path, folder / path)
    (folder / "tests").mkdir()
    for path in [*tests, "tests/__init__.py", "tests/conftest.py"]:
        shutil.copy(ROOT / path, folder / path)


def test_the_rule_tests_kill_the_mutants_of_the_update_rules(tmp_path):
    if importlib.util.find_spec("mutmut") is None:
        if os.environ.get("CI"):
            pytest.fail("mutmut is not installed: CI installs requirements-dev.txt")
        pytest.skip("mutmut is not installed: `pip install -r requirements-dev.txt`")
    copy_of_the_core(tmp_path)
    run = mutmut("run", "--max-children", str(os.cpu_count() or 2), cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    mutmut("export-cicd-stats", cwd=tmp_path)
    stats = json.loads((tmp_path / "mutants" / "mutmut-cicd-stats.json").read_text())
    survivors = [line.strip() for line in mutmut("results", cwd=tmp_path).stdout.splitlines() if line.strip()]
    assert stats["total"] > 700, stats  # every rule was mutated
    assert stats["killed"] / stats["total"] >= MEASURED, f"{stats}\nnot killed:\n" + "\n".join(survivors)
