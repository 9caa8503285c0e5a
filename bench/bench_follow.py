"""What a lecturer's change costs the server when N real pages follow it (Chromium, one server).

    python bench/bench_follow.py [--students 10] [--changes 5]

The lecturer's page (1366×768) starts a class on ``opt=sgd,adam&steps=300``; N phone pages (390×844) join
it and wait until their stage is ready. Then the lecturer makes ``--changes`` changes of each kind, one at a
time, each once the last has reached every follower:

- **α on the stage**: one arrow press on Adam's α (a gesture; the lecturer's own settle is one script run,
  which publishes the view); a following page draws the new stop from its rows (``ui/js/stage.js``
  ``followStage``) and makes no script run;
- **a view**: the lecturer switches Paths ↔ Memory; each following page makes its one script run.

Per kind: the server's CPU from the lecturer's action until every follower shows it (from /proc; the
lecturer's own settle or run included), per change and per follower; how long until every follower
showed it; and how many WebSocket messages the followers sent (a script run is one). Chromium's pages
share the machine's two cores with the server, so the times are a laptop-hall's, not a phone's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import CHROMIUM, CHROMIUM_FLAGS, IDLE, cpu_seconds, streamlit_server

ALPHA = "#lab-stage-adam\\.alpha"
READY = ".lab-stage[data-ready='1']"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SHOWS_ALPHA = "(v) => document.querySelector('#lab-stage-adam\\\\.alpha')?.getAttribute('aria-valuetext') === v"
SHOWS_VIEW = "(v) => new URLSearchParams(location.search).get('view') === v"


def until_all(pages, script: str, value: str, timeout: float = 120) -> float:
    """Seconds until every page's ``script`` holds for ``value``, polled in turn."""
    started = time.perf_counter()
    for page in pages:
        page.wait_for_function(script, arg=value, timeout=timeout * 1000, polling=50)
    return time.perf_counter() - started


def change(lecturer, followers, pid: int, sent: list, kind: str, step: int) -> dict:
    before, frames = cpu_seconds(pid), len(sent)
    started = time.perf_counter()
    if kind == "alpha":
        lecturer.locator(ALPHA).focus()
        lecturer.keyboard.press("ArrowLeft" if step % 2 == 0 else "ArrowRight")
        value = lecturer.locator(ALPHA).get_attribute("aria-valuetext")
        until_all(followers, SHOWS_ALPHA, value)
    else:
        view = "memory" if step % 2 == 0 else "paths"
        lecturer.get_by_text("Memory" if view == "memory" else "Paths", exact=True).first.click()
        until_all(followers, SHOWS_VIEW, view)
        if view == "paths":
            for page in followers:
                page.wait_for_selector(READY, timeout=120_000)
    seconds = time.perf_counter() - started
    lecturer.wait_for_selector(IDLE, timeout=120_000)
    return {"cpu": cpu_seconds(pid) - before, "seconds": seconds, "runs": len(sent) - frames}


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--changes", type=int, default=5)
    args = parser.parse_args()
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        lecturer = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        lecturer.goto(f"{url}/?class=new&opt=sgd,adam&steps=300")
        lecturer.wait_for_selector(".st-key-class-qr code", timeout=120_000)
        code = lecturer.locator(".st-key-class-qr code").first.inner_text().strip().rsplit("=", 1)[1]
        sent: list = []
        followers = []
        for _ in range(args.students):
            page = browser.new_context(**PHONE).new_page()
            page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
            page.goto(f"{url}/?class={code}")
            followers.append(page)
        for page in [lecturer, *followers]:
            page.wait_for_selector(READY, timeout=120_000)
        time.sleep(2)
        results: dict[str, list[dict]] = {"alpha": [], "view": []}
        for step in range(2 * args.changes):  # α, then to Memory and back to Paths (the stage is on Paths)
            for kind, turn in (("alpha", step), ("view", 0), ("view", 1)):
                results[kind].append(change(lecturer, followers, url.pid, sent, kind, turn))
                time.sleep(1)
        browser.close()
    n = args.students
    for kind, rows in results.items():
        cpu = statistics.median(r["cpu"] for r in rows)
        print(
            f"{kind:>6}: server CPU per change {1e3 * cpu:6.0f} ms ({1e3 * cpu / n:5.1f} ms a follower), "
            f"every follower showed it after {statistics.median(r['seconds'] for r in rows):.2f} s (median; "
            f"max {max(r['seconds'] for r in rows):.2f} s), followers' messages per change "
            f"{statistics.mean(r['runs'] for r in rows):.1f} ({len(rows)} changes, {n} followers)"
        )


if __name__ == "__main__":
    main()
