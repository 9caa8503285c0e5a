"""Theory beside the experiment (issue 13): what optimizers.theory predicts is what the runs do."""

from __future__ import annotations

import numpy as np
import pytest

import landscapes
import optimizers
from optimizers import theory
from tests.apphelpers import figures, open_app


def bowl(theta: float = 0.0, kappa: float = 50.0):
    return landscapes.get("quadratic", kappa=kappa, theta=theta)


def gaps(name: str, ls, steps: int = 400, **settings) -> np.ndarray:
    return optimizers.run(optimizers.get(name, **settings), ls, (-2.5, 1.5), steps).values - ls.f_min


@pytest.mark.parametrize("theta", [0.0, 30.0, 45.0])
def test_gradient_descent_at_its_best_step_converges_at_the_predicted_rate(theta):
    ls = bowl(theta)
    alpha, rate = theory.gd_optimal(ls.hess((0.0, 0.0)))
    measured = theory.measured_rate(gaps("sgd", ls, alpha=float(alpha)))
    assert measured == pytest.approx(float(rate), rel=0.01)
    assert float(rate) == pytest.approx(49 / 51)  # (κ − 1)/(κ + 1)


@pytest.mark.parametrize("theta", [0.0, 30.0, 45.0])
def test_momentum_at_gohs_optimum_converges_at_the_predicted_rate(theta):
    ls = bowl(theta)
    alpha, beta, rate = theory.momentum_optimal(ls.hess((0.0, 0.0)))
    measured = theory.measured_rate(gaps("momentum", ls, alpha=float(alpha), beta=float(beta)))
    # measured 0.7557 against 0.7522: 0.46 % above, the t·ρᵗ of a double root (critical damping) over 400 steps
    assert measured == pytest.approx(float(rate), rel=0.01)
    assert float(rate) == pytest.approx((50**0.5 - 1) / (50**0.5 + 1))


@pytest.mark.parametrize(("alpha", "beta"), [(0.01, 0.0), (0.03, 0.5), (0.02, 0.9), (0.05, 0.7)])
def test_momentum_rate_at_any_stable_setting_matches_the_run(alpha, beta):
    ls = bowl(20.0)
    predicted = float(theory.momentum_rate(alpha, beta, ls.hess((0.0, 0.0))))
    assert theory.measured_rate(gaps("momentum", ls, 1500, alpha=alpha, beta=beta)) == pytest.approx(
        predicted, rel=0.01
    )


@pytest.mark.parametrize("name", ["sgd", "momentum"])
def test_the_stability_edge_separates_converging_from_diverging_runs(name):
    ls = bowl()
    H = ls.hess((0.0, 0.0))
    edge = float(theory.gd_edge(H) if name == "sgd" else theory.momentum_edge(0.9, H))
    settings = {} if name == "sgd" else {"beta": 0.9}
    below = optimizers.run(optimizers.get(name, alpha=0.98 * edge, **settings), ls, (-2.5, 1.5), 3000)
    above = optimizers.run(optimizers.get(name, alpha=1.02 * edge, **settings), ls, (-2.5, 1.5), 3000)
    assert below.diverged_at == -1 and below.values[-1] < below.values[0]
    assert above.diverged_at > 0 or above.values[-1] > above.values[0]


def preconditioned_kappas(name: str, theta: float, **settings) -> np.ndarray:
    ls = bowl(theta)
    run = optimizers.run(optimizers.get(name, **settings), ls, (-2.5, 1.5), 150, record=True)
    return theory.preconditioned_condition(ls.hess(run.points[:-1]), run.lr)


@pytest.mark.parametrize(("name", "settings"), [("adam", {"alpha": 0.1}), ("rmsprop", {"alpha": 0.05, "rho": 0.9})])
def test_adaptive_scaling_rounds_an_axis_aligned_valley_but_not_a_turned_one(name, settings):
    aligned, turned = preconditioned_kappas(name, 0.0, **settings), preconditioned_kappas(name, 45.0, **settings)
    # measured (median over the second half): Adam 2.06, RMSProp 4.2 at θ = 0; 50.0 for both at θ = 45°
    assert np.nanmedian(aligned[75:]) < 5
    assert np.nanmedian(turned[75:]) == pytest.approx(50, rel=0.02)
    assert preconditioned_kappas("sgd", 0.0, alpha=0.038) == pytest.approx(50)  # one α keeps κ as it is


