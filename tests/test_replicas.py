"""Two replicas behind Debian's nginx with deploy/nginx.conf: a student keeps the view when its replica dies."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np
import pytest

from tests.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    ROOT,
    free_port,
    plot_paths,
    require_chromium,
    streamlit_server,
    wait_drawn,
    wait_idle,
)

pytestmark = [pytest.mark.replicas, pytest.mark.browser, pytest.mark.timeout(300)]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def require_nginx() -> None:
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the replica test: install Debian's nginx (apt-get install nginx)")
        pytest.skip("the replica test needs nginx (apt-get install nginx)")


def nginx_config(folder: Path, replicas: list[int], port: int) -> Path:
    """deploy/nginx.conf with these ports, inside a minimal main config that keeps nginx in ``folder``."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("127.0.0.1:8501", f"127.0.0.1:{replicas[0]}").replace(
        "127.0.0.1:8502", f"127.0.0.1:{replicas[1]}"
    )
    site = site.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would switch to "nobody", who cannot write into this test's own folder.
    user = "user root;" if os.geteuid() == 0 else ""
    main = f"""
{user}
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    {temp}
    {site}
}}
"""
    path = folder / "nginx.conf"
    path.write_text(main)
    return path


@contextmanager
def nginx(folder: Path, replicas: list[int]):
    port = free_port()
    config = nginx_config(folder, replicas, port)
    process = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(folder)], stderr=subprocess.STDOUT, stdout=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {(folder / 'error.log').read_text()}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_student_keeps_the_view_when_its_replica_dies(tmp_path):
    require_chromium()
    require_nginx()
    from playwright.sync_api import sync_playwright

    with ExitStack() as stack:
        servers = [stack.enter_context(streamlit_server()) for _ in range(2)]
        by_port = {url.rsplit(":", 1)[1]: url for url in servers}
        proxy = stack.enter_context(nginx(tmp_path, [int(p) for p in by_port]))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            answer = page.goto(f"{proxy}/?f=himmelblau&opt=sgd,adam&adam.alpha=0.05&x0=1&y0=-1&steps=200")
            served_by = answer.headers["x-replica"].rsplit(":", 1)[1]
            wait_idle(page)
            # the student changes something: one stop down on Adam's α slider
            page.locator(".lab-stage-row[data-key='adam.alpha'] input[type=range]").first.focus()
            page.keyboard.press("ArrowLeft")
            page.wait_for_function("() => location.search.includes('adam.alpha=0.03')", timeout=30_000)
            # the browser draws the stop at once and tells its replica once the gesture settles (a POST: no
            # run); the replica dies after that
            page.wait_for_function("() => window.__lab && window.__lab.posted >= 1", timeout=30_000)
            wait_drawn(page)
            before, url_before = plot_paths(page), page.url

            opened, received = [], []  # WebSockets opened from now on, and the frames they receive
            page.on(
                "websocket",
                lambda ws: (opened.append(ws), ws.on("framereceived", lambda frame: received.append(frame))),
            )
            os.kill(by_port[served_by].pid, 15)  # that student's replica goes away
            # the browser reconnects through nginx to the other replica; an idle page asks it for nothing
            # until the student acts: here, a gesture on the stage that ends where it began (one stop down
            # and back, one settle). Its POST reaches a replica that never saw the page (404), which would
            # also drop a rerun of the stage's fragment: the page opens its URL again, which holds it all.
            deadline = time.monotonic() + 120
            while not opened and time.monotonic() < deadline:
                page.wait_for_timeout(250)
            assert opened, "the page never reconnected"
            page.locator(".lab-stage-row[data-key='adam.alpha'] input[type=range]").first.focus()
            with page.expect_navigation(timeout=30_000):
                for key in ("ArrowLeft", "ArrowRight"):
                    page.keyboard.press(key)
                    page.wait_for_timeout(150)
            while len(received) < 5 and time.monotonic() < deadline:
                page.wait_for_timeout(250)
            assert len(received) >= 5, "the other replica never drew the page"
            wait_drawn(page, timeout=120_000)
            assert page.url == url_before
            after = plot_paths(page)
            assert set(after) == set(before)
            for name, path in before.items():  # the same α, start and steps: the same paths
                np.testing.assert_allclose(after[name], path, rtol=1e-6)
            page.screenshot(path=str(ROOT / "artifacts" / "replica-after-failover.png"))
            browser.close()


def test_a_class_spans_replicas_in_redis_and_survives_one_dying(tmp_path):
    """The lecturer on one replica, a student on the other, the class in Redis: the student follows and
    answers; their replica dies mid-class; through nginx they reach the other one, still follow, and the
    answer given before is still counted."""
    require_chromium()
    require_nginx()
    from playwright.sync_api import sync_playwright

    from tests.redis_server import redis_server

    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server())
        env = {"LANDSCAPE_LAB_REDIS_URL": redis_url}
        servers = [stack.enter_context(streamlit_server(env=env)) for _ in range(2)]
        by_port = {url.rsplit(":", 1)[1]: url for url in servers}
        proxy = stack.enter_context(nginx(tmp_path, [int(p) for p in by_port]))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            student, served_by = None, None
            for _ in range(12):  # a new browser until nginx's cookie puts one on the second replica
                page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
                served_by = page.goto(f"{proxy}/").headers["x-replica"].rsplit(":", 1)[1]
                student = page
                if served_by == list(by_port)[1]:
                    break
            other = next(port for port in by_port if port != served_by)
            lecturer = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
            lecturer.goto(f"{by_port[other]}/?class=new&preset=one_lr&quiz=1")
            lecturer.wait_for_selector(".st-key-class-qr", timeout=60_000)
            code = lecturer.locator(".st-key-class-qr code").first.inner_text().strip().rsplit("=", 1)[1]
            student.goto(f"{proxy}/?class={code}")
            student.wait_for_selector(".st-key-quiz-choice button", timeout=60_000)
            student.locator(".st-key-quiz-choice button").last.click()
            answers = lecturer.locator(".st-key-class-answers")
            answers.filter(has_text="1 of 1 answered").wait_for(timeout=15_000)

            os.kill(by_port[served_by].pid, 15)  # the student's replica goes away mid-class
            lecturer.locator(".st-key-quiz-reveal button").click()
            student.wait_for_selector(".st-key-class-hall .js-plotly-plot", timeout=120_000)
            # the answer given before is kept, and the student is the same member (the page's link holds
            # their place), not a second one
            answers.filter(has_text="1 of 1 answered").wait_for(timeout=15_000)
            bars = "document.querySelector('.st-key-class-hall .js-plotly-plot')._fullData[0].y"
            hall = student.evaluate(f"() => {bars}.reduce((a, b) => a + b)")
            assert hall == 1
            student.screenshot(path=str(ROOT / "artifacts" / "class-replica-after-failover.png"))
            browser.close()
