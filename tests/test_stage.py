"""The stage under the plot (issue 23): a control moved by mouse, keys or touch redraws its optimizer's path
in the browser at every stop, the drawn path is the core's to half a pixel at its drawn size, the URL
holds the value, and the server hears of the gesture exactly once, after it ends: by a POST that costs no
script run where its row is in the page (ui/settles.py), by the component's one message where not."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

import landscapes
import optimizers
from tests.browser import ARTIFACTS, PHONE, wait_idle
from tests.test_rowdata import polyline_distance
from viz.paths import tolerance

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LINK = "/?opt=sgd,adam&steps=300"  # Rosenbrock from (−1.5, 2.5), the page's defaults otherwise
START, STEPS = (-1.5, 2.5), 300
SETTLED_WITHIN = 2.5  # seconds after a gesture ends: the server has heard of it by then
READY = ".lab-stage[data-ready='1']"
SETTLE = "/lab/stage/settle"
ROW = "/lab/stage/row"
ADAM = "#lab-stage-adam\\.alpha"

# Adam's path as the plot draws it: its line's SVG (pixels in the plot's box), and the axes' pixel maps
DRAWN = """() => {
    const gd = window.__lab.charts.plot;
    const k = gd._fullData.findIndex(t => t.meta === 'path' && t.legendgroup === 'adam');
    const group = Array.from(gd.querySelectorAll('.scatterlayer g.trace'))
        .find(g => g.__data__ && g.__data__[0].trace.index === k);
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    return {d: group.querySelector('path.js-line').getAttribute('d'), map: [xa._m, xa._b, ya._m, ya._b]};
}"""


def core_path(**hp: float) -> np.ndarray:
    """Adam's path on Rosenbrock with ``hp`` (the rest at their defaults), every step, from the core; up
    to its last finite point."""
    traj = optimizers.run(optimizers.get("adam", **hp), landscapes.get("rosenbrock"), START, STEPS)
    finite = np.flatnonzero(np.isfinite(traj.points).all(axis=1))
    return traj.points[: finite[-1] + 1]


def farthest_px(points: np.ndarray, polyline: np.ndarray) -> float:
    """The largest distance of ``points`` from the polyline, in (already scaled) pixels."""
    return float(polyline_distance(points, polyline).max())


# Whether the URL holds Adam's `parameter` at the stop its stage control shows.
URL_HOLDS_THE_STOP = """(parameter) => {
    const shown = document.querySelector(`#lab-stage-adam\\\\.${parameter}`).getAttribute('aria-valuetext');
    const held = new URLSearchParams(location.search).get(`adam.${parameter}`);
    return held !== null && Number(held) === Number(shown);
}"""


def assert_draws_the_core_path(page, parameter: str = "alpha") -> float:
    """The stage's value of Adam's ``parameter`` is in the URL, and Adam's drawn path is the core's path for
    the URL's α, ρ₁ and ρ₂, both ways within half a pixel at the plot's drawn size. Returns the value.
    (The URL follows a moving thumb at most every 0.2 s, ui/js/stage.js ``LINK_EVERY``: waited for.)"""
    page.wait_for_function(URL_HOLDS_THE_STOP, arg=parameter, timeout=1_000)
    shown = page.locator(f"#lab-stage-adam\\.{parameter}").get_attribute("aria-valuetext")
    query = parse_qs(urlparse(page.url).query)
    hp = {name: float(query[f"adam.{name}"][0]) for name in ("alpha", "rho1", "rho2")}
    assert float(shown) == hp[parameter]
    drawn = page.evaluate(DRAWN)
    on_screen = np.array([[float(x), float(y)] for x, y in re.findall(r"[ML]([-\d.e]+),([-\d.e]+)", drawn["d"])])
    mx, bx, my, by = drawn["map"]
    core = core_path(**hp) * [mx, my] + [bx, by]  # the core's path in the same pixels (Plotly's c2p)
    assert farthest_px(core, on_screen) <= 0.5 and farthest_px(on_screen, core) <= 0.5, hp
    return hp[parameter]


def opened(page, server: str) -> list:
    """The page with its stage ready, and the list that collects every message it sends the server: ("ws",
    a WebSocket frame, each a script run or another widget's message) or ("post", a settle's body)."""
    sent: list = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(("ws", frame))))  # before it opens
    page.on("request", lambda r: r.url.endswith(SETTLE) and sent.append(("post", r.post_data_json)))
    page.goto(f"{server}{LINK}")
    wait_idle(page, timeout=120_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(1000)
    assert sent, "the page's own first messages are counted: the listener sees the socket"
    sent.clear()
    return sent


def assert_one_request_after(page, sent: list, kind: str = "post") -> None:
    """Nothing was sent while the gesture lasted, and one request of ``kind`` within SETTLED_WITHIN s of its
    end: a POST (no script run) or a WebSocket message (a run)."""
    assert sent == []  # nothing while the gesture lasted
    page.wait_for_timeout(SETTLED_WITHIN * 1000)
    assert [what for what, _ in sent] == [kind]
    wait_idle(page, timeout=60_000)
    page.wait_for_selector(".lab-stage[data-synced='1']", timeout=10_000)
    page.wait_for_timeout(300)  # the stage redraws from its row once the server's charts are in
    assert_draws_the_core_path(page)  # the settled page shows what the browser showed
    assert len(sent) == 1


def assert_the_server_took_it(page) -> None:
    """The next script run (whatever causes it: here, opening the step sizes) starts from the settled
    values: its stage data names the gesture the page posted and its thumbs' stops, so page and server agree
    again (``data-synced``, which the POST's answer set and the test clears first)."""
    page.evaluate("() => (document.querySelector('.lab-stage').dataset.synced = 'cleared')")
    page.locator("[data-testid=stExpander] summary").filter(has_text="Effective step size per weight").click()
    wait_idle(page, timeout=60_000)
    page.wait_for_selector(".lab-stage[data-synced='1']", timeout=10_000)
    assert_draws_the_core_path(page)


# Adam's loss curve as drawn, and the loss chart's y range (log10), once Plotly has them
LOSS_SPAN = """() => {
    const gd = window.__lab.charts.loss;
    const ys = Array.from(gd._fullData.find(t => t.meta === 'loss' && t.legendgroup === 'adam').y).filter(v => v > 0);
    return {lo: Math.log10(Math.min(...ys)), hi: Math.log10(Math.max(...ys)), range: gd._fullLayout.yaxis.range};
}"""


def assert_the_loss_axis_spans_adams_curve(page) -> None:
    """The loss chart's log axis, which the server leaves to Plotly, spans Adam's curve for the stop the
    thumb is on, as the server's own figure for it would, though no run drew it."""
    page.wait_for_function("() => window.__lab.quiet()")
    page.wait_for_timeout(300)  # the relayout after the quiet control's animation
    span = page.evaluate(LOSS_SPAN)
    assert span["range"][0] <= span["lo"] + 1e-6 and span["hi"] <= span["range"][1] + 1e-6, span


def thumb(page) -> tuple[float, float]:
    """The centre of Adam's thumb (the range's default thumb is 16 px wide in Chromium)."""
    box = page.locator(ADAM).bounding_box()
    value, top = (float(page.locator(ADAM).evaluate(f"i => i.{v}")) for v in ("value", "max"))
    return box["x"] + 8 + (box["width"] - 16) * value / top, box["y"] + box["height"] / 2


def test_dragging_adams_alpha_with_the_mouse_redraws_it_at_every_stop(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sent = opened(page, server)
    page.locator(ADAM).scroll_into_view_if_needed()
    x, y = thumb(page)
    page.mouse.move(x, y)
    page.mouse.down()
    seen = set()
    for dx in range(-12, -121, -12):  # leftwards: smaller α, stop after stop
        page.mouse.move(x + dx, y)
        page.wait_for_timeout(60)
        seen.add(assert_draws_the_core_path(page))
    page.mouse.up()
    assert len(seen) >= 4
    assert_one_request_after(page, sent)
    assert sent[0][1]["values"] == {"adam.alpha": min(seen)}
    assert_the_server_took_it(page)
    page.screenshot(path=str(ARTIFACTS / "stage-mouse.png"))
    page.close()


def test_the_loss_axis_follows_a_stop_told_without_a_run(server, browser):
    """Adam's α from 0.001 to the track's end (1.0) by the End key: its loss now climbs to ≈ 2·10³ and falls
    to ≈ 0.4, far outside the axis the server drew; the POSTed settle draws no new figure, and the axis still
    spans the curve."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sent = opened(page, server)
    before = page.evaluate(LOSS_SPAN)
    page.locator(ADAM).focus()
    page.keyboard.press("End")
    assert_one_request_after(page, sent)
    assert page.evaluate(LOSS_SPAN)["hi"] > before["range"][1] + 1  # the curve left the old axis
    assert_the_loss_axis_spans_adams_curve(page)
    page.close()


def test_arrow_keys_move_adams_alpha_stop_by_stop(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sent = opened(page, server)
    page.locator(ADAM).focus()
    seen = []
    for key in ["ArrowLeft"] * 4 + ["ArrowRight"]:
        page.keyboard.press(key)
        page.wait_for_timeout(150)  # presses 0.15 s apart: one gesture
        seen.append(assert_draws_the_core_path(page))
    assert seen[0] > seen[1] > seen[2] > seen[3] < seen[4] == seen[2]
    assert_one_request_after(page, sent)
    page.close()


# A stop one to the left of Adam's α, and in the frame that draws it, the copy button clicked: the URL as it
# was just before the click, and the α of the link in the copy box after it.
COPY_AT_ONCE = """() => new Promise((done) => {
    const input = document.querySelector('#lab-stage-adam\\\\.alpha');
    input.value = String(Number(input.value) - 1);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    requestAnimationFrame(() => {
        const before = new URLSearchParams(location.search).get('adam.alpha');
        document.querySelector('.lab-link-row button').click();
        const copied = new URL(document.querySelector('.lab-link-row code').textContent);
        done({before, copied: copied.searchParams.get('adam.alpha'), shown: input.getAttribute('aria-valuetext')});
    });
})"""


def test_the_copy_button_copies_the_stop_the_thumb_is_on_before_the_url_follows(server, browser):
    """The URL follows a moving thumb at most every 0.2 s; a click on copy in the very frame of a stop
    (the URL not yet there) still copies that stop."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    opened(page, server)
    got = page.evaluate(COPY_AT_ONCE)
    assert got["before"] != got["shown"]  # the URL's write was still to come at the click
    assert float(got["copied"]) == float(got["shown"])
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert float(parse_qs(urlparse(copied).query)["adam.alpha"][0]) == float(got["shown"])
    page.wait_for_function(URL_HOLDS_THE_STOP, arg="alpha", timeout=1_000)
    context.close()


def test_a_touch_drag_on_a_phone_moves_adams_alpha(server, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sent = opened(page, server)
    page.locator(ADAM).scroll_into_view_if_needed()
    touch = context.new_cdp_session(page)
    x, y = thumb(page)

    def finger(kind: str, at: float | None = None) -> None:
        points = [] if at is None else [{"x": at, "y": y}]
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    finger("touchStart", x)
    seen = set()
    for dx in range(10, 101, 10):
        finger("touchMove", x + dx)
        page.wait_for_timeout(60)
        seen.add(assert_draws_the_core_path(page))
    finger("touchEnd")
    assert len(seen) >= 3
    assert_one_request_after(page, sent)
    page.screenshot(path=str(ARTIFACTS / "stage-phone.png"))
    context.close()


# Adam's inspector in the plot: its head at every recorded frame (▶ and the step slider play these), and
# the head drawn now
INSPECTOR = """() => {
    const gd = window.__lab.charts.plot;
    const paths = gd._fullData.filter(t => t.meta === 'path');
    const at = paths.findIndex(t => t.legendgroup === 'adam');
    const frames = gd._transitionData._frames;
    const each = frames[0].traces.length / paths.length;
    const head = gd.data.find(t => t.meta === 'head' && t.legendgroup === 'adam');
    return {frames: frames.map(f => [Number(f.name), f.data[at * each].x[0], f.data[at * each].y[0]]),
            now: [window.__lab.charts.plot.__labStep || 0, head.x[0], head.y[0]]};
}"""


def test_the_step_inspector_plays_the_stop_the_thumb_settled_on(server, browser):
    """After a drag told by a POST (no new figure from the server), ▶ and the step slider play the frames of
    the new α: the head at every recorded step is the core's point there; the head shown now too."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sent = opened(page, server)
    page.locator("[data-testid=stMain] .lab-chart").first.focus()
    for _ in range(50):  # the inspector to step 50, a recorded frame, by the keyboard
        page.keyboard.press("ArrowRight")
    page.locator(ADAM).focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    assert_one_request_after(page, sent)
    page.wait_for_function("() => window.__lab.quiet()")
    alpha = float(page.locator(ADAM).get_attribute("aria-valuetext"))
    core = core_path(alpha=alpha)
    inspector = page.evaluate(INSPECTOR)
    span = 5.0  # Rosenbrock's window's larger side: the grid is 1/65536 of it
    for step, x, y in inspector["frames"]:
        assert np.allclose([x, y], core[min(step, len(core) - 1)], atol=span / 2**15), step
    step, x, y = inspector["now"]
    assert step == 50 and np.allclose([x, y], core[50], atol=span / 2**15)
    # one step on (51: between two recorded frames), then α again: the head sits on the new drawn path at 51
    page.locator("[data-testid=stMain] .lab-chart").first.focus()
    page.keyboard.press("ArrowRight")
    sent.clear()
    page.locator(ADAM).focus()
    page.keyboard.press("ArrowLeft")
    assert_one_request_after(page, sent)
    page.wait_for_function("() => window.__lab.quiet()")
    core = core_path(alpha=float(page.locator(ADAM).get_attribute("aria-valuetext")))
    step, x, y = page.evaluate(INSPECTOR)["now"]
    half_pixel = span / 1024 / 2  # the drawn path's tolerance at the drawn size
    assert step == 51 and np.allclose([x, y], core[51], atol=half_pixel), (x, y, core[51])
    page.close()


def test_where_no_stop_gets_there_the_strip_is_darker_the_lower_the_final_f(server, browser):
    """In 300 steps no α of Adam gets within 1 % of Rosenbrock's window: its strip is then shaded by the final
    f of each stop's core run (darker: lower), the darkest under ▲, hatched where a run diverges."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    opened(page, server)
    alphas = page.evaluate(
        "() => document.querySelector('.lab-stage').parentElement.__labStage.entries.get('adam.alpha').values"
    )
    cells = page.locator(f"{ADAM} ~ .lab-stage-strip span").evaluate_all(
        "cells => cells.map(c => [c.className, parseFloat(getComputedStyle(c).opacity)])"
    )
    rosenbrock = landscapes.get("rosenbrock")
    final, hatched = {}, set()
    for k, alpha in enumerate(alphas):
        traj = optimizers.run(optimizers.get("adam", alpha=alpha), rosenbrock, START, STEPS)
        assert np.linalg.norm(traj.points - 1.0, axis=1).min() > tolerance(rosenbrock.bounds)  # none gets there
        if traj.diverged_at >= 0:
            hatched.add(k)
        else:
            final[k] = float(rosenbrock.value(traj.points[-1]))
    assert {k for k, (kind, _) in enumerate(cells) if "lab-crossed" in kind} == hatched
    by_final = sorted(final, key=final.get)
    opacities = [cells[k][1] for k in by_final]
    assert opacities == sorted(opacities, reverse=True) and len(set(opacities)) > len(final) // 2
    assert "lab-best" in cells[by_final[0]][0] and opacities[0] == 1.0
    page.close()


def test_the_stop_that_gets_there_soonest_is_drawn_in_full_colour(server, browser):
    """In 1000 steps some of Adam's α stops get within 1 % of Rosenbrock's window: the soonest is in full
    colour, the others fainter the later they get there (by the core's runs), those that never do grey."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/?opt=sgd,adam&steps=1000")
    wait_idle(page, timeout=120_000)
    page.wait_for_selector(READY, timeout=60_000)
    alphas = page.evaluate(
        "() => document.querySelector('.lab-stage').parentElement.__labStage.entries.get('adam.alpha').values"
    )
    cells = page.locator(f"{ADAM} ~ .lab-stage-strip span").evaluate_all(
        "cells => cells.map(c => [c.style.background !== '', parseFloat(getComputedStyle(c).opacity)])"
    )
    rosenbrock = landscapes.get("rosenbrock")
    reached = {}
    for k, alpha in enumerate(alphas):
        traj = optimizers.run(optimizers.get("adam", alpha=alpha), rosenbrock, START, 1000)
        inside = np.flatnonzero(np.linalg.norm(traj.points - 1.0, axis=1) <= tolerance(rosenbrock.bounds))
        if inside.size:
            reached[k] = int(inside[0])
    assert len(set(reached.values())) >= 3
    by_steps = sorted(reached, key=reached.get)
    opacities = [cells[k][1] for k in by_steps]
    assert opacities[0] == 1.0 and opacities == sorted(opacities, reverse=True) and opacities[-1] < 0.3
    grey = [k for k, (coloured, _) in enumerate(cells) if not coloured]
    assert all(k not in reached for k in grey) and len(grey) + len(reached) <= len(cells)
    page.close()


def test_before_reveal_the_strips_and_fair_comparison_give_nothing_away(server, browser):
    """Predict first: how each stop ends (the strips, ▲, Fair comparison and its criterion) is the answer,
    so it shows at Reveal, with the paths; the sliders themselves work all along."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}{LINK}&quiz=1")
    wait_idle(page, timeout=120_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(f"{ADAM} ~ .lab-stage-strip", state="attached", timeout=20_000)
    hidden = "() => [...document.querySelectorAll('.lab-stage-strip, .lab-stage-foot button, .lab-stage-criterion')]"
    hidden += ".map(e => getComputedStyle(e).visibility === 'hidden' || getComputedStyle(e).display === 'none')"
    before = page.evaluate(hidden)
    assert len(before) >= 4 and all(before)
    assert page.locator(ADAM).is_enabled()
    page.locator(".st-key-quiz-reveal button").click()
    wait_idle(page, timeout=60_000)
    page.wait_for_function(f"() => !({hidden})().some(Boolean)", timeout=20_000)
    page.close()


def test_fair_comparison_sets_each_optimizer_to_its_best_stop(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sent = opened(page, server)
    page.locator(".lab-stage-foot button").click()
    best = page.evaluate("() => Array.from(document.querySelectorAll('.lab-best')).length")
    assert best == 2  # one mark per optimizer's strip
    marked = page.locator(f"{ADAM} ~ .lab-stage-strip span").evaluate_all(
        "cells => cells.findIndex(c => c.classList.contains('lab-best'))"
    )
    assert int(page.locator(ADAM).input_value()) == marked
    assert_draws_the_core_path(page)
    assert_one_request_after(page, sent)
    page.close()


def test_rho1s_row_is_asked_for_once_then_alphas_is_made_again_for_the_new_rho1(server, browser):
    """ρ₁'s row is not in the first page: taking up its slider asks the server for it (one GET, no script
    run), every stop is drawn from it, and the settle is one POST. α's row was made for the old ρ₁: it is
    asked for again at once (one more GET), and α's stops are then the core's for the new ρ₁."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sent = opened(page, server)
    asked: list[str] = []
    page.on("request", lambda r: ROW in r.url and asked.append(parse_qs(urlparse(r.url).query)["row"][0]))
    rho1 = "#lab-stage-adam\\.rho1"
    assert page.locator(rho1).get_attribute("aria-label") == "Adam ρ₁"
    page.locator(rho1).focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(150)
        page.wait_for_function("() => window.__lab.quiet()")
        assert_draws_the_core_path(page, "rho1")  # from its row, in the browser
    assert_one_request_after(page, sent)
    page.wait_for_function("() => window.__lab.quiet()")
    assert asked == ["adam.rho1", "adam.alpha"]
    sent.clear()
    page.locator(ADAM).focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => window.__lab.quiet()")
    assert_draws_the_core_path(page)  # α's new row: the core's path for this α and the new ρ₁
    assert asked == ["adam.rho1", "adam.alpha"]
    assert_one_request_after(page, sent)  # α's settle too is one POST, once the gesture is over
    sent.clear()
    assert_the_server_took_it(page)  # the run after it takes both sliders' values
    page.close()


STAGE_JS = Path(__file__).parent.parent / "ui" / "js" / "stage.js"
ISOLATED = "http://stage.test/"  # the stage's module alone, served by the test (page.route), no server


def test_a_run_begun_before_the_last_gesture_does_not_pull_the_thumb_back(browser):
    """Adam's α moved to the left twice, each told to the server: the server's run for the first move
    may arrive after the second was sent. The thumb (and what it draws) stays where the student left it
    until the run that took the second move arrives; then the stage follows the server again."""
    page = browser.new_page()
    page.route(f"{ISOLATED}stage.js", lambda route: route.fulfill(path=STAGE_JS, content_type="text/javascript"))
    page.route(ISOLATED, lambda route: route.fulfill(body="<div id=box></div>", content_type="text/html"))
    page.goto(ISOLATED)
    page.evaluate(
        """async () => {
            const stage = (await import('./stage.js')).default;
            window.sent = [];
            window.render = (index, seq) => stage({
                data: new TextEncoder().encode(JSON.stringify({
                    rows: [{name: 'adam', key: 'adam.alpha', title: 'Adam', symbol: 'α', colour: '#d62728',
                            url: null, index, labels: ['0.01', '0.03', '0.1'], query: ['0.01', '0.03', '0.1'],
                            values: [0.01, 0.03, 0.1], best: null, fair: true}],
                    texts: {}, drawn: true, settle: 20, lang: 'en', seq})),
                parentElement: document.getElementById('box'),
                setStateValue: (name, value) => window.sent.push(value.seq),
            });
            window.render(2, null);
        }"""
    )
    thumb = page.locator(ADAM)
    synced = page.locator(".lab-stage")

    def left_and_told() -> str:
        told = page.evaluate("window.sent.length")
        thumb.press("ArrowLeft")
        page.wait_for_function("(n) => window.sent.length === n", arg=told + 1)
        return page.evaluate("window.sent.at(-1)")

    first = left_and_told()
    second = left_and_told()
    assert thumb.input_value() == "0"
    page.evaluate("(seq) => window.render(1, seq)", first)  # the run for the first move, late
    assert (thumb.input_value(), thumb.get_attribute("aria-valuetext")) == ("0", "0.01")
    assert synced.get_attribute("data-synced") == "0"
    page.evaluate("(seq) => window.render(0, seq)", second)
    assert synced.get_attribute("data-synced") == "1"
    page.evaluate("(seq) => window.render(2, seq)", second)  # e.g. the lecturer's α, for a follower
    assert (thumb.input_value(), thumb.get_attribute("aria-valuetext")) == ("2", "0.1")
    page.close()
