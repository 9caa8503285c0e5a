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


def test_adam_eps_sits_outside_the_root_of_the_corrected_second_moment():
    # ε = 1: W₁ = W₀ − 0.1·g₀/(1 + |g₀|) = (1 − 0.1/2, 1 − 1/11); ε inside the root, or ε not corrected as
    # r is (ε·√(1 − ρ₂) on the scalars, the other way round), would give other steps
    np.testing.assert_allclose(first_points("adam", steps=1, alpha=0.1, eps=1.0)[1], [0.95, 1 - 1 / 11], rtol=1e-14)
    # t = 2, ε = 0.5: W₂ = W₁ − 0.1·p̂₂/(0.5 + √r̂₂), with p̂₂, r̂₂ as in the test above
    points = first_points("adam", alpha=0.1, eps=0.5)
    W1, g1 = points[1], np.array([points[1][0], 10 * points[1][1]])
    g0 = np.array([1.0, 10.0])
    p2, r2 = 0.9 * 0.1 * g0 + 0.1 * g1, 0.999 * 0.001 * g0**2 + 0.001 * g1**2
    np.testing.assert_allclose(points[2], W1 - 0.1 * (p2 / 0.19) / (0.5 + np.sqrt(r2 / 0.001999)), rtol=1e-12)


def test_adam_without_bias_correction_takes_too_large_first_steps():
    # p₁ = 0.1·g₀, r₁ = 0.001·g₀²: W₁ = 1 − 0.1·0.1/√0.001 = 1 − 0.316227...
    points = first_points("adam", alpha=0.1, eps=0.0, bias_correction=False)
    np.testing.assert_allclose(points[1], [1 - 0.01 / math.sqrt(0.001)] * 2, rtol=1e-14)
    # t = 2, from the moments kept: p₂ = 0.9·p₁ + 0.1·g₁, r₂ = 0.999·r₁ + 0.001·g₁², W₂ = W₁ − 0.1·p₂/√r₂
    W1, g0 = points[1], np.array([1.0, 10.0])
    g1 = np.array([W1[0], 10 * W1[1]])
    p2, r2 = 0.9 * 0.1 * g0 + 0.1 * g1, 0.999 * 0.001 * g0**2 + 0.001 * g1**2
    np.testing.assert_allclose(points[2], W1 - 0.1 * p2 / np.sqrt(r2), rtol=1e-12)


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


# Rules fed given gradients (not a landscape's), so each step's arithmetic can be written out by hand.
G0, G1, G2 = (2.0, 10.0), (0.5, -2.0), (-1.0, 4.0)


def steps_with(name: str, gradients, W0=(0.0, 0.0), **hp: float):
    """W_1 … W_T and the states after each step, through ``Optimizer.step``, for gradients g_0 … g_{T−1}."""
    opt = optimizers.get(name, **hp)
    W = np.array([W0], dtype=float)
    state, points, states = opt.init(W), [], []
    for g in gradients:
        W, step = opt.step(W, np.array([g], dtype=float), state)
        state = step.state
        points.append(W[0])
        states.append(state)
    return np.array(points), states


@pytest.mark.parametrize("name", optimizers.names())
def test_every_rule_hands_its_own_state_to_the_next_step(name):
    opt = optimizers.get(name)
    W, state = np.array([[1.0, 1.0], [-0.5, 2.0]]), opt.init(np.zeros((2, 2)))
    for _ in range(3):
        W, step = opt.step(W, BOWL.grad(W), state, hess=BOWL.hess(W))
        assert type(step.state) is opt.spec.state
        state = step.state
    for name_ in opt.spec.state_names:
        assert getattr(state, name_).shape == W.shape and np.isfinite(getattr(state, name_)).all()


def test_a_schedules_alpha_replaces_alpha_in_the_step_and_in_decoupled_decay():
    W, g = np.array([[1.0, -2.0]]), np.array([[0.5, 4.0]])
    sgd = optimizers.get("sgd", alpha=0.1)
    np.testing.assert_allclose(sgd.step(W, g, sgd.init(W), alpha=0.5)[0], W - 0.5 * g)
    # AdamW at α_t = 0.5, λ = 0.2: W·(1 − 0.1) − 0.5·sign(g)
    adamw = optimizers.get("adamw", alpha=0.1, weight_decay=0.2, eps=0.0)
    np.testing.assert_allclose(adamw.step(W, g, adamw.init(W), alpha=0.5)[0], [[0.9 - 0.5, -1.8 - 0.5]])


