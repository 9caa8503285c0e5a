"""A real Streamlit server and Debian's Chromium, driven by Playwright, for the browser tests."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
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

# A phone as a hall's students hold one: 390×844, touch, and a phone's User-Agent (Playwright's "iPhone 13"
# descriptor), from which the page takes a phone's layout and words ("tap", not "click")
PHONE_USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/15.0 Mobile/15E148 Safari/604.1"
)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": PHONE_USER_AGENT,
}


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


class Server(str):
    """The server's URL (a str), with the PID of its process."""

    pid: int


def rss_mb(pid: int) -> float:
    """Resident memory of a process and of the processes it started (the server's workers, ``ui.cores``),
    from /proc."""
    return sum(_own_rss_mb(p) for p in (pid, *descendants(pid)))


def _own_rss_mb(pid: int) -> float:
    with contextlib.suppress(FileNotFoundError, ProcessLookupError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used, with that of the processes it started, running (the
    server's workers, ``ui.cores``) or ended, from /proc."""
    return sum(_own_cpu_ticks(p, with_ended=p == pid) for p in (pid, *descendants(pid))) / os.sysconf("SC_CLK_TCK")


def _own_cpu_ticks(pid: int, with_ended: bool) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):  # ended meanwhile: its time is its parent's now
        return 0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks + (int(fields[13]) + int(fields[14]) if with_ended else 0)  # cutime, cstime: children waited for


def descendants(pid: int) -> list[int]:
    """Every process ``pid`` started, and theirs, from /proc/<pid>/task/*/children."""
    found, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                children = [int(c) for c in (task / "children").read_text().split()]
                found += children
                todo += children
    return found


@contextmanager
def streamlit_server(
    app: Path = ROOT / "app.py", options: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """``streamlit run app.py`` on a free loopback port (more ``--option=value`` flags and environment
    variables if given); stopped by its PID afterwards."""
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
        *options,
    ]
    log = open(ARTIFACTS.joinpath(f"streamlit-{port}.log"), "w")  # noqa: SIM115 - closed below
    environment = os.environ | dict(env or {})
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment)
    url = Server(f"http://127.0.0.1:{port}")
    url.pid = process.pid
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
    """Wait until the script has finished and every chart on the page is drawn."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector(".js-plotly-plot", timeout=timeout)
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=timeout)


def wait_drawn(page, timeout: float = 30_000) -> None:
    """``wait_idle``, and then the stage's own drawing over the server's figure (ui/js/stage.js) done: the
    plot's traces are then the ones the page keeps showing."""
    wait_idle(page, timeout)
    page.wait_for_selector(".lab-stage[data-ready='1']", timeout=timeout)
    page.wait_for_function("() => window.__lab.quiet()", timeout=timeout)


ALL_CHARTS_DRAWN = """() => {
    const main = document.querySelector('.st-key-plot .js-plotly-plot');
    const charts = document.querySelectorAll('.lab-chart');
    return main && main._fullData && Array.from(charts).every(chart => chart._fullData);
}"""
MAIN_PLOT = ".st-key-plot .js-plotly-plot"  # the paths view's plot (its key is "plot")


def plot_paths(page, selector: str = MAIN_PLOT) -> dict[str, list[list[float]]]:
    """The decoded path traces (name -> [[x, y], ...]) of a plot, read from Plotly's own _fullData."""
    return page.evaluate(
        """(selector) => {
            const plot = document.querySelector(selector);
            const out = {};
            for (const t of plot._fullData) {
                if (t.meta === 'path') out[t.name] = Array.from(t.x, (x, k) => [x, t.y[k]]);
            }
            return out;
        }""",
        selector,
    )


