"""Load tests are opt-in locally (``pytest -m load``) and always run in CI (CI=true). The browser tests'
shared server and Chromium, and a server with its classes in Redis, are here."""

import os
from contextlib import closing

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CI") or "load" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="load test: opt in with `pytest -m load` (CI always runs it)")
    for item in items:
        if "load" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def server():
    """``streamlit run app.py`` for one test module."""
    from tests.browser import ARTIFACTS, require_chromium, streamlit_server

    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    """Debian's Chromium, headless, for one test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_FLAGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lecturer_and_server():
    """A server whose classes live in Redis, and the lecturer's side of them in this process, as the
    lecturer's own replica would act."""
    from classroom.classes import Classes
    from classroom.redis_store import RedisStore
    from tests.browser import streamlit_server
    from tests.redis_server import redis_server

    with (
        redis_server() as url,
        streamlit_server(env={"LANDSCAPE_LAB_REDIS_URL": url}) as server,
        closing(RedisStore(url)) as store,  # its listener goes before Redis: else it retries, logging
    ):
        yield Classes(store), server
