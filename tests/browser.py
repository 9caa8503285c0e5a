"""A real Streamlit server and Debian's Chromium, driven by Playwright, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "artifacts"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def require_chromium() -> None:
    """Skip where there is no Chromium, except in CI, where a missing browser is a failure."""
    missing = not Path(CHROMIUM).exists()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: install Debian's chromium ({CHROMIUM}) and playwright")
        pytest.skip(f"browser tests need {CHROMIUM} (apt-get install chromium) and playwright")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(app: Path = ROOT / "app.py") -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port; stopped by its PID afterwards."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    log = open(ARTIFACTS.joinpath(f"streamlit-{port}.log"), "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished and the main plot is drawn."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector(".js-plotly-plot", timeout=timeout)
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot') && document.querySelector('.js-plotly-plot')._fullData",
        timeout=timeout,
    )


def plot_paths(page, plot_index: int = 0) -> dict[str, list[list[float]]]:
    """The decoded path traces (name -> [[x, y], ...]) of a plot, read from Plotly's own _fullData."""
    return page.evaluate(
        """(i) => {
            const plot = document.querySelectorAll('.js-plotly-plot')[i];
            const out = {};
            for (const t of plot._fullData) {
                if (t.mode === 'lines' && t.name) out[t.name] = Array.from(t.x, (x, k) => [x, t.y[k]]);
            }
            return out;
        }""",
        plot_index,
    )
