"""A method that cannot run says so and the rest draws: Newton's method on a typed function whose Hessian
the core refuses (too expensive to compute), in every view and mode."""

from __future__ import annotations

import pytest

from landscapes.expression import FormulaError, hessian
from tests.apphelpers import figures, open_app, paths_in_plot, query
from ui import budget, runs
from ui.config import parse

REFUSED = "tanh(" * 18 + "x*y" + ")" * 18  # its Hessian takes more than MAX_HESSIAN_OPERATIONS
CASES = {
    "paths": {},
    "curvature": {"curv": "1"},
    "predict first": {"quiz": "1"},
    "many starts": {"view": "starts"},
    "sensitivity": {"view": "sweep", "sweep.opt": "newton"},
    "3D": {"view": "surface"},
}


def test_the_formula_is_one_whose_hessian_is_refused():
    with pytest.raises(FormulaError, match="Hessian takes"):
        hessian(REFUSED)


@pytest.mark.parametrize("extra", CASES.values(), ids=CASES.keys())
def test_every_view_draws_the_others_and_says_why_newton_is_missing(extra):
    at = open_app({"f": "custom", "expr": REFUSED, "opt": "newton,adam"} | extra, timeout=120)
    assert not at.exception and not at.error
    notes = [w.value for w in at.warning if w.value.startswith("Newton's method is not drawn here")]
    assert len(notes) == 1 and "Hessian takes" in notes[0]
    assert query(at)["opt"] == "newton,adam"  # the link still asks for both
    if not extra or extra == {"curv": "1"}:
        assert list(paths_in_plot(at)) == ["Adam"]
        assert not any(b.key == "add_newton" for b in at.button)


def test_the_page_in_ukrainian_says_it_in_ukrainian():
    at = open_app({"f": "custom", "expr": REFUSED, "opt": "newton,adam", "lang": "uk"}, timeout=120)
    assert not at.exception
    assert any(w.value.startswith("Метод Ньютона тут не показано") and "гессіан" in w.value for w in at.warning)


def test_newton_is_offered_where_it_can_run_and_not_where_it_cannot():
    fine = open_app({"f": "custom", "expr": "x^4 - 3*x^2 + y^2", "opt": "adam", "curv": "1"})
    assert any(b.key == "add_newton" for b in fine.button)
    refused = open_app({"f": "custom", "expr": REFUSED, "opt": "adam", "curv": "1"}, timeout=120)
    assert not refused.exception and figures(refused)
    assert not any(b.key == "add_newton" for b in refused.button)


def test_the_cost_model_counts_no_work_for_a_method_that_does_not_run():
    config = parse({"f": "custom", "expr": REFUSED, "opt": "newton,adam"})[0]
    assert budget.optimizer_cost(config, "newton") == 0.0
    shown, absent = runs.runnable(config)
    assert shown.opt == ("adam",) and [a.name for a in absent] == ["newton"]
    assert budget.per_step(config) == budget.per_step(shown)


def test_nothing_is_left_out_where_everything_can_run():
    config = parse({"preset": "one_lr", "opt": "newton,adam"})[0]
    assert runs.runnable(config) == (config, ())