def test_a_step_writes_the_new_point_where_it_is_asked_and_leaves_w_alone():
    # W₁ = (1, −2) − 0.1·(0.5, 4) = (0.95, −2.4), written into the row ``run`` gives it
    W, g = np.array([[1.0, -2.0]]), np.array([[0.5, 4.0]])
    sgd, row = optimizers.get("sgd", alpha=0.1), np.zeros((1, 2))
    W_next, _ = sgd.step(W, g, sgd.init(W), out=row)
    assert W_next is row
    np.testing.assert_allclose(row, [[0.95, -2.4]])
    np.testing.assert_array_equal(W, [[1.0, -2.0]])


def test_an_optimizer_is_rebuilt_by_its_repr_and_named_in_its_messages():
    adam = optimizers.get("adam", alpha=0.05)
    assert repr(adam) == (
        "optimizers.get('adam', alpha=0.05, rho1=0.9, rho2=0.999, eps=1e-08, weight_decay=0.0, bias_correction=True)"
    )
    assert eval(repr(adam), {"optimizers": optimizers}) == adam
    with pytest.raises(ValueError, match=r"^Adam has no parameter beta \(it has: alpha, rho1"):
        optimizers.get("adam", beta=0.9)


def test_nesterov_second_step_looks_ahead_with_the_kept_momentum():
    # p₁ = g₀ = (2, 10);  W₁ = −0.1·(g₀ + 0.9·p₁) = −0.1·(3.8, 19) = (−0.38, −1.9)
    # p₂ = 0.9·(2, 10) + (0.5, −2) = (2.3, 7);  W₂ = W₁ − 0.1·((0.5, −2) + 0.9·(2.3, 7)) = W₁ − 0.1·(2.57, 4.3)
    points, states = steps_with("nesterov", [G0, G1], alpha=0.1, beta=0.9)
    np.testing.assert_allclose(points, [[-0.38, -1.9], [-0.38 - 0.257, -1.9 - 0.43]], rtol=1e-14)
    np.testing.assert_allclose(states[-1].p, [[2.3, 7.0]], rtol=1e-14)


def test_rmsprop_second_step_uses_the_decayed_average():
    # r₁ = 0.1·(4, 100) = (0.4, 10);  W₁ = −0.01·(2/√0.4, 10/√10)
    # r₂ = 0.9·(0.4, 10) + 0.1·(0.25, 4) = (0.385, 9.4);  W₂ = W₁ − 0.01·(0.5/√0.385, −2/√9.4)
    points, states = steps_with("rmsprop", [G0, G1], alpha=0.01, rho=0.9, eps=0.0)
    first = [-0.01 * 2 / math.sqrt(0.4), -0.01 * 10 / math.sqrt(10)]
    second = [first[0] - 0.01 * 0.5 / math.sqrt(0.385), first[1] + 0.01 * 2 / math.sqrt(9.4)]
    np.testing.assert_allclose(points, [first, second], rtol=1e-14)
    np.testing.assert_allclose(states[-1].r, [[0.385, 9.4]], rtol=1e-14)


def test_adadelta_second_step_is_scaled_by_the_rms_of_the_first():
    # ρ = 0.9, ε = 1e-6, α = 0.5 (α scales W's step, not the Δ kept in u):
    # r₁ = 0.1·g₀²;  Δ₁ = √ε/√(r₁ + ε)·g₀;  u₁ = 0.1·Δ₁²;  W₁ = −0.5·Δ₁
    # r₂ = 0.9·r₁ + 0.1·g₁²;  Δ₂ = √(u₁ + ε)/√(r₂ + ε)·g₁;  u₂ = 0.9·u₁ + 0.1·Δ₂²;  W₂ = W₁ − 0.5·Δ₂
    points, states = steps_with("adadelta", [G0, G1], alpha=0.5, rho=0.9, eps=1e-6)
    g0, g1, eps = np.array(G0), np.array(G1), 1e-6
    r1 = 0.1 * g0**2
    d1 = np.sqrt(eps) / np.sqrt(r1 + eps) * g0
    u1 = 0.1 * d1**2
    r2 = 0.9 * r1 + 0.1 * g1**2
    d2 = np.sqrt(u1 + eps) / np.sqrt(r2 + eps) * g1
    np.testing.assert_allclose(points, [-0.5 * d1, -0.5 * d1 - 0.5 * d2], rtol=1e-13)
    np.testing.assert_allclose(states[-1].u, [0.9 * u1 + 0.1 * d2**2], rtol=1e-13)
    np.testing.assert_allclose(states[-1].r, [r2], rtol=1e-14)


