"""How fast the page answers, in a real Chromium, next to a bare one-chart Streamlit app.

    python bench/bench_app.py [--moves 40] [--rounds 5] [--also path/to/other/app.py ...]

Prints: time to the first drawn chart on opening the page; p50 / p95 of the redraw after a slider
move (key press -> the plot shows the new data) for Landscape Lab and for bench/bare_app.py on the
same machine, and for the bare app with its sockets sending at once (bench/bare_app_nodelay.py); and
the size of the largest figure (11 optimizers x 5000 steps). ``--also`` measures another checkout's
app.py in the same run (the same server config), to compare before and after a change.

Each round opens each app in a new Chromium process, as a student's first visit: a browser that
already ran a page's scripts compiles them again from its own cache, which a first visit does not have.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_FLAGS, IDLE, streamlit_server  # noqa: E402

SIGNATURE = """(name) => {
    const plot = document.querySelector(name ? '.st-key-plot .js-plotly-plot' : '.js-plotly-plot');
    if (!plot || !plot._fullData) return null;
    const t = name ? plot._fullData.find(t => t.name === name) : plot._fullData[0];
    return t ? JSON.stringify(Array.from(t.y).slice(-5)) : null;
}"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(page, url: str, slider: str, trace: str | None, moves: int) -> tuple[float, list[float]]:
    """Open ``url``: the time to its first drawn chart, then ``slider_moves`` on it."""
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(f"() => ({SIGNATURE})({json.dumps(trace)}) !== null", timeout=60_000)
    first_chart = time.perf_counter() - start
    page.wait_for_selector(IDLE)
    return first_chart, slider_moves(page, slider, trace, moves)


def slider_moves(page, slider: str, trace: str | None, moves: int, settle: float = 0.0) -> list[float]:
    """Move ``slider`` one stop, back and forth, ``moves`` times: each move's time from the key press to
    the plot holding new data in ``trace``; after each, wait for the page to be idle and ``settle`` s."""
    latencies = []
    for i in range(moves):
        before = page.evaluate(SIGNATURE, trace)
        page.locator(f"{slider} input[type=range]").first.focus()
        t0 = time.perf_counter()
        page.keyboard.press("ArrowLeft" if i % 2 else "ArrowRight")
        page.wait_for_function(
            f"(old) => {{ const s = ({SIGNATURE})({json.dumps(trace)}); return s !== null && s !== old; }}",
            arg=before,
            polling="raf",
            timeout=60_000,
        )
        latencies.append(time.perf_counter() - t0)
        page.wait_for_selector(IDLE)
        time.sleep(settle)
    return latencies


def largest_figure_kb() -> float:
    import landscapes
    import optimizers
    import viz
    from ui.i18n import CATALOGS
    from ui.runs import CONTOUR_PIXELS

    labels = {k: v for k, v in CATALOGS["en"].MESSAGES.items() if isinstance(v, str)}
    ls = landscapes.get("rosenbrock")
    view = viz.contour.landscape_view(ls, image_pixels=CONTOUR_PIXELS)  # as the app draws it
    paths = []
    for name in optimizers.names():
        traj = optimizers.run(optimizers.get(name), ls, ls.start, 5000, record=True)
        paths.append(viz.summarize(name, traj, ls.minima, ls.bounds, frames=True))
    figures = [viz.contour_figure(view, paths, labels, inspector=True), viz.loss_figure(paths, 0.0, labels)]
    return max(len(f.to_json()) for f in figures) / 1e3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5, help="new browsers per app, taken in turns")
    parser.add_argument("--also", type=Path, nargs="*", default=[], help="other checkouts' app.py")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    apps = (
        ("bare one-chart app", ROOT / "bench" / "bare_app.py", ".st-key-a", None),
        ("bare app, Nagle off", ROOT / "bench" / "bare_app_nodelay.py", ".st-key-a", None),
        ("Landscape Lab", ROOT / "app.py", ".lab-stage-row[data-key='adam.alpha']", "Adam"),
        *((str(app), app, ".lab-stage-row[data-key='adam.alpha']", "Adam") for app in args.also),
    )
    firsts: dict[str, list[float]] = {label: [] for label, *_ in apps}
    redraws: dict[str, list[float]] = {label: [] for label, *_ in apps}
    with ExitStack() as stack, sync_playwright() as p:
        urls = {label: stack.enter_context(streamlit_server(app)) for label, app, *_ in apps}
        warm = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for label, *_ in apps:  # a first visit warms each server (imports, caches), as after a deploy
            page = warm.new_page()
            page.goto(urls[label])
            page.wait_for_selector(IDLE)
        warm.close()
        for _ in range(args.rounds):  # the apps in turns, each time in a new browser (no cache at all)
            for label, _app, slider, trace in apps:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                first, lat = measure(page, urls[label], slider, trace, args.moves // args.rounds)
                firsts[label].append(first)
                redraws[label] += lat
                browser.close()
    for label, *_ in apps:
        lat = redraws[label]
        print(
            f"{label:<20} first chart {statistics.median(firsts[label]):5.2f} s   redraw p50 "
            f"{1e3 * statistics.median(lat):6.0f} ms   p95 {1e3 * percentile(lat, 0.95):6.0f} ms   "
            f"({len(lat)} slider moves, {args.rounds} new browsers)"
        )
    print(f"largest figure (11 optimizers x 5000 steps): {largest_figure_kb():.0f} KB")


if __name__ == "__main__":
    main()
