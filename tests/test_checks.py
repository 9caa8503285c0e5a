"""The habits that keep the code as the README describes it, each run as its own tool would in CI.

ruff: style and lint (config in pyproject.toml); import-linter: the layering of "How the code is laid
out" (``[tool.importlinter]``); vulture: no dead code (``tests/vulture_whitelist.py`` lists what only
looks dead, each with its reason); deptry: every import declared in the right requirements file
(``[tool.deptry]``). Each tool is in requirements-dev.txt; a missing one skips with the command that
installs it, except under CI=true, where it fails.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What the app is made of; tests/ and bench/ use it but are not part of it.
APP_CODE = ["app.py", "ui", "classroom", "viz", "optimizers", "landscapes", "parameters"]


def run_tool(module: str, *arguments: str, main: str | None = None) -> subprocess.CompletedProcess:
    """``python -m module arguments`` in the repository (or ``main``, the tool's entry point, where the
    package has no ``__main__``), as this interpreter runs it."""
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed: CI installs requirements-dev.txt")
        pytest.skip(f"{module} is not installed: `pip install -r requirements-dev.txt`")
    command = ["-c", f"import sys; from {module} import {main}; sys.exit({main}())"] if main else ["-m", module]
    return subprocess.run([sys.executable, *command, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff_is_clean(command):
    result = run_tool("ruff", *command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_follow_the_layers():
    # app -> ui -> viz | optimizers | landscapes -> parameters; the core imports neither Streamlit nor
    # Plotly, viz neither Streamlit nor ui (the contracts are in pyproject.toml)
    result = run_tool("importlinter.cli", "--no-cache", main="lint_imports_command")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_dependencies_are_declared_where_they_belong():
    # every import of the app in requirements.txt, each runtime dependency used, no test-only one imported
    result = run_tool("deptry", ".", "--no-ansi")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No dependency issues found" in result.stdout + result.stderr


def test_no_dead_code():
    # over the app's code ([tool.vulture]); what only looks unused is in vulture_whitelist.py, with why
    result = run_tool("vulture")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


MODULE_LINES, FUNCTION_LINES = 400, 60


def test_modules_and_functions_stay_small_enough_to_read():
    # a module of the app or the benchmarks reads in one sitting (the catalogs are tables, not code), a
    # function on one screen
    # only the app's and the benchmarks' own files: the README's virtual environment lives in .venv,
    # whose site-packages are not ours to measure (nor always parseable by this Python)
    too_long = []
    files = [ROOT / name for name in APP_CODE if name.endswith(".py")]
    files += [path for name in [*APP_CODE, "bench"] if not name.endswith(".py") for path in (ROOT / name).rglob("*.py")]
    for path in sorted(files):
        relative = path.relative_to(ROOT)
        if "locales" in relative.parts:
            continue
        source = path.read_text()
        if len(source.splitlines()) > MODULE_LINES:
            too_long.append(f"{relative}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    too_long.append(f"{relative}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []
