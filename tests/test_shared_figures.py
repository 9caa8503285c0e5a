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