def test_adamax_adds_eps_to_the_gradients_size():
    # ε = 1: u₁ = max(0, |g₀| + 1) = (3, 11);  W₁ = −0.1/(1 − 0.9)·0.1·g₀/u₁ = −0.1·(2/3, 10/11)
    points, _ = steps_with("adamax", [G0], alpha=0.1, eps=1.0)
    np.testing.assert_allclose(points[0], [-0.1 * 2 / 3, -0.1 * 10 / 11], rtol=1e-14)


def test_nadam_second_step_matches_formula():
    # μ_t = 0.9(1 − ½·0.96^{0.004t});  p₂ = 0.9·0.1·g₀ + 0.1·g₁;  r₂ = 0.999·0.001·g₀² + 0.001·g₁²
    # W₂ = W₁ − 0.1/√(r₂/(1 − 0.999²)) ⊙ [(1 − μ₂)/(1 − μ₁μ₂)·g₁ + μ₃/(1 − μ₁μ₂μ₃)·p₂]
    points, states = steps_with("nadam", [G0, G1], alpha=0.1, eps=0.0)
    mu1, mu2, mu3 = (0.9 * (1 - 0.5 * 0.96 ** (0.004 * t)) for t in (1, 2, 3))
    g0, g1 = np.array(G0), np.array(G1)
    p2, r2 = 0.09 * g0 + 0.1 * g1, 0.999 * 0.001 * g0**2 + 0.001 * g1**2
    step = 0.1 / np.sqrt(r2 / (1 - 0.999**2)) * ((1 - mu2) / (1 - mu1 * mu2) * g1 + mu3 / (1 - mu1 * mu2 * mu3) * p2)
    np.testing.assert_allclose(points[1], points[0] - step, rtol=1e-13)
    assert states[-1].t == 2 and states[-1].mu_product == pytest.approx(mu1 * mu2, rel=1e-15)
    np.testing.assert_allclose(states[-1].p, [p2], rtol=1e-14)
    np.testing.assert_allclose(states[-1].r, [r2], rtol=1e-14)


def test_lion_steps_along_the_sign_of_the_interpolated_momentum():
    # Step 1 from p₀ = 0: c₁ = 0.1·g₀, so W₁ = −0.1·sign(g₀); p₁ = 0.01·g₀ = (0.02, 0.1) (ρ₂ = 0.99).
    # Step 2 with g₁ = (−0.17, −0.95): c₂ = 0.9·p₁ + 0.1·g₁ = (0.018 − 0.017, 0.09 − 0.095) = (0.001, −0.005):
    # the sign turns where the new gradient outweighs ρ₁/(1 − ρ₁) = 9 times the momentum, not elsewhere.
    points, states = steps_with("lion", [G0, (-0.17, -0.95)], alpha=0.1, rho1=0.9, rho2=0.99)
    np.testing.assert_allclose(points, [[-0.1, -0.1], [-0.2, 0.0]], atol=1e-15)
    # p₂ = 0.99·p₁ + 0.01·g₁ = (0.0198 − 0.0017, 0.099 − 0.0095)
    np.testing.assert_allclose(states[-1].p, [[0.0181, 0.0895]], rtol=1e-13)


def test_radam_takes_momentum_steps_until_its_variance_is_tractable():
    # A constant gradient g = (2, −4): p̂_t = g, r_t = (1 − ρ₂ᵗ)g². With ρ₂ = 0.9, n_∞ = 19 and
    # n_t = 19 − 2tρ₂ᵗ/(1 − ρ₂ᵗ) is 4.58 at t = 5 and 5.39 at t = 6: five momentum steps α·g, then the
    # rectified adaptive steps α·ϱ_t·√(1 − ρ₂ᵗ)/(√r_t + ε)·p̂_t = α·ϱ_t·g/(|g| + ε/√(1 − ρ₂ᵗ)).
    g = np.array([2.0, -4.0])
    points, states = steps_with("radam", [g] * 8, alpha=0.1, rho1=0.8, rho2=0.9, eps=0.5)
    n_inf, steps = 19.0, []
    for t in range(1, 9):
        n_t = n_inf - 2 * t * 0.9**t / (1 - 0.9**t)
        rectify = math.sqrt((n_t - 4) * (n_t - 2) * n_inf / ((n_inf - 4) * (n_inf - 2) * n_t)) if n_t > 5 else None
        steps.append(0.1 * g if rectify is None else 0.1 * rectify * g / (np.abs(g) + 0.5 / math.sqrt(1 - 0.9**t)))
    assert rectify == pytest.approx(0.3923, rel=1e-3)  # ϱ₈ = √(2.9068·4.9068·19/(15·17·6.9068)), n₈ = 6.9068
    np.testing.assert_allclose(points, -np.cumsum(steps, axis=0), rtol=1e-13)
    np.testing.assert_allclose(states[-1].p, [(1 - 0.8**8) * g], rtol=1e-14)
    np.testing.assert_allclose(states[-1].r, [(1 - 0.9**8) * g * g], rtol=1e-14)


