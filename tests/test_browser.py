"""The real app in Chromium: it draws, reacts to a slider, reproduces a shared link, survives a bad one."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

import landscapes
import optimizers
from tests.browser import ARTIFACTS, PHONE, plot_paths, wait_drawn, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def no_exception(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
    assert not page.console_errors, page.console_errors


def test_page_renders_the_chart(server, page):
    page.goto(server)
    wait_idle(page)
    no_exception(page)
    paths = plot_paths(page)
    assert set(paths) == {"Gradient descent (SGD)", "Momentum", "Adam"}
    assert paths["Adam"][0] == pytest.approx([-1.5, 2.5])
    # the address bar holds the whole view
    shared = parse_qs(urlparse(page.url).query)
    assert shared["f"] == ["rosenbrock"] and shared["opt"] == ["sgd,momentum,adam"]
    link = page.locator(".lab-link-row code").inner_text()  # the copy box: a link every chat program takes whole
    assert link.startswith(f"{server}/?f=rosenbrock&")
    page.screenshot(path=str(ARTIFACTS / "app-1366x768.png"))


def test_moving_a_slider_redraws(server, page):
    page.goto(server)
    wait_drawn(page)
    before = plot_paths(page)
    slider = page.locator("#lab-stage-adam\\.alpha")  # α on the stage under the plot
    slider.focus()
    page.keyboard.press("ArrowLeft")  # α = 0.1 -> 0.07, one stop down the log grid
    page.wait_for_function("() => location.search.includes('adam.alpha=0.07')", timeout=30_000)
    wait_drawn(page)  # the stage hands Plotly the drawn stop once the control is quiet (150 ms)
    after = plot_paths(page)
    assert after["Adam"][-1] != pytest.approx(before["Adam"][-1])
    assert after["Momentum"] == before["Momentum"]
    no_exception(page)


def test_shared_url_reproduces_its_view(server, page, browser):
    page.goto(f"{server}/?f=himmelblau&opt=adam,sgd&adam.alpha=0.05&x0=1&y0=-1&steps=50")
    wait_drawn(page)  # the stage redraws the server's paths from its rows: compare what stays
    no_exception(page)
    paths = plot_paths(page)
    assert set(paths) == {"Adam", "Gradient descent (SGD)"}
    assert paths["Adam"][0] == pytest.approx([1, -1])
    # drawn to half a pixel (viz.rowdata), it ends exactly where the core's 50 steps from (1, −1) end
    core = optimizers.run(optimizers.get("adam", alpha=0.05), landscapes.get("himmelblau"), (1, -1), 50)
    assert paths["Adam"][-1] == pytest.approx(core.points[-1], rel=1e-6)
    assert 2 < len(paths["Adam"]) <= 51
    assert page.locator("[data-testid=stAlert]").count() == 0
    # copying the address bar into a fresh browser gives the same picture
    other = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    other.goto(page.url)
    wait_drawn(other)
    assert plot_paths(other) == paths
    other.context.close()


def test_malformed_url_warns_and_still_draws(server, page):
    page.goto(f"{server}/?f=nowhere&opt=adam,zzz&adam.alpha=banana&steps=-5&x0=1e999")
    wait_idle(page)
    no_exception(page)
    warning = page.locator("[data-testid=stAlert]").first.inner_text()
    for name in ("f=nowhere", "opt=zzz", "adam.alpha=banana", "steps=-5", "x0=1e999"):
        assert name in warning
    assert "Adam" in plot_paths(page)


def test_clicking_the_plot_moves_the_start(server, page):
    page.goto(server)
    wait_idle(page)
    box = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    # the window is [-2, 3]²: a click 80% across and 20% down lands near (2, 2), on the 30 x 30 click grid
    page.mouse.click(box["x"] + 0.8 * box["width"], box["y"] + 0.2 * box["height"])
    page.wait_for_function("() => !location.search.includes('x0=-1.5')", timeout=30_000)
    wait_idle(page)
    page.wait_for_function(START_MOVED_AND_SHOWN, timeout=30_000)
    start = plot_paths(page)["Adam"][0]
    assert start == pytest.approx([2.0, 2.0], abs=0.2)
    shown = [float(page.locator(f".st-key-{key} input").input_value()) for key in ("x0", "y0")]
    assert shown == pytest.approx(list(start), abs=1e-3)  # the sidebar's start follows the click
    no_exception(page)


START_MOVED_AND_SHOWN = """() => {
    const plot = document.querySelector('.st-key-plot .js-plotly-plot');
    const adam = plot && plot._fullData && plot._fullData.find(t => t.meta === 'path' && t.name === 'Adam');
    const shown = ['x0', 'y0'].map(key => document.querySelector(`.st-key-${key} input`));
    return adam && shown.every(input => input) && adam.x[0] !== -1.5
        && Math.abs(Number(shown[0].value) - adam.x[0]) < 1e-3 && Math.abs(Number(shown[1].value) - adam.y[0]) < 1e-3;
}"""


def test_phone_viewport_renders(server, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(server)
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    page.screenshot(path=str(ARTIFACTS / "app-phone.png"))
    context.close()


def test_play_animates_the_step_inspector_in_the_browser(server, page):
    page.goto(server)
    wait_idle(page)
    active = "() => document.querySelector('.st-key-plot .js-plotly-plot')._fullLayout.sliders[0].active"
    heads = """() => {
        const plot = document.querySelector('.st-key-plot .js-plotly-plot');
        return plot._fullData.filter(t => t.mode === 'markers' && t.x.length === 1).map(t => [t.x[0], t.y[0]]);
    }"""
    assert page.evaluate(active) == 0
    before = page.evaluate(heads)
    requests = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: requests.append(frame)))
    page.locator(".js-plotly-plot .updatemenu-button").first.click()  # ▶ Play
    page.wait_for_function(f"() => ({active})() >= 5", timeout=20_000)
    assert page.evaluate(heads) != before  # the inspector's markers moved along the paths
    page.locator(".js-plotly-plot .updatemenu-button").nth(1).click()  # ❚❚ Pause
    paused = page.evaluate(active)
    page.wait_for_function(ANIMATION_STOPPED, timeout=20_000)  # no frame queued, no animation loop left
    assert page.evaluate(active) == paused
    assert requests == []  # every frame was played in the browser: nothing went to the server
    no_exception(page)


# Plotly.js's own state: Pause empties the frame queue, and the animation loop ends at its next tick
ANIMATION_STOPPED = """() => {
    const state = document.querySelector('.st-key-plot .js-plotly-plot')._transitionData;
    return state._frameQueue.length === 0 && !state._animationRaf;
}"""


def test_the_csv_download_holds_every_step_of_the_view(server, page):
    page.goto(f"{server}/?opt=adam&adam.alpha=0.05&steps=200")
    wait_idle(page)
    page.locator(".st-key-downloads summary").click()  # the section that holds the buttons
    page.locator(".st-key-download_csv button").wait_for()
    with page.expect_download() as download:
        page.locator(".st-key-download_csv button").click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0] == "optimizer,step,x,y,f" and len(lines) == 1 + 201  # the start and 200 steps
    rosenbrock = landscapes.get("rosenbrock")
    traj = optimizers.run(optimizers.get("adam", alpha=0.05), rosenbrock, rosenbrock.start, 200)
    last = [float(v) for v in lines[-1].split(",")[2:4]]
    assert last == pytest.approx(list(traj.last), rel=1e-12)


TOOLBAR_TITLES = "() => Array.from(document.querySelectorAll('.modebar-btn'), b => b.getAttribute('data-title'))"
NOTICES = "() => Array.from(document.querySelectorAll('.plotly-notifier .notifier-note'), n => n.innerText)"


def latin_words(text: str) -> set[str]:
    """Words in Latin letters, the file formats the camera names aside."""
    return set(re.findall(r"[A-Za-z]{2,}", text)) - {"PNG", "SVG"}


def test_the_ukrainian_page_has_no_english_in_any_charts_toolbar_or_notices(server, browser):
    """Plotly's own texts (its toolbar's tooltips, "Double-click to zoom back out") come from its Ukrainian
    locale (ui/js/vendor); the same page in English shows them in English, so the check can fail."""
    titles = {}
    for lang in ("uk", "en"):
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.goto(f"{server}/?preset=one_lr&lang={lang}")  # the plot, the loss and κ: every chart's toolbar
        wait_idle(page)
        titles[lang] = page.evaluate(TOOLBAR_TITLES)
        loss = page.locator(".st-key-loss .js-plotly-plot")
        loss.hover()  # the toolbar shows on hover, with the tooltip of the button under the pointer
        page.locator(".st-key-loss .modebar-btn").first.hover()
        box = loss.locator(".nsewdrag").first.bounding_box()
        page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + 0.2 * box["height"])
        page.mouse.down()  # a drag zooms; Plotly then says how to zoom back out, once per page
        page.mouse.move(box["x"] + 0.6 * box["width"], box["y"] + 0.6 * box["height"], steps=5)
        page.mouse.up()
        page.wait_for_function(f"() => ({NOTICES})().length > 0", timeout=10_000)
        notices = page.evaluate(NOTICES)
        if lang == "uk":
            page.screenshot(path=str(ARTIFACTS / "uk-toolbar-and-notice.png"))
            assert len(titles["uk"]) >= 3 * 8  # three charts, each with its whole toolbar
            assert [t for t in titles["uk"] if latin_words(t)] == []
            assert [n for n in notices if latin_words(n)] == [] and "двічі клацніть" in notices[0]
        else:
            assert {"Autoscale", "Reset axes", "Zoom", "Pan"} <= set(titles["en"])
            assert "Double-click to zoom back out" in notices[0]
        assert "Share chart..." not in titles[lang]  # Plotly 4's upload to Plotly Cloud is not offered
        page.context.close()
