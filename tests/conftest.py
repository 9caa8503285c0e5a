"""Load tests are opt-in locally (``pytest -m load``) and always run in CI (CI=true)."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CI") or "load" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="load test: opt in with `pytest -m load` (CI always runs it)")
    for item in items:
        if "load" in item.keywords:
            item.add_marker(skip)
