"""The Streamlit page through AppTest: it runs clean, reacts to widgets and round-trips its URL."""

import numpy as np
import pytest

import landscapes
from tests.apphelpers import ROOT, figures, open_app, paths_in_plot, query, stage_move, whole_page


def test_default_page_is_the_homework_pr4():
    at = open_app()
    assert not at.exception
    assert at.session_state["f"] == "rosenbrock"
    assert list(at.session_state["opt"]) == ["sgd", "momentum", "adam"]
    paths = paths_in_plot(at)
    assert set(paths) == {"Gradient descent (SGD)", "Momentum", "Adam"}
    for path in paths.values():
        np.testing.assert_allclose(path[0], [-1.5, 2.5])
    main = figures(at)[0]
    assert main["layout"]["xaxis"]["range"] == [-2, 3]
    assert main["layout"]["yaxis"]["range"] == [-2, 3]
    assert not at.warning
    assert query(at)["f"] == "rosenbrock"


@pytest.mark.parametrize("name", landscapes.names())
def test_every_landscape_runs_clean_with_the_default_optimizers(name):
    at = open_app({"f": name})
    assert not at.exception
    assert at.session_state["f"] == name
    main = figures(at)[0]
    (x0, x1), (y0, y1) = landscapes.get(name).bounds
    assert main["layout"]["xaxis"]["range"] == [x0, x1]
    assert main["layout"]["yaxis"]["range"] == [y0, y1]
    for path in paths_in_plot(at).values():
        np.testing.assert_allclose(path[0], landscapes.get(name).start, atol=1e-6)


def test_changing_alpha_changes_the_trajectory():
    at = open_app()
    before = paths_in_plot(at)["Adam"]
    stage_move(at, **{"adam.alpha": 0.01})  # α is on the stage under the plot, not in the sidebar
    assert not at.exception
    assert "adam.alpha" not in [s.key for s in at.select_slider]
    after = paths_in_plot(at)["Adam"]
    assert not np.allclose(before[-1], after[-1])
    assert query(at)["adam.alpha"] == "0.01"
    assert paths_in_plot(at)["Momentum"].tolist() == paths_in_plot(open_app())["Momentum"].tolist()


def test_url_parameters_are_applied():
    at = open_app({"f": "himmelblau", "opt": "adam,sgd", "adam.alpha": "0.05", "x0": "1", "y0": "-1", "steps": "50"})
    assert not at.exception
    assert not at.warning
    assert at.session_state["f"] == "himmelblau"
    assert list(at.session_state["opt"]) == ["adam", "sgd"]
    assert at.session_state["adam.alpha"] == 0.05
    assert at.session_state["steps"] == 50
    paths = paths_in_plot(at)
    assert set(paths) == {"Adam", "Gradient descent (SGD)"}
    np.testing.assert_allclose(paths["Adam"][0], [1, -1])
    assert len(paths["Adam"]) == 51


def test_an_off_grid_alpha_from_a_link_is_kept_exactly():
    at = open_app({"opt": "adam", "adam.alpha": "0.0123"})
    assert at.session_state["adam.alpha"] == 0.0123
    assert query(at)["adam.alpha"] == "0.0123"


def test_malformed_url_warns_once_naming_the_bad_parameters_and_still_draws():
    at = open_app({"f": "himmelblau", "opt": "adam,bogus", "adam.alpha": "-1", "x0": "abc", "steps": "1e9", "zz": "1"})
    assert not at.exception
    assert len(at.warning) == 1
    message = at.warning[0].value
    for name in ("opt=bogus", "adam.alpha=-1", "x0=abc", "steps=1e9", "zz"):
        assert name in message
    assert at.session_state["f"] == "himmelblau"
    assert "Adam" in paths_in_plot(at)


def test_invisible_characters_in_a_link_are_shown_escaped_in_the_warning():
    """A key with a zero-width, bidi or other invisible character is not the key it looks like: the
    warning shows what it is, not a plain-looking "opt" listed as ignored."""
    at = open_app({"opt\u200b": "adam", "o\u202ept": "sgd", "x0\u00a0": "1", "\u2066f": "saddle", "f": "saddle\u200d"})
    assert not at.exception
    message = at.warning[0].value
    for shown in (r"`opt\u200b`", r"`o\u202ept`", r"`x0\u00a0`", r"`\u2066f`", r"`f=saddle\u200d`"):
        assert shown in message
    assert not any(c in message for c in "\u200b\u202e\u00a0\u2066\u200d")
    assert at.session_state["opt"] == ["sgd", "momentum", "adam"]  # none of them was taken for "opt"
    assert at.session_state["f"] == "rosenbrock"  # nor for "f"


def test_state_written_to_the_url_restores_the_view():
    at = open_app()
    at.selectbox(key="f").set_value("quadratic").run()
    at.select_slider(key="f.kappa").set_value(50.0).run()
    at.multiselect(key="opt").set_value(["rmsprop", "adagrad"]).run()
    whole_page(stage_move(at, **{"rmsprop.rho": 0.99}))  # ρ is on the stage under the plot
    whole_page(at.number_input(key="x0").set_value(-2.0).run())
    at.slider(key="steps").set_value(300).run()
    assert not at.exception
    shared = query(at)
    assert shared["f"] == "quadratic" and shared["f.kappa"] == "50" and shared["rmsprop.rho"] == "0.99"
    restored = open_app(shared)
    assert not restored.exception
    assert not restored.warning
    assert query(restored) == shared
    for name, path in paths_in_plot(at).items():
        np.testing.assert_array_equal(paths_in_plot(restored)[name], path)


def test_a_diverging_optimizer_gets_a_clear_note():
    at = open_app({"opt": "sgd", "sgd.alpha": "0.01", "x0": "-1.5", "y0": "2"})
    assert not at.exception
    notes = [w.value for w in at.warning]
    assert any("Gradient descent (SGD) diverged at step" in n and "smaller α" in n for n in notes)


def test_reset_restores_the_page_defaults():
    at = open_app()
    whole_page(stage_move(at, **{"adam.alpha": 0.001}))
    assert at.session_state["adam.alpha"] == 0.001
    at.button(key="reset.adam").click().run()
    assert at.session_state["adam.alpha"] == 0.1


def test_no_optimizer_still_draws_the_landscape():
    at = open_app()
    at.multiselect(key="opt").set_value([]).run()
    assert not at.exception
    main = figures(at)[0]
    source = main["layout"]["images"][0]["source"]  # the contour picture, served as a static file
    assert source.startswith("app/static/contours/") and source.endswith(".png")
    assert (ROOT / source.removeprefix("app/")).read_bytes().startswith(b"\x89PNG")
    assert main["data"][0]["marker"]["showscale"]  # and its colour bar
    assert at.info