async def one_session(browser, url: str, alpha: float, moves: int) -> dict:
    """A student: opens the page with their own α for Adam, then moves the α slider ``moves`` times.

    Returns the latency of each redraw and the α and Adam path the page finally shows.
    """
    import time as clock

    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    await page.goto(f"{url}/?opt=adam&adam.alpha={alpha}&steps=300")
    await page.wait_for_selector(IDLE, timeout=120_000)
    await page.wait_for_function(ADAM_PATH_JS + " !== null", timeout=120_000)
    latencies = []
    for _ in range(moves):
        before = await page.evaluate(ADAM_PATH_JS)
        await page.locator(".lab-stage-row[data-key='adam.alpha'] input[type=range]").first.focus()
        started = clock.perf_counter()
        await page.keyboard.press("ArrowLeft")
        await page.wait_for_function(
            f"(old) => {{ const s = {ADAM_PATH_JS}; return s !== null && s !== old; }}",
            arg=before,
            polling="raf",
            timeout=120_000,
        )
        latencies.append(clock.perf_counter() - started)
        await page.wait_for_selector(IDLE, timeout=120_000)
    # the server hears the last value at the settle, and its figure of it replaces any older one it sent
    await page.wait_for_selector(".lab-stage[data-synced='1']", timeout=120_000)
    await page.wait_for_selector(IDLE, timeout=120_000)
    await page.evaluate("() => window.__lab.drawing")
    shown_alpha = float(await page.evaluate("() => new URLSearchParams(location.search).get('adam.alpha')"))
    path = json.loads(await page.evaluate(ADAM_PATH_JS))
    await context.close()
    return {"alpha": alpha, "shown_alpha": shown_alpha, "path": path, "latencies": latencies}


ADAM_PATH_JS = """(() => {
    const plot = document.querySelector('.st-key-plot .js-plotly-plot');
    if (!plot || !plot._fullData) return null;
    const t = plot._fullData.find(t => t.name === 'Adam' && t.meta === 'path');
    return t ? JSON.stringify([Array.from(t.x), Array.from(t.y)]) : null;
})()"""


async def many_sessions(url: str, alphas: list[float], moves: int) -> list[dict]:
    """All sessions at once, each in its own browser context (its own cookies, its own Streamlit session)."""
    import asyncio

    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            return await asyncio.gather(*(one_session(browser, url, a, moves) for a in alphas))
        finally:
            await browser.close()


GEOMETRY_JS = """() => {
    const box = (el) => {
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height};
    };
    const plot = document.querySelector('.st-key-plot .js-plotly-plot');
    const inPlot = (selector) => plot ? Array.from(plot.querySelectorAll(selector), box) : [];
    const formula = document.querySelector('.st-key-formula .katex-display');
    const charts = Array.from(document.querySelectorAll('.lab-chart'), box);
    return {
        viewport: {width: innerWidth, height: innerHeight},
        plot: box(plot),
        axes: inPlot('.nsewdrag')[0] || null,
        legend: inPlot('.legend')[0] || null,
        modebar: inPlot('.modebar')[0] || null,
        buttons: inPlot('.updatemenu-button'),
        rail: inPlot('.slider-rail-rect')[0] || null,
        current: inPlot('.slider-group > text.slider-label')[0] || null,
        colorbar: inPlot('.colorbar')[0] || null,
        charts: charts,
        sidebar: box(document.querySelector('[data-testid=stSidebar]')),
        formula: formula && {box: box(formula), scroll: formula.scrollWidth, client: formula.clientWidth},
        pageWidth: document.documentElement.scrollWidth,
    };
}"""


BOXES_JS = """(selector) => Array.from(document.querySelectorAll(selector), (e) => {
    const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
})"""


def boxes(page, selector: str) -> list[dict]:
    """Where each element ``selector`` finds is on the screen, in CSS pixels (top, bottom, left, right)."""
    return page.evaluate(BOXES_JS, selector)


def geometry(page) -> dict:
    """Where the main plot and its parts are on the screen, in CSS pixels (see ``GEOMETRY_JS``)."""
    return page.evaluate(GEOMETRY_JS)
