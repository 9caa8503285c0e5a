"""Where a slider move's time goes in the browser: Chromium's own profiler over slider moves.

    python bench/profile_browser.py [--moves 20] [--app path/to/app.py]

For Landscape Lab and the bare one-chart app (bench/bare_app.py), each in Debian's Chromium at
1366×768: open the page, then move the α slider ``--moves`` times while the DevTools protocol's sampling
profiler runs. Prints the redraw latency (key press -> the plot holds the new data) and the browser's
busy time per move by what it ran: Plotly, Streamlit's frontend (React and its components), the
browser's own style, layout and paint, garbage collection. The profiler's own overhead makes every
figure larger than without it; compare the apps with each other, not with bench_app.py.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_app import SIGNATURE, slider_moves  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_FLAGS, IDLE, streamlit_server  # noqa: E402

STREAMLIT_CHUNKS = ("/static/js/",)


def category(url: str, function: str) -> str | None:
    """What a sample's innermost frame was running; None for idle."""
    if function == "(idle)":
        return None
    if function in ("(program)", "(garbage collector)"):
        return {"(program)": "the browser itself: style, layout, paint", "(garbage collector)": "garbage collection"}[
            function
        ]
    if "PlotlyChart" in url or url.startswith("blob:") or "/app/static/scripts/" in url:
        return "Plotly (and the page's chart module)"
    if any(part in url for part in STREAMLIT_CHUNKS):
        return "Streamlit's frontend: React, its elements, messages"
    return "other scripts (the browser's, the test driver's)"


def profile(browser, url: str, slider: str, trace: str | None, moves: int) -> tuple[list[float], dict[str, float]]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(f"() => ({SIGNATURE})({json.dumps(trace)}) !== null", timeout=60_000)
    page.wait_for_selector(IDLE)
    time.sleep(1.0)
    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    # what a move set off after the redraw (the other charts) is counted too
    latencies = slider_moves(page, slider, trace, moves, settle=0.5)
    samples = cdp.send("Profiler.stop")["profile"]
    context.close()
    nodes = {node["id"]: node["callFrame"] for node in samples["nodes"]}
    spent: collections.Counter[str] = collections.Counter()
    for node, micros in zip(samples["samples"], [*samples["timeDeltas"][1:], 0], strict=True):
        name = category(nodes[node]["url"], nodes[node]["functionName"])
        if name is not None:
            spent[name] += micros
    return latencies, {name: micros / 1e3 / moves for name, micros in spent.most_common()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    apps = (
        ("bare one-chart app", ROOT / "bench" / "bare_app.py", ".st-key-a", None),
        ("Landscape Lab", args.app, ".lab-stage-row[data-key='adam.alpha']", "Adam"),
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for label, app, slider, trace in apps:
            with streamlit_server(app) as url:
                latencies, spent = profile(browser, url, slider, trace, args.moves)
            print(
                f"{label} ({app}): redraw p50 {1e3 * statistics.median(latencies):.0f} ms under the profiler; "
                f"busy {sum(spent.values()):.0f} ms per move"
            )
            for name, ms in spent.items():
                print(f"  {ms:6.1f} ms  {name}")
        browser.close()


if __name__ == "__main__":
    main()
