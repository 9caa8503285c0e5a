"""How fast the stage answers a stop change, in a real Chromium with its CPU throttled 4× (a student's phone).

    python bench/bench_stage.py [--stops 40] [--old]

For each screen (1366×768, and a 390×844 touch phone), opens the paths view with three optimizers and
moves Adam's α on the stage stop by stop, two ways:

- **keys**: an ``input`` event in a task of its own, as an arrow key's comes, timed inside the page from
  the event to the second animation frame after it (the frame that drew the new path has been painted);
- **touch** (the phone): a real drag, ``Input.dispatchTouchEvent`` through Chromium's input pipeline, a
  move of one stop every 50 ms, timed from each ``input`` event's own timestamp (the touch's) to the
  second animation frame after it.

Until 2026-12-06 the event was dispatched from inside an animation frame callback (``--old`` still does).
A Chromium trace shows what that costs: the stage asks for the next frame to draw the stop, and a frame
callback asked for from inside a frame callback runs a frame later, so each stop rendered twice (the
thumb, then the path) a frame apart. Neither a drag nor a key does that: Chromium dispatches a drag's
moves at the start of a frame, before its animation callbacks, so the stop is drawn in that same frame,
and a key's event comes in a task between frames.

Prints p50 / p95 per screen and way, the rows' bytes over the wire and how many messages went to the
server during the stops (none is the target).
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

# From an input event to the paint after the path's SVG holds the new stop, for each of `stops` stops back and
# forth; the event dispatched in a task of its own (an arrow key's), or with `inFrame` from a frame callback.
TIMED_STOPS = """async ([stops, inFrame]) => {
    const input = document.querySelector('#lab-stage-adam\\\\.alpha');
    const gd = window.__lab.charts.plot;
    const k = gd._fullData.findIndex(t => t.meta === 'path' && t.legendgroup === 'adam');
    const drawn = () => Array.from(gd.querySelectorAll('.scatterlayer g.trace'))
        .find(g => g.__data__ && g.__data__[0].trace.index === k).querySelector('path.js-line').getAttribute('d');
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    const task = () => new Promise((done) => setTimeout(done, 0));
    const times = [];
    const top = Number(input.max);
    for (let k = 0; k < stops; k += 1) {
        const index = Math.abs(((k + 3) % (2 * top)) - top);
        await (inFrame ? frame() : task());
        const before = drawn();
        const started = performance.now();
        input.value = String(index);
        input.dispatchEvent(new Event('input', {bubbles: true}));
        await frame();
        await frame();
        if (drawn() === before && index !== Number(input.dataset.last)) throw new Error('not redrawn');
        input.dataset.last = String(index);
        times.push(performance.now() - started);
    }
    return times;
}"""

# Each input event of a real drag: from its timestamp (the touch's) to the second animation frame after it.
WATCH_DRAG = """() => {
    window.__labDrag = [];
    document.querySelector('#lab-stage-adam\\\\.alpha').addEventListener('input', (event) => {
        const at = event.timeStamp;
        requestAnimationFrame(() => requestAnimationFrame(() => window.__labDrag.push(performance.now() - at)));
    }, true);
}"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(browser, url: str, screen: dict, stops: int, in_frame: bool, touch: bool) -> dict:
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
    times = page.evaluate(TIMED_STOPS, [stops, in_frame])
    figures = {"keys": times}
    if touch:
        figures["touch"] = drag(page, cdp, stops)
    during = len(sent)
    context.close()
    got = {way: (statistics.median(t), percentile(t, 0.95)) for way, t in figures.items()}
    return got | {"rows": rows, "sent": during}


def drag(page, cdp, stops: int) -> list[float]:
    """A real touch drag over Adam's α, one stop every 50 ms, back and forth: each stop's time from its input
    event's timestamp to the second animation frame after it."""
    control = page.locator("#lab-stage-adam\\.alpha")
    control.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box, top, at = control.bounding_box(), int(control.get_attribute("max")), int(control.input_value())
    page.evaluate(WATCH_DRAG)
    inset, y = 8, box["y"] + box["height"] / 2  # the thumb's centre travels the track less its radius
    pitch = (box["width"] - 2 * inset) / top

    def touch(kind: str, index: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": box["x"] + inset + pitch * index, "y": y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", at)
    way = -1 if at > top / 2 else 1
    for _ in range(stops):
        if not 0 <= at + way <= top:
            way = -way
        at += way
        touch("touchMove", at)
        page.wait_for_timeout(50)
    touch("touchEnd", at)
    page.wait_for_timeout(500)
    return page.evaluate("window.__labDrag")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=40)
    parser.add_argument("--old", action="store_true", help="dispatch each stop's event from a frame callback")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for name, screen in SCREENS.items():
            got = measure(browser, url, screen, arguments.stops, arguments.old, screen.get("has_touch", False))
            ways = "; ".join(
                f"{way}: p50 {got[way][0]:.1f} ms, p95 {got[way][1]:.1f} ms" for way in ("keys", "touch") if way in got
            )
            print(
                f"{name}: stop -> painted, CPU 4x slower, {ways}; "
                f"rows {sum(got['rows']) / 1024:.1f} KB gz {got['rows']}; messages to the server {got['sent']}"
            )
        browser.close()


if __name__ == "__main__":
    main()