def test_radam_with_a_short_memory_only_takes_momentum_steps():
    # ρ₂ = 0.6: n∞ = 2/0.4 − 1 = 4 ≤ 5, so n_t never passes 5 (and ϱ_t, which divides by n∞ − 4, is not
    # needed): every step is α·p̂_t = α·g for a constant g
    points, _ = steps_with("radam", [G0] * 4, alpha=0.1, rho2=0.6)
    np.testing.assert_allclose(points, -0.1 * np.outer([1, 2, 3, 4], G0), rtol=1e-14)


def test_radam_moments_follow_changing_gradients():
    # t = 2 (still a momentum step): p₂ = 0.8·0.2·g₀ + 0.2·g₁, p̂₂ = p₂/(1 − 0.64);  r₂ = 0.9·0.1·g₀² + 0.1·g₁²
    points, states = steps_with("radam", [G0, G1], alpha=0.1, rho1=0.8, rho2=0.9, eps=0.0)
    g0, g1 = np.array(G0), np.array(G1)
    p2 = 0.16 * g0 + 0.2 * g1
    np.testing.assert_allclose(points[1], -0.1 * g0 - 0.1 * p2 / 0.36, rtol=1e-14)
    np.testing.assert_allclose(states[-1].r, [0.09 * g0**2 + 0.1 * g1**2], rtol=1e-14)


def test_schedule_free_averages_its_steps():
    # α = 0.1, ρ₁ = 0.9, ε = 0, no warm-up: c_{t+1} = 1/(t + 1), and g̃_t = g_t/√(r_t/(1 − ρ₂^{t+1})).
    # t = 0: g̃₀ = sign(g₀);  y₁ = z₁ = −0.1·g̃₀
    # t = 1: y₂ = y₁ + ½(z₁ − y₁) − 0.1(1 − 0.9·½)g̃₁ = y₁ − 0.055·g̃₁;  z₂ = z₁ − 0.1·g̃₁
    # t = 2: y₃ = y₂ + ⅓(z₂ − y₂) − 0.1(1 − 0.9·⅔)g̃₂ = y₂ − 0.015·g̃₁ − 0.04·g̃₂;  z₃ = z₂ − 0.1·g̃₂
    # (from W₀ = (1, −1): z₀ = W₀, not init's zeros)
    points, states = steps_with("schedule_free_adamw", [G0, G1, G2], W0=(1.0, -1.0), alpha=0.1, eps=0.0)
    g0, g1, g2 = np.array(G0), np.array(G1), np.array(G2)
    r1, r2 = 0.999 * 0.001 * g0**2 + 0.001 * g1**2, 0.999**2 * 0.001 * g0**2 + 0.999 * 0.001 * g1**2 + 0.001 * g2**2
    t1, t2 = g1 / np.sqrt(r1 / (1 - 0.999**2)), g2 / np.sqrt(r2 / (1 - 0.999**3))
    y1 = np.array([1.0, -1.0]) - 0.1 * np.sign(g0)
    y2 = y1 - 0.055 * t1
    np.testing.assert_allclose(points, [y1, y2, y2 - 0.015 * t1 - 0.04 * t2], rtol=1e-13)
    np.testing.assert_allclose(states[-1].z, [y1 - 0.1 * t1 - 0.1 * t2], rtol=1e-13)
    np.testing.assert_allclose(states[-1].r, [r2], rtol=1e-14)


