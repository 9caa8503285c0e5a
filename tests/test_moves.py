"""What a slider move costs the hall: only the view is sent again, over Streamlit's own protocol."""

import asyncio

import numpy as np
import pytest

import landscapes
import optimizers
from tests.browser import streamlit_server
from tests.protocol import Student, path_of

MAIN, SIDEBAR = 0, 1  # Streamlit's root containers: the first index of every element's delta path


async def _session(url: str) -> dict:
    async with Student(url) as s:
        out = {"opened": await s.open("opt=sgd,adam&adam.alpha=0.1&steps=300")}
        out["moved"] = await s.stage({"adam.alpha": 0.05})  # the stage's one message after a drag
        out["adam"], out["query"] = path_of(s.figure("plot"), "Adam"), s.query
        out["sent"] = s.drawn_by(out["moved"])
        out["texts"] = s.texts()
        out["link"] = s.component("share_link")
        out["more"] = await s.set("more", bool_value=True)
        out["widgets"] = set(s.widget_ids)
        return out


@pytest.fixture(scope="module")
def session() -> dict:
    with streamlit_server() as url:
        return asyncio.run(_session(url))


def test_an_alpha_move_sends_the_view_again_and_not_the_sidebar(session):
    opened, moved = session["opened"], session["moved"]
    assert {path[0] for path in opened.drawn} == {MAIN, SIDEBAR}
    assert moved.drawn and {path[0] for path in moved.drawn} == {MAIN}
    assert len(moved.drawn) < len(opened.drawn) / 2
    assert moved.status == "fragment ok" and not moved.exceptions
    # no download button: each one registers a file under the media manager's one lock, on every run
    assert not any(element.WhichOneof("type") == "download_button" for element in session["sent"])


def test_the_moved_view_is_drawn_for_the_new_alpha_and_linked(session):
    rosenbrock = landscapes.get("rosenbrock")
    traj = optimizers.run(optimizers.get("adam", alpha=0.05), rosenbrock, rosenbrock.start, 300)
    np.testing.assert_allclose(session["adam"][-1], traj.last, rtol=1e-5, atol=1e-5)
    assert "adam.alpha=0.05" in session["query"]


def test_a_control_that_changes_the_sidebar_redraws_the_whole_page(session):
    more = session["more"]
    assert SIDEBAR in {path[0] for path in more.drawn} and not more.exceptions
    assert "adam.eps" in session["widgets"]  # ε, shown only with "more"


def test_the_rules_are_typeset_with_the_page_and_the_moved_values_are_beside_the_link(session):
    sent = [e.markdown.body for e in session["sent"] if e.WhichOneof("type") == "markdown"]
    assert not any("$$" in body for body in sent)  # no formula is sent (and typeset) again on a move
    assert not any("```" in body for body in sent)  # nor a code block, whose highlighter is 1.5 MB of script
    assert any("Update rules" in text and "$$" in text for text in session["texts"])  # still on the page
    link = session["link"]
    assert link["title"] == "Link to this view" and link["copy"] == "Copy"
    assert any(line.startswith("Adam: α = 0.05, ρ₁ = 0.9, ρ₂ = 0.999") for line in link["lines"])
    assert any(line.startswith("Gradient descent (SGD): α = ") for line in link["lines"])
    assert "adam.alpha=0.05&" in link["url"]  # the link itself, in the same element, to copy
