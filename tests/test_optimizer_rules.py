"""The first steps of each optimizer, computed by hand from the lecture's formulas.

All on f(x, y) = ½(x² + 10y²) (``quadratic`` with κ = 10, θ = 0), so ∇f = (x, 10y), from W₀ = (1, 1):
g₀ = (1, 10). ε = 0 unless said, so the arithmetic stays readable.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import landscapes
import optimizers

BOWL = landscapes.get("quadratic", kappa=10, theta=0)
W0 = (1.0, 1.0)


def first_points(name: str, steps: int = 2, **hp: float) -> np.ndarray:
    return optimizers.run(optimizers.get(name, **hp), BOWL, start=W0, steps=steps).points


def test_sgd_steps_against_the_gradient():
    # W₁ = (1, 1) − 0.1·(1, 10) = (0.9, 0);  g₁ = (0.9, 0);  W₂ = (0.9 − 0.09, 0) = (0.81, 0)
    np.testing.assert_allclose(first_points("sgd", alpha=0.1), [[1, 1], [0.9, 0], [0.81, 0]], atol=1e-15)


def test_momentum_is_the_heavy_ball_of_lecture_5():
    # p₁ = g₀ = (1, 10);  W₁ = (1, 1) − 0.1·(1, 10) = (0.9, 0)
    # g₁ = (0.9, 0);  p₂ = 0.9·(1, 10) + (0.9, 0) = (1.8, 9);  W₂ = (0.9 − 0.18, 0 − 0.9) = (0.72, −0.9)
    points = first_points("momentum", alpha=0.1, beta=0.9)
    np.testing.assert_allclose(points, [[1, 1], [0.9, 0], [0.72, -0.9]], atol=1e-15)


def test_momentum_equals_the_two_step_form():
    # W_{t+1} = W_t − α∇f(W_t) + β(W_t − W_{t−1}), the lecture's equivalent form
    points = first_points("momentum", steps=30, alpha=0.05, beta=0.8)
    for t in range(1, 30):
        expected = points[t] - 0.05 * BOWL.grad(points[t]) + 0.8 * (points[t] - points[t - 1])
        np.testing.assert_allclose(points[t + 1], expected, rtol=1e-12, atol=1e-12)


def test_nesterov_looks_ahead():
    # p₁ = (1, 10);  W₁ = W₀ − 0.1·(g₀ + 0.9·p₁) = (1 − 0.1·1.9, 1 − 0.1·19) = (0.81, −0.9)
    np.testing.assert_allclose(first_points("nesterov", steps=1, alpha=0.1, beta=0.9)[1], [0.81, -0.9])


def test_adagrad_first_steps_match_formula():
    # r₁ = (1, 100);  W₁ = (1 − 0.1·1/1, 1 − 0.1·10/10) = (0.9, 0.9)
    # g₁ = (0.9, 9);  r₂ = (1.81, 181);  W₂ = 0.9 − 0.1·0.9/√1.81 = 0.9 − 0.9/√181 = 0.833103...
    points = first_points("adagrad", alpha=0.1, eps=0.0)
    second = 0.9 - 0.09 / math.sqrt(1.81)
    np.testing.assert_allclose(points, [[1, 1], [0.9, 0.9], [second, second]], rtol=1e-14)


def test_adagrad_eps_sits_outside_the_root():
    # ε = 1: W₁ = 1 − 0.1·1/(1 + √1) = 0.95 (ε inside the root would give 1 − 0.1/√2)
    np.testing.assert_allclose(first_points("adagrad", steps=1, alpha=0.1, eps=1.0)[1, 0], 0.95)


def test_rmsprop_first_step_matches_formula():
    # r₁ = 0.1·(1, 100) = (0.1, 10);  W₁ = 1 − 0.01·1/√0.1 = 1 − 0.01·10/√10 = 0.968377...
    # both coordinates move alike although their gradients differ 10×: a rate per weight
    step = 0.01 / math.sqrt(0.1)
    np.testing.assert_allclose(first_points("rmsprop", steps=1, alpha=0.01, rho=0.9, eps=0.0)[1], [1 - step] * 2)


def test_adam_first_steps_match_formula():
    # t = 1: p̂₁ = g₀, r̂₁ = g₀², so W₁ = W₀ − α·sign(g₀) = (0.9, 0.9)
    # t = 2: g₁ = (0.9, 9);  p₂ = 0.9·0.1·(1, 10) + 0.1·(0.9, 9) = (0.18, 1.8);  p̂₂ = p₂/0.19
    #        r₂ = 0.999·0.001·(1, 100) + 0.001·(0.81, 81) = (0.001809, 0.1809);  r̂₂ = r₂/0.001999
    #        W₂ = 0.9 − 0.1·(0.18/0.19)/√(0.001809/0.001999)
    points = first_points("adam", alpha=0.1, rho1=0.9, rho2=0.999, eps=0.0)
    second = 0.9 - 0.1 * (0.18 / 0.19) / math.sqrt(0.001809 / 0.001999)
    np.testing.assert_allclose(points, [[1, 1], [0.9, 0.9], [second, second]], rtol=1e-12)


def test_adam_without_bias_correction_takes_too_large_first_steps():
    # p₁ = 0.1·g₀, r₁ = 0.001·g₀²: W₁ = 1 − 0.1·0.1/√0.001 = 1 − 0.316227...
    points = first_points("adam", steps=1, alpha=0.1, eps=0.0, bias_correction=False)
    np.testing.assert_allclose(points[1], [1 - 0.01 / math.sqrt(0.001)] * 2, rtol=1e-14)


def test_amsgrad_divides_by_the_largest_second_moment():
    # Gradients 1 then 0 on one weight, ρ₂ = 0.5: r₁ = 0.5, r₂ = 0.25 < r₁, so AMSGrad keeps r_max = 0.5.
    # Step 2: p₂ = 0.9·0.1 = 0.09, p̂₂ = 0.09/0.19;  r̂₂ = 0.5/(1 − 0.25);  step = 0.1·p̂₂/√r̂₂
    # (Adam would use r̂₂ = 0.25/0.75 and step further.)
    opt = optimizers.get("amsgrad", alpha=0.1, rho1=0.9, rho2=0.5, eps=0.0)
    W = np.zeros((1, 2))
    W, state = opt.update(W, np.ones((1, 2)), opt.init(W))
    W, state = opt.update(W, np.zeros((1, 2)), state)
    np.testing.assert_allclose(W, -0.1 - 0.1 * (0.09 / 0.19) / math.sqrt(0.5 / 0.75), rtol=1e-14)
    np.testing.assert_allclose(state.r_max, 0.5)


def test_adamw_decays_the_weights_apart_from_the_gradient():
    # W ← W·(1 − 0.1·0.5) = 0.95, then Adam's first step −0.1·sign(g): 0.85
    points = first_points("adamw", steps=1, alpha=0.1, eps=0.0, weight_decay=0.5)
    np.testing.assert_allclose(points[1], [0.85, 0.85], rtol=1e-14)


def test_adamax_first_steps_match_formula():
    # u₁ = |g₀| = (1, 10);  W₁ = W₀ − 0.1/(1 − 0.9) · 0.1·g₀/u₁ = (0.9, 0.9)
    # g₁ = (0.9, 9);  p₂ = (0.18, 1.8);  u₂ = max(0.999·(1, 10), (0.9, 9)) = (0.999, 9.99)
    # W₂ = 0.9 − 0.1/0.19 · 0.18/0.999
    points = first_points("adamax", alpha=0.1, eps=0.0)
    second = 0.9 - 0.1 / 0.19 * 0.18 / 0.999
    np.testing.assert_allclose(points, [[1, 1], [0.9, 0.9], [second, second]], rtol=1e-14)


def test_nadam_first_step_matches_formula():
    # μ_t = 0.9(1 − ½·0.96^{0.004t});  with ε = 0, r̂₁ = g₀², so the step is along sign(g₀):
    # W₁ = W₀ − 0.1·[(1 − μ₁)/(1 − μ₁) + μ₂·0.1/(1 − μ₁μ₂)]·sign(g₀)
    mu1 = 0.9 * (1 - 0.5 * 0.96**0.004)
    mu2 = 0.9 * (1 - 0.5 * 0.96**0.008)
    step = 0.1 * (1 + mu2 * 0.1 / (1 - mu1 * mu2))
    assert step == pytest.approx(0.1056452, abs=1e-7)
    np.testing.assert_allclose(first_points("nadam", steps=1, alpha=0.1, eps=0.0)[1], [1 - step] * 2, rtol=1e-14)


def test_adadelta_first_step_matches_formula():
    # r₁ = 0.1·g₀²;  Δ₁ = √(0 + ε)/√(r₁ + ε)·g₀ with ε = 1e-6;  W₁ = W₀ − Δ₁
    delta = [math.sqrt(1e-6) / math.sqrt(0.1 * g * g + 1e-6) * g for g in (1.0, 10.0)]
    np.testing.assert_allclose(first_points("adadelta", steps=1)[1], [1 - delta[0], 1 - delta[1]], rtol=1e-14)


def test_weight_decay_adds_lambda_w_to_the_gradient():
    # g = (1, 10) + 0.5·(1, 1) = (1.5, 10.5);  W₁ = (1, 1) − 0.1·g = (0.85, −0.05)
    np.testing.assert_allclose(first_points("sgd", steps=1, alpha=0.1, weight_decay=0.5)[1], [0.85, -0.05])


@pytest.mark.parametrize("name", optimizers.names())
def test_state_vectors_match_the_state_kept(name):
    opt = optimizers.get(name)
    W = np.zeros((3, 2))
    vectors = [v for v in opt.init(W) if isinstance(v, np.ndarray) and v.shape == W.shape]
    assert len(vectors) == opt.spec.state_vectors


def test_memory_ordering_of_the_lecture():
    kept = {name: optimizers.spec(name).state_vectors for name in optimizers.names()}
    assert kept["sgd"] == 0
    assert kept["momentum"] == kept["adagrad"] == kept["rmsprop"] == 1
    assert kept["adam"] == 2 > kept["sgd"]


@settings(max_examples=60, deadline=None)
@given(
    x=st.floats(-3, 3),
    y=st.floats(-3, 3),
    kappa=st.floats(1, 1e4),
    theta=st.floats(-180, 180),
)
def test_newton_lands_on_a_quadratics_minimum_in_one_undamped_step_from_anywhere(x, y, kappa, theta):
    bowl = landscapes.get("quadratic", kappa=kappa, theta=theta)
    path = optimizers.run(optimizers.get("newton", alpha=1.0, delta=0.0), bowl, (x, y), steps=1).points
    np.testing.assert_allclose(path[1], [0.0, 0.0], atol=1e-9 * (1 + abs(x) + abs(y)))


def test_newton_leaves_a_saddle_where_its_plain_step_would_settle_on_it():
    saddle = landscapes.get("saddle")  # x² − y²: H = diag(2, −2)
    path = optimizers.run(optimizers.get("newton", alpha=0.5), saddle, (1.0, 0.01), steps=10).points
    # along x (λ = 2) half the way to 0 each step; along y (|λ| = 2) y grows by 1.5 each step, downhill
    np.testing.assert_allclose(path[:, 0], 0.5 ** np.arange(11))
    np.testing.assert_allclose(path[:, 1], 0.01 * 1.5 ** np.arange(11))


def test_newton_damping_shortens_the_step_along_flat_directions():
    bowl = landscapes.get("quadratic", kappa=100, theta=0)  # curvatures 1 (along x) and 100 (along y)
    W1 = optimizers.run(optimizers.get("newton", delta=1.0), bowl, (2.0, 2.0), steps=1).points[1]
    # x moves by g/(1 + 1) = 2/2: half the way; y by 200/(100 + 1): nearly all of it
    np.testing.assert_allclose(W1, [2.0 - 1.0, 2.0 - 200 / 101])


def test_newton_reaches_rosenbrocks_minimum_in_a_few_steps():
    path = optimizers.run(optimizers.get("newton"), landscapes.get("rosenbrock"), (-1.5, 2.5), steps=10).points
    assert np.linalg.norm(path[-1] - [1.0, 1.0]) < 1e-8


DECAYING = [name for name in optimizers.names() if "weight_decay" in optimizers.get(name).hyperparameters]


@pytest.mark.parametrize("name", DECAYING)
def test_weight_decay_acts_as_its_help_says(name):
    # One step with λ = 0.5 against the step without λ, from the same W and g: the sentence the page shows
    # under the λ slider must be what the rule does (AdamW and Lion decay W directly, not through g).
    # (λW turns the sign of g's third coordinate, so even Adam's first step, α·sign(g), feels coupled decay)
    W, g, alpha, lam = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.3, -1.0], [-0.1, 0.1]]), 0.1, 0.5
    settings = {"alpha": alpha, "d0": 0.1} if name == "prodigy" else {"alpha": alpha}
    decayed, plain = (
        optimizers.get(name, weight_decay=lam, **settings),
        optimizers.get(name, weight_decay=0.0, **settings),
    )
    W1 = decayed.step(W, g, decayed.init(W))[0]
    help = next(p.help for p in decayed.spec.hyperparameters if p.name == "weight_decay")
    if help.endswith("(adds λW to the gradient)."):  # coupled: the rule sees g + λW
        expected = plain.step(W, g + lam * W, plain.init(W))[0]
    elif "W ← (1 − αλ)W each step" in help:  # decoupled: W shrinks, then the rule's own step
        expected = (1 - alpha * lam) * W + (plain.step(W, g, plain.init(W))[0] - W)
    elif "W ← (1 − d_t αλ)W each step" in help:  # Prodigy: shrinks by its own step size d_t·α (d₀ at first)
        expected = (1 - 0.1 * alpha * lam) * W + (plain.step(W, g, plain.init(W))[0] - W)
    else:  # Schedule-Free: λW joins g / (ε + √r̂), so α_t·λW comes off the first step, unscaled
        assert help.endswith("(adds λW to the gradient once it is divided by ε + √r̂).")
        expected = plain.step(W, g, plain.init(W))[0] - alpha * lam * W
    np.testing.assert_allclose(W1, expected, rtol=1e-12)
    assert not np.allclose(W1, plain.step(W, g, plain.init(W))[0])  # λ did something
