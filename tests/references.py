"""Test-only reference implementations (PyTorch, the authors' optimizer packages): skipped with a reason
where missing, and required under CI=true (or LANDSCAPE_LAB_REQUIRE_TORCH=1), where .ci/run installs them."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("LANDSCAPE_LAB_REQUIRE_TORCH"))


def reference(module: str, package: str | None = None) -> ModuleType:
    """``module`` imported; where it is missing, the test skips (locally) or fails (in CI)."""
    if required():
        return importlib.import_module(module)
    install = package or module
    return pytest.importorskip(module, reason=f"{module} is not installed: `pip install {install}` runs these")
