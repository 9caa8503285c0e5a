"""Predict, then reveal (``quiz=1``): nothing that gives the answer away before Reveal, everything after,
and answers that agree with the runs the page shows (the scenarios' claims, tested in test_scenarios.py)."""

from __future__ import annotations

import contextlib
import json

import numpy as np
import pytest

import optimizers
from tests.apphelpers import figures, open_app
from tests.browser import ALL_CHARTS_DRAWN, ARTIFACTS, IDLE, wait_idle
from ui.config import parse
from ui.i18n import name_of, scenario_text
from ui.scenarios import SCENARIOS


def drawn_names(at) -> set[str]:
    """Every trace name in every chart of the page."""
    return {trace.get("name") for figure in figures(at) for trace in figure["data"]}


def optimizer_labels(preset: str) -> set[str]:
    config, _ = parse({"preset": preset})
    return {name_of(n, "en") for n in config.opt}


def quiz_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("preset", list(SCENARIOS))
def test_each_scenario_asks_its_question_and_hides_its_answer_until_reveal(preset):
    at = open_app({"preset": preset, "quiz": "1"})
    assert not at.exception
    assert scenario_text(preset, "question", "en") in quiz_text(at)
    hidden = drawn_names(at)
    assert not hidden & optimizer_labels(preset), f"drawn before Reveal: {hidden & optimizer_labels(preset)}"
    assert all(f["data"] for f in figures(at))  # the landscape itself stays
    at.button(key="quiz.reveal").click().run()
    assert not at.exception
    shown = drawn_names(at)
    view = SCENARIOS[preset].view
    if view in ("paths", "pr3", "reddi"):
        labels = optimizer_labels(preset) & ({"Adam", "AMSGrad"} if view == "reddi" else optimizer_labels(preset))
        assert labels <= shown, f"missing after Reveal: {labels - shown}"
    elif view == "sweep":
        assert any(t["type"] == "heatmap" for f in figures(at) for t in f["data"])
    elif view == "memory":
        assert "| Adam | 2 |" in quiz_text(at)
    assert at.button(key="quiz.again")  # and it can be asked again


CHOICES = {  # scenario -> a right and a wrong option, from the claims test_scenarios.py checks in the core
    "pr4": ("adam", "sgd"),
    "adam_parts": ("adam", "rmsprop"),
    "saddle": ("adam", "sgd"),
    "rotation": ("sgd", "adam"),  # turned by 45°, Adam loses its lead: the surprise the question is for
    "adam_fails": ("plus", "minus"),
    "memory": ("amsgrad", "adam"),  # AMSGrad keeps p, r and the running maximum of r
    "adam_tuning": ("no", "yes"),
    "pr3": ("momentum", "sgd"),
}


@pytest.mark.parametrize(("preset", "right", "wrong"), [(p, *options) for p, options in CHOICES.items()])
def test_a_right_choice_is_told_so_and_a_wrong_one_is_not(preset, right, wrong):
    at = open_app({"preset": preset, "quiz": "1"})
    for option, mark in ((right, "✅"), (wrong, "❌")):
        at.button_group(key="quiz.choice").set_value(option).run()
        at.button(key="quiz.reveal").click().run()
        assert not at.exception
        verdict = [m.value for m in at.markdown if m.value.startswith(("✅", "❌"))]
        assert verdict and verdict[0].startswith(mark), (option, verdict)
        at.button(key="quiz.again").click().run()


def test_the_one_lr_answer_is_whichever_adaptive_method_is_first():
    at = open_app({"preset": "one_lr", "quiz": "1"})
    at.button(key="quiz.reveal").click().run()
    answer = quiz_text(at)
    assert "reached the minimum first" in answer
    assert "Gradient descent (SGD) reached" not in answer  # one learning rate for all weights is slower


@pytest.mark.parametrize("preset", ["adagrad_vanishes", "rmsprop_nonconvex"])
def test_a_guess_on_the_point_is_right_and_one_across_the_window_is_not(preset):
    config, _ = parse({"preset": preset})
    target = SCENARIOS[preset].question.target
    ls = config.landscape_object()
    end = optimizers.run(optimizers.get(target, **config.hp(target)), ls, config.start, config.steps).points[-1]
    (x0, x1), (y0, y1) = ls.bounds
    far = (x0 if end[0] > (x0 + x1) / 2 else x1, y0 if end[1] > (y0 + y1) / 2 else y1)
    for guess, mark in (((round(float(end[0]), 3), round(float(end[1]), 3)), "✅"), (far, "❌")):
        at = open_app({"preset": preset, "quiz": "1"})
        at.session_state["quiz.guess"] = guess  # what a tap on the plot stores
        at.run()
        marks = [t for t in figures(at)[0]["data"] if t.get("name") == "your guess"]
        assert marks and marks[0]["x"] == [guess[0]]
        at.button(key="quiz.reveal").click().run()
        verdict = [m.value for m in at.markdown if m.value.startswith(("✅", "❌"))]
        assert verdict and verdict[0].startswith(mark), verdict
        distance = float(np.hypot(guess[0] - end[0], guess[1] - end[1]))
        assert f"is {float(f'{distance:.2g}'):g} away" in verdict[0]


def test_changing_the_scenario_hides_the_answer_again():
    at = open_app({"preset": "pr4", "quiz": "1"})
    at.button(key="quiz.reveal").click().run()
    assert optimizer_labels("pr4") <= drawn_names(at)
    at.selectbox(key="preset").set_value("saddle").run()
    assert not drawn_names(at) & optimizer_labels("saddle")


