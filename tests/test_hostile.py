"""No link can take the hall down: every row of issue 9's table, tried as a hostile visitor would.

The formulas themselves are in test_expressions.py; here, what the page does with such links: bounded
work (the cost model), work that stops when nobody waits for it, nothing from a URL rendered as
Markdown, a window too small to draw, a query too long to read, figures within their size budget.
"""

from __future__ import annotations

import asyncio
import json
import pickle
from urllib.parse import quote, urlsplit

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as hs

import optimizers
from tests.apphelpers import figures, open_app
from tests.browser import CHROMIUM, CHROMIUM_FLAGS, cpu_seconds, require_chromium, streamlit_server, wait_idle
from tests.protocol import Student
from ui import budget, maps, runs, views
from ui.config import parse
from ui.page import fenced

ALL = ",".join(optimizers.names())
ABS_NEST = "abs(x/" * 11 + "x*y" + ")" * 11
TANH_NEST = "tanh(x*y*" * 10 + "x" + ")" * 10
HEAVY_LINKS = {
    "abs nest, 11 optimizers, 5000 steps": {"f": "custom", "expr": ABS_NEST, "opt": ALL, "steps": "5000"},
    "tanh nest, 11 optimizers, 5000 steps": {"f": "custom", "expr": TANH_NEST, "opt": ALL, "steps": "5000"},
    "rotation, 11 optimizers, 5000 steps": {"preset": "rotation", "opt": ALL, "steps": "5000"},
    "PR3, 11 optimizers, 5000 steps": {"view": "pr3", "opt": ALL, "steps": "5000"},
    "many starts, 11 optimizers": {"view": "starts", "opt": ALL, "steps": "5000"},
    "sensitivity, 5000 steps": {"view": "sweep", "steps": "5000"},
    "Adam fails, 5000 steps": {"view": "reddi", "opt": "adam,amsgrad", "steps": "5000"},
}


@pytest.mark.parametrize("query", HEAVY_LINKS.values(), ids=HEAVY_LINKS.keys())
def test_every_heavy_link_is_bounded_by_the_cost_model(query):
    config, _ = parse(query)
    fitted, asked = budget.fit(config)
    assert budget.cost(fitted) <= budget.BUDGET
    if config.view in ("paths", "surface", "pr3", "reddi") and budget.cost(config) > budget.BUDGET:
        assert asked == 5000 and fitted.steps < 5000  # fewer steps, and the page says so


def test_a_formula_costs_in_proportion_to_its_gradient():
    light, _ = parse({"f": "custom", "expr": "x^2 + y^2"})
    heavy, _ = parse({"f": "custom", "expr": TANH_NEST})
    assert budget.step_cost(light) < 1.5  # about a built-in landscape's step
    assert budget.step_cost(heavy) > 6  # 153 NumPy calls per gradient
    assert budget.max_steps(heavy) < budget.max_steps(light) / 4


def test_the_page_shows_the_reduced_steps_and_says_why():
    at = open_app(HEAVY_LINKS["tanh nest, 11 optimizers, 5000 steps"], timeout=120)
    assert not at.exception
    limit = budget.max_steps(budget.fit(parse(HEAVY_LINKS["tanh nest, 11 optimizers, 5000 steps"])[0])[0])
    assert at.session_state["steps"] == limit < 5000
    assert any(f"Showing {limit} steps instead of 5,000" in i.value for i in at.info)


def test_the_rotation_chart_is_one_batched_run_per_optimizer(monkeypatch):
    calls = []
    real = optimizers.run
    monkeypatch.setattr(optimizers, "run", lambda *a, **k: calls.append(np.shape(a[2])) or real(*a, **k))
    config, _ = parse({"preset": "rotation", "opt": "sgd,adam,rmsprop"})
    maps.rotation_reach.__wrapped__(50.0, config.hyperparameters, config.start, 300)
    assert calls == [(len(views.ROTATIONS), 2)] * 3  # three runs of 19 bowls, not 57 runs


def test_a_window_too_small_to_draw_falls_back_with_a_warning():
    at = open_app({"f": "custom", "expr": "x^2+y^2", "f.xmin": "0", "f.xmax": "1e-300", "f.ymin": "0", "f.ymax": "1"})
    assert not at.exception
    assert any("f.xmin, f.xmax, f.ymin, f.ymax" in w.value for w in at.warning)
    layout = figures(at)[0]["layout"]
    assert layout["xaxis"]["range"] == [-2.5, 2.5] and layout["yaxis"]["range"] == [-2.5, 2.5]


def test_a_window_far_longer_than_wide_falls_back_too():
    config, problems = parse(
        {"f": "custom", "expr": "x", "f.xmin": "0", "f.xmax": "1000", "f.ymin": "0", "f.ymax": "1"}
    )
    assert "f.xmin, f.xmax, f.ymin, f.ymax" in problems
    assert dict(config.landscape_params)["xmax"] == 2.5


def test_figures_of_the_heaviest_views_stay_within_their_size_budget():
    for query in (HEAVY_LINKS["PR3, 11 optimizers, 5000 steps"], {"opt": ALL, "steps": "5000"}):
        at = open_app(query, timeout=120)
        assert not at.exception
        for figure in figures(at):
            assert len(json.dumps(figure)) < 250_000