def test_newtons_scaling_makes_every_valley_round():
    ls = bowl(45.0)
    H = ls.hess(np.zeros((3, 2)))
    P = theory.preconditioner(True, {"alpha": 1.0, "delta": 0.0}, H, None)
    np.testing.assert_allclose(theory.scaled_condition(P, H), 1.0)


def loss_traces(at) -> list[dict]:
    loss = next(f for f in figures(at) if any(t.get("meta") == "theory" for t in f["data"]))
    return loss["data"]


def decoded(trace: dict) -> tuple[np.ndarray, np.ndarray]:
    from tests.apphelpers import decode

    return decode(trace["x"]), decode(trace["y"])


def test_the_page_sets_the_sliders_to_theorys_best_and_draws_lines_the_runs_follow():
    at = open_app({"f": "quadratic", "f.kappa": "50", "opt": "sgd,momentum", "view": "sweep", "steps": "300"})
    for name in ("sgd", "momentum"):
        at.selectbox(key="sweep.opt").set_value(name).run()
        at.button(key="sweep.best").click().run()
        assert not at.exception
    H = bowl().hess((0.0, 0.0))
    assert at.session_state["sgd.alpha"] == pytest.approx(float(theory.gd_optimal(H)[0]), rel=2e-3)
    best_alpha, best_beta, _ = theory.momentum_optimal(H)
    assert at.session_state["momentum.alpha"] == pytest.approx(float(best_alpha), rel=2e-3)
    assert at.session_state["momentum.beta"] == pytest.approx(float(best_beta), rel=2e-3)
    assert at.select_slider(key="momentum.beta").value == at.session_state["momentum.beta"]  # the sidebar shows it
    at.segmented_control(key="view").set_value("paths").run()
    at.toggle(key="curv").set_value(True).run()
    traces = loss_traces(at)
    for label in ("Gradient descent (SGD)", "Momentum"):
        measured = next(t for t in traces if t["name"] == label and t.get("meta") != "theory")
        line = next(t for t in traces if t.get("meta") == "theory" and t["name"].startswith(label))
        steps, values = decoded(measured)
        above = values > 10 * values.min()  # above the floor the curves stop at (viz.paths.gap_floor)
        steps, values = steps[above], values[above]
        line_steps, line_values = decoded(line)
        drawn_rate = float(np.sqrt(line_values[-1] / line_values[0]) ** (1 / (line_steps[-1] - line_steps[0])))
        half = steps.size // 2
        measured_rate = float((values[-1] / values[half]) ** (1 / (2 * (steps[-1] - steps[half]))))
        assert measured_rate == pytest.approx(drawn_rate, rel=0.01), label


def test_the_curvature_view_draws_ellipses_and_kappa_and_adds_newton_on_request():
    at = open_app({"preset": "one_lr"})  # the scenario opens with the curvature view on
    assert not at.exception
    main = figures(at)[0]
    names = [t.get("name") for t in main["data"]]
    assert names.count("curvature ∇²f") == 3 and names.count("the method's scaling") == 3
    frame_sizes = {len(frame["data"]) for frame in main["frames"]}
    assert frame_sizes == {3 * 6} and len(main["frames"]) >= 10  # every frame moves the ellipses too
    kappa = next(f for f in figures(at) if f["layout"]["yaxis"]["title"]["text"] == "condition number κ")
    assert {t["name"] for t in kappa["data"]} >= {"κ(P·∇²f), Adam", "κ(∇²f) at Adam"}
    at.button(key="add_newton").click().run()
    assert "newton" in at.session_state["opt"] and not at.exception
    assert "newton" in at.multiselect(key="opt").value  # the sidebar lists it too
    assert "Newton's method" in {t.get("name") for t in figures(at)[0]["data"]}


def test_without_the_curvature_view_the_plot_sends_no_ellipses():
    at = open_app({"preset": "pr4"})
    assert "curvature ∇²f" not in {t.get("name") for t in figures(at)[0]["data"]}