def test_schedule_free_warm_up_raises_alpha_and_weighs_the_average_by_it():
    # T_w = 2: α₀ = 0.1·½, α₁ = 0.1;  the weights α_max² are 0.0025, then 0.01: c₂ = 0.01/0.0125 = 0.8
    # ε = 0.5, g̃_t = g_t/(√r̂_t + ε):  y₁ = z₁ = −0.05·g̃₀;  y₂ = y₁ + 0.8(z₁ − y₁) − 0.1(1 − 0.9·0.2)g̃₁
    points, states = steps_with("schedule_free_adamw", [G0, G1], alpha=0.1, eps=0.5, warmup=2.0)
    g0, g1 = np.array(G0), np.array(G1)
    t0 = g0 / (np.abs(g0) + 0.5)
    t1 = g1 / (np.sqrt((0.999 * 0.001 * g0**2 + 0.001 * g1**2) / (1 - 0.999**2)) + 0.5)
    np.testing.assert_allclose(points, [-0.05 * t0, -0.05 * t0 - 0.082 * t1], rtol=1e-13)
    assert states[-1].t == 2 and states[-1].alpha_max == 0.1 and states[-1].weight_sum == pytest.approx(0.0125)
    # the step size the inspector shows is z's: α_t/(√r̂_t + ε), α₀/(|g₀| + ε) at the first step
    opt, W = optimizers.get("schedule_free_adamw", alpha=0.1, eps=0.5, warmup=2.0), np.zeros((1, 2))
    np.testing.assert_allclose(opt.step(W, np.array([G0]), opt.init(W))[1].scale, [0.05 / (np.abs(g0) + 0.5)])


def test_prodigy_follows_its_formulas_step_by_step():
    # The module's formulas in plain NumPy on one path, with d₀ = 0.01 so that d visibly grows, and λ, ε ≠ 0
    alpha, rho1, rho2, eps, lam, d0 = 1.0, 0.9, 0.999, 1e-3, 0.1, 0.01
    gradients, W0 = [G0, G1, (3.0, 8.0), (1.0, 6.0)], np.array([1.0, -1.0])
    points, states = steps_with(
        "prodigy", gradients, W0=tuple(W0), alpha=alpha, rho1=rho1, rho2=rho2, eps=eps, weight_decay=lam, d0=d0
    )
    rho3, d, p, r, s, N, W, expected = math.sqrt(rho2), d0, 0.0, 0.0, 0.0, 0.0, W0, []
    for g in map(np.array, gradients):
        eta = d * alpha
        p, r = rho1 * p + d * (1 - rho1) * g, rho2 * r + d * d * (1 - rho2) * g * g
        s, N = rho3 * s + d / d0 * eta * g, rho3 * N + d / d0 * eta * np.dot(g, W0 - W)
        d_next = max(d, N / np.abs(s).sum())
        W = W * (1 - eta * lam) - eta * p / (d_next * eps + np.sqrt(r))
        d = d_next
        expected.append(W)
    np.testing.assert_allclose(points, expected, rtol=1e-12)
    assert states[-1].d[0, 0] == pytest.approx(d, rel=1e-12) and d > 2 * d0  # d grew from d₀
    np.testing.assert_allclose(states[-1].s, [s], rtol=1e-12)


def test_prodigy_waits_while_the_gradient_is_zero():
    # s stays 0, so N/‖s‖₁ is undefined: no step, not even λ's decay; d stays d₀ (as the package does)
    points, states = steps_with("prodigy", [(0.0, 0.0), G0], W0=(1.0, -1.0), alpha=1.0, d0=0.01, weight_decay=0.5)
    np.testing.assert_array_equal(points[0], [1.0, -1.0])
    assert states[0].d[0, 0] == 0.01 and states[0].t == 1
    assert not np.array_equal(points[1], points[0])


def test_newton_takes_no_step_along_a_direction_without_curvature():
    # f = x² + y near W: H = diag(2, 0), g = (2x, 1) = (2, 1): along y there is no curvature to divide by
    H = np.array([[[2.0, 0.0], [0.0, 0.0]]])
    step = optimizers.spec("newton").rule(np.array([[1.0, 0.0]]), np.array([[2.0, 1.0]]), None, 1.0, 0.0, H=H)
    np.testing.assert_array_equal(step.direction, [[1.0, 0.0]])


def test_newton_stops_only_the_path_whose_curvature_is_unknown():
    H = np.array([[[np.nan, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 4.0]]])
    step = optimizers.spec("newton").rule(np.zeros((2, 2)), np.array([[1.0, 1.0], [2.0, 2.0]]), None, 1.0, 0.0, H=H)
    assert np.isnan(step.direction[0]).all()
    np.testing.assert_array_equal(step.direction[1], [1.0, 0.5])
