"""How fast the stage answers a stop change, in a real Chromium with its CPU throttled 4× (a student's phone).

    python bench/bench_stage.py [--stops 40]

For each screen (1366×768, and a 390×844 touch phone), opens the paths view with three optimizers,
then moves Adam's α on the stage stop by stop (an ``input`` event, as a drag or an arrow key makes) and
times, inside the page, from the event to the frame painted after the plot holds the new path (two
animation frames: the moved SVG painted). Prints p50 / p95 per screen, the rows' bytes over the wire and
how many messages went to the server during the stops (none is the target).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_FLAGS, streamlit_server, wait_idle  # noqa: E402

LINK = "/?opt=sgd,momentum,adam"
SCREENS = {"1366x768": {"viewport": {"width": 1366, "height": 768}}}
SCREENS["390x844 phone"] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

# From an input event to the paint after the path's SVG holds the new stop, for each of `stops` stops back and forth.
TIMED_STOPS = """async (stops) => {
    const input = document.querySelector('#lab-stage-adam\\\\.alpha');
    const gd = window.__lab.charts.plot;
    const k = gd._fullData.findIndex(t => t.meta === 'path' && t.legendgroup === 'adam');
    const drawn = () => Array.from(gd.querySelectorAll('.scatterlayer g.trace'))
        .find(g => g.__data__ && g.__data__[0].trace.index === k).querySelector('path.js-line').getAttribute('d');
    const times = [];
    const top = Number(input.max);
    for (let k = 0; k < stops; k += 1) {
        const index = Math.abs(((k + 3) % (2 * top)) - top);
        const before = drawn();
        const started = performance.now();
        input.value = String(index);
        input.dispatchEvent(new Event('input', {bubbles: true}));
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        if (drawn() === before && index !== Number(input.dataset.last)) throw new Error('not redrawn');
        input.dataset.last = String(index);
        times.push(performance.now() - started);
    }
    return times;
}"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(browser, url: str, screen: dict, stops: int) -> dict:
    context = browser.new_context(**screen)
    page = context.new_page()
    sent, rows = [], []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.on("response", lambda r: "/static/rows/" in r.url and rows.append(int(r.headers.get("content-length", 0))))
    page.goto(url + LINK)
    wait_idle(page, timeout=120_000)
    page.wait_for_selector(".lab-stage[data-ready='1']", timeout=60_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.wait_for_timeout(1000)
    sent.clear()
    times = page.evaluate(TIMED_STOPS, stops)
    during = len(sent)
    context.close()
    return {"p50": statistics.median(times), "p95": percentile(times, 0.95), "rows": rows, "sent": during}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=40)
    stops = parser.parse_args().stops
    from playwright.sync_api import sync_playwright

    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for name, screen in SCREENS.items():
            got = measure(browser, url, screen, stops)
            print(
                f"{name}: stop -> painted p50 {got['p50']:.1f} ms, p95 {got['p95']:.1f} ms (CPU 4x slower); "
                f"rows {sum(got['rows']) / 1024:.1f} KB gz {got['rows']}; messages to the server {got['sent']}"
            )
        browser.close()


if __name__ == "__main__":
    main()