MARKDOWN_LINKS = [
    "?![b](https://tracker.example/t.png)=1",
    "?[Log in again](https://phish.example)=1",
    "?%0A%0A%23 SERVER HACKED=1",
    "?:red[alarm] $x^2$ <img src=x onerror=alert(1)>=1",
    "?f=custom&expr=" + quote("x + ![b](https://tracker.example/t.png)"),
    "?f=custom&expr=" + quote("[Log in again](https://phish.example) + x"),
]


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_nothing_from_a_link_is_rendered_as_markdown_or_html():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for link in MARKDOWN_LINKS:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r, seen=requests: seen.append(r.url))
            page.goto(url + "/" + link)
            wait_idle(page)
            warning = page.locator("[data-testid=stAlert]").first
            assert warning.count() == 1, link
            html = warning.inner_html()
            for tag in ("<img", "<a ", "<h1", "<h2", "<h3", "<script", "<iframe"):
                assert tag not in html, (link, tag)
            fetched = {urlsplit(r).hostname for r in requests if not r.startswith("blob:")}  # blob: the page's own
            assert fetched == {"127.0.0.1"}  # nothing fetched from elsewhere
            assert "ignored" in warning.inner_text()  # the warning itself still reads
            page.close()
        browser.close()


@pytest.mark.timeout(300)
def test_work_stops_when_the_tab_closes_and_when_a_newer_move_arrives():
    heavy = "f=custom&expr=" + quote(TANH_NEST) + f"&opt={ALL}&steps=5000&view=starts"
    with streamlit_server(env={"LANDSCAPE_LAB_BUDGET": "1000"}) as url:  # a budget that lets it run for seconds

        async def closed_tab() -> float:
            async with Student(url) as s:
                await s.open("")
                s.query = heavy
                await s.request()  # the heavy link, sent, and the tab closed 0.5 s later
                await asyncio.sleep(0.5)
            cpu = cpu_seconds(url.pid)
            await asyncio.sleep(2.0)
            return cpu_seconds(url.pid) - cpu

        assert asyncio.run(closed_tab()) < 0.5  # it would have computed for seconds more

        async def superseded() -> tuple[float, str]:
            async with Student(url) as s:
                await s.open("")
                s.query = heavy
                await s.request()
                await asyncio.sleep(0.5)
                s.query = "opt=adam&steps=100"
                started = await s.request()
                run = await s.collect(started)
                return run.latency, run.status

        latency, status = asyncio.run(superseded())
        assert status == "ok" and latency < 5  # the heavy run stopped at its next check, the new one ran


DROPPED_LINKS = {  # Streamlit drops a query string whole beyond either of its limits, the length first
    "many": ("&".join(f"p{i}=1" for i in range(1100)), "en-US", "This link had more than 1,000 parameters"),
    "long": ("f=" + "x" * 600_000, "en-US", "This link was longer than 524,288 characters"),
    "long, in Ukrainian": ("f=" + "x" * 600_000, "uk-UA", "Це посилання було довшим за 524\u00a0288 символів"),
    "many, in Ukrainian": ("&".join(["p=1"] * 1001), "uk-UA", "Це посилання мало понад 1\u00a0000 параметрів"),
}


@pytest.mark.timeout(120)
def test_a_dropped_query_string_is_reported_with_its_reason():
    with streamlit_server() as url:

        async def visit(query: str, locale: str) -> list[str]:
            async with Student(url, locale=locale) as s:
                await s.open(query)
                return s.texts()

        for name, (query, locale, reason) in DROPPED_LINKS.items():
            texts = asyncio.run(visit(query, locale))
            assert sum(reason in text for text in texts) == 1, name
            assert not any("1000" in text or "1\u00a0000" in text for text in texts if reason not in text), name


def test_cached_paths_are_small_and_their_number_bounded():
    (run,) = runs.runs_of(parse({"opt": "adam", "steps": "5000"})[0])
    row = runs._row(run, "alpha", runs.stops_of("adam", 0.1))
    assert len(row) == 25  # the whole slider, in one run
    longest = max(len(runs.stops_of(name, 0.001)) for name in optimizers.names())
    assert longest == views.ROW  # what ui.budget counts a row as
    size = len(pickle.dumps(row))  # every array of every path, the step inspector's frames too
    # a 5000-step path keeps what is drawn and its copy packed for the stage: ≈ 20 KB, not ≈ 300 KB
    assert size / len(row) < 24_000
    assert runs.row_bytes(row) < 25 * 24_000 + 100_000  # what the row cache counts it as (test_memory.py)
    assert runs._rows.maxsize == runs.ROW_BYTES <= 256 * 2**20  # the cache can never pass its bytes


@given(hs.text(alphabet="`a/?=&", max_size=40))
def test_a_link_cannot_close_its_code_block(link):
    """The link is shown in a Markdown code block: no run of backticks in it can close the block early."""
    block = fenced(link)
    fence = block.split("\n", 1)[0]
    assert set(fence) == {"`"} and len(fence) >= 3 and fence not in link
    assert block == f"{fence}\n{link}\n{fence}"