# ---- in Chromium --------------------------------------------------------------------------------

ALL_TRACES = """() => Array.from(document.querySelectorAll('.js-plotly-plot'),
                                  p => (p._fullData || []).map(t => t.name)).flat()"""


def settle(page, shown: str) -> None:
    """Wait for ``shown``, the end of the script's run and every chart on the page drawn."""
    page.wait_for_selector(shown, timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_function(ALL_CHARTS_DRAWN.replace("main && main._fullData && ", ""), timeout=60_000)


@pytest.mark.browser
@pytest.mark.timeout(600)
def test_under_the_halls_box_the_plot_keeps_its_click_grid_and_keeps_to_its_strips_foot():
    """Beside the hall's answers on a projector (``boxed``): no colour bar, yet its trace stays the first so
    the click grid stays the second (ui/views/paths.py); the hall's taps over the paths; ▶ and the step
    slider 31 px per legend entry (+ 18) above the square's foot, or where they were with no legend."""
    from ui.hall_chart import clouds, names_the_paths
    from ui.page import chart_labels
    from ui.runs import paths as run_paths
    from viz import contour_figure
    from viz.contour import landscape_view

    config, _ = parse({"preset": "adagrad_vanishes"})
    view, paths = landscape_view(config.landscape_object(), image_pixels=64), run_paths(config, str)
    taps = clouds({"1": {"points": [[0.5, 1.5], [1.0, 1.0]]}}, "en")

    def draw(**under_the_box) -> dict:
        return contour_figure(view, paths, chart_labels("en"), inspector=True, large=True, **under_the_box).to_dict()

    kept, boxed, named = draw(), draw(boxed=True, clouds=taps), draw(boxed=True, legend=False)
    data, layout = boxed["data"], boxed["layout"]
    assert data[1]["name"] == "start_picker" and not data[0]["marker"]["showscale"]
    assert [t["x"] for t in data if t.get("meta") == "cloud"] == [[0.5, 1.0]]
    assert layout["sliders"][0]["pad"]["b"] == 31 * 3 + 18 and layout["legend"]["y"] == 0
    assert named["layout"]["showlegend"] is False and named["layout"]["sliders"] == kept["layout"]["sliders"]
    assert kept["data"][0]["marker"]["showscale"] and "showlegend" not in kept["layout"]
    choice, counts = {"kind": "choice", "choices": ["adagrad", "rmsprop", "none"]}, {"1": {"counts": {"none": 1}}}
    assert names_the_paths(counts, choice, ["adagrad", "rmsprop"]) and not names_the_paths(counts, choice, ["adam"])
    assert not names_the_paths({"1": {"points": []}}, {"kind": "tap"}, ["adagrad"])


def test_quiz_on_every_scenario_in_the_browser(browser, server):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    page = context.new_page()
    for preset in SCENARIOS:
        page.goto(f"{server}/?preset={preset}&quiz=1&lang=en")
        settle(page, ".st-key-quiz-reveal button")
        labels = optimizer_labels(preset)
        before = set(page.evaluate(ALL_TRACES))
        assert not before & labels, (preset, before & labels)
        if preset == "pr4":
            page.screenshot(path=str(ARTIFACTS / "quiz-pr4-before.png"))
        page.locator(".st-key-quiz-reveal button").click()
        settle(page, ".st-key-quiz-again button")
        view = SCENARIOS[preset].view
        expected = {"Adam", "AMSGrad"} if view == "reddi" else labels if view in ("paths", "pr3") else set()
        # the run has ended, but React may not have mounted its charts yet (no chart is "all drawn" too)
        shown = f"() => {json.dumps(sorted(expected))}.every(name => ({ALL_TRACES})().includes(name))"
        with contextlib.suppress(PlaywrightTimeout):  # if they never come, the assertion below says which
            page.wait_for_function(shown, timeout=20_000)
        after = set(page.evaluate(ALL_TRACES))
        assert expected <= after, (preset, expected - after)
        if preset == "pr4":
            page.screenshot(path=str(ARTIFACTS / "quiz-pr4-after.png"))
    context.close()


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_a_tap_on_the_plot_places_the_guess(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US", has_touch=True)
    page = context.new_page()
    page.goto(f"{server}/?preset=adagrad_vanishes&quiz=1&lang=en")
    wait_idle(page)
    axes = page.locator(".st-key-plot .nsewdrag").bounding_box()
    page.mouse.click(axes["x"] + axes["width"] * 0.75, axes["y"] + axes["height"] * 0.25)
    page.wait_for_function(
        """() => { const p = document.querySelector('.st-key-plot .js-plotly-plot');
                   return p && p._fullData && p._fullData.some(t => t.name === 'your guess'); }""",
        timeout=30_000,
    )
    guess = page.evaluate(
        """() => { const t = document.querySelector('.st-key-plot .js-plotly-plot')._fullData
                   .find(t => t.name === 'your guess'); return [t.x[0], t.y[0]]; }"""
    )
    assert 0.5 < guess[0] < 2.5 and 0.5 < guess[1] < 2.5  # the upper right of Rosenbrock's [−2, 3]² window
    assert "start" in page.evaluate(ALL_TRACES)  # the start stays, not moved by the tap
    page.screenshot(path=str(ARTIFACTS / "quiz-guess.png"))
    context.close()
