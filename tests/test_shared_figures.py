"""A hall on one link, or a class following its lecturer, draws one landscape figure and one loss figure
(ui/figures.py): the first session builds them, the others send the same bytes; a session that draws
something of its own (another α, a guess of its own) builds its own."""

from __future__ import annotations

import pytest

from tests.apphelpers import figures, open_app
from ui.views import paths as paths_view
from viz import contour

LINK = {"f": "rosenbrock", "opt": "sgd,adam", "steps": "120"}


@pytest.fixture
def built(monkeypatch) -> list[str]:
    """Each landscape figure built, by its paths' names."""
    made: list[str] = []

    def counted(view, paths, *args, **kwargs):
        made.append(",".join(path.name for path in paths))
        return contour.contour_figure(view, paths, *args, **kwargs)

    monkeypatch.setattr(paths_view, "contour_figure", counted)
    return made


def test_sessions_on_one_link_send_one_figure(built):
    first = open_app(LINK)
    second = open_app(LINK)
    assert not first.exception and not second.exception
    assert built.count("sgd,adam") <= 1  # none, where an earlier test drew this link in this process
    assert figures(first)[:2] == figures(second)[:2]  # the landscape and the loss


def test_a_session_with_its_own_alpha_draws_its_own_paths(built):
    shared = figures(open_app(LINK))[0]
    own = open_app(LINK | {"adam.alpha": "0.05"})
    assert not own.exception
    assert built[-1] == "sgd,adam"  # built for this session
    assert figures(own)[0] != shared


def test_a_guess_of_its_own_is_drawn_over_the_shared_landscape(built):
    asking = LINK | {"quiz": "1"}
    before = open_app(asking)
    assert not before.exception
    count = len(built)
    again = open_app(asking)
    assert len(built) == count  # the same hidden paths, the same start: shared
    guess = open_app(asking)
    guess.session_state["quiz.guess"] = (0.5, 0.5)
    guess.run()
    assert not guess.exception
    assert figures(again)[0] == figures(before)[0]
    assert len(built) == count + 1  # the guess's own figure
    assert figures(guess)[0] != figures(before)[0]


def draw_hall(counts: dict) -> None:
    """A follower's page at Reveal: the hall's answers (AppTest.from_function runs this alone)."""
    from ui.hall_chart import hall_chart

    question = {"id": "first", "kind": "choice", "choices": list(counts), "bounds": None}
    hall_chart({"1": {"counts": counts}}, question, "en")


def test_the_halls_answers_are_charted_once_for_every_follower_and_again_when_they_change(monkeypatch):
    from streamlit.testing.v1 import AppTest

    import ui.hall_chart
    from tests.apphelpers import components

    made: list[dict] = []
    chart_of = ui.hall_chart._chart

    def counted(hall, *args):
        made.append(hall)
        return chart_of(hall, *args)

    monkeypatch.setattr(ui.hall_chart, "_chart", counted)
    hall = {"sgd": 7, "adam": 12, "none": 1}
    pages = [AppTest.from_function(draw_hall, kwargs={"counts": hall}).run() for _ in range(3)]
    assert all(not page.exception for page in pages)
    drawn = [components(page, "chart")["class.hall_chart"]["figure"] for page in pages]
    assert len(made) == 1 and drawn[0] == drawn[1] == drawn[2]
    later = AppTest.from_function(draw_hall, kwargs={"counts": hall | {"adam": 13}}).run()
    assert len(made) == 2  # one more answer: a new chart
    assert components(later, "chart")["class.hall_chart"]["figure"]["data"][0]["y"] != drawn[0]["data"][0]["y"]


def test_followers_asking_at_once_for_a_new_figure_build_it_once():
    """At a lecturer's change every follower asks for the same new figure at the same moment: the first
    builds it and the others wait for its bytes, instead of each building it while the GIL is passed round
    (what a change of view cost the hall before: every follower's run built the figure the others were
    building)."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from ui.figures import shared_figure
    from viz.spec import Spec

    building, release, builds = threading.Event(), threading.Event(), []

    def build() -> Spec:
        builds.append(threading.get_ident())
        building.set()
        release.wait(10)
        return Spec({"data": [], "layout": {"title": {"text": "a lecturer's new view"}}})

    points, followers = np.zeros(3), 8
    arrived = threading.Barrier(followers + 1)

    def follower() -> bytes:
        arrived.wait(10)
        return shared_figure(("at once", followers), [points], build)

    with ThreadPoolExecutor(followers) as pool:
        sent = [pool.submit(follower) for _ in range(followers)]
        arrived.wait(10)
        assert building.wait(10)
        time.sleep(0.3)  # the other followers reach the figure meanwhile (each built its own before)
        release.set()
        made = [future.result(10) for future in sent]
    assert len(builds) == 1
    assert all(figure is made[0] for figure in made)
    assert b"a lecturer's new view" in made[0]
