"""Each landscape: exact gradient and Hessian, published minima, a window that shows them."""

import numpy as np
import pytest

import landscapes

NAMES = landscapes.names()


def central_differences(ls, p, h=1e-6):
    ex, ey = np.array([h, 0.0]), np.array([0.0, h])
    return np.stack(
        [(ls.value(p + ex) - ls.value(p - ex)) / (2 * h), (ls.value(p + ey) - ls.value(p - ey)) / (2 * h)], -1
    )


def with_parameters(name):
    """The defaults, and for a landscape with parameters also a non-default setting."""
    yield landscapes.get(name)
    if landscapes.spec(name).parameters:
        yield landscapes.get(
            name, **{p.name: p.slider[1] * 0.7 + p.slider[0] * 0.3 for p in landscapes.spec(name).parameters}
        )


def test_at_least_thirteen_landscapes_including_the_homework():
    assert len(NAMES) >= 13
    assert {"rosenbrock", "saddle", "quadratic", "himmelblau", "ackley"} <= set(NAMES)


def in_window(ls, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` points drawn uniformly from the landscape's window, as (n, 2)."""
    (x0, x1), (y0, y1) = ls.bounds
    return rng.uniform([x0, y0], [x1, y1], size=(n, 2))


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_differences(name):
    rng = np.random.default_rng(7)
    for ls in with_parameters(name):
        p = in_window(ls, rng, 200)
        exact, numeric = ls.grad(p), central_differences(ls, p)
        scale = 1 + np.abs(exact)
        np.testing.assert_allclose(exact / scale, numeric / scale, atol=2e-5)


def gradient_differences(ls, p, h=1e-6):
    """∂g/∂x and ∂g/∂y of the exact gradient, by central differences: columns of the Hessian."""
    ex, ey = np.array([h, 0.0]), np.array([0.0, h])
    return np.stack([(ls.grad(p + ex) - ls.grad(p - ex)) / (2 * h), (ls.grad(p + ey) - ls.grad(p - ey)) / (2 * h)], -1)


def assert_hessian_matches(ls, p):
    exact, numeric = ls.hess(p), gradient_differences(ls, p)
    scale = 1 + np.abs(exact)
    np.testing.assert_allclose(exact / scale, numeric / scale, atol=2e-5)
    np.testing.assert_array_equal(exact[..., 0, 1], exact[..., 1, 0])


@pytest.mark.parametrize("name", NAMES)
def test_hessian_matches_differences_of_the_exact_gradient(name):
    rng = np.random.default_rng(11)
    for ls in with_parameters(name):
        assert_hessian_matches(ls, in_window(ls, rng, 200))


@pytest.mark.parametrize(
    "expression",
    ["x^2 + 10*sin(y)", "(1-x)^2 + 100*(y-x^2)^2", "exp(x*y) + log(1 + x^2) * cos(y)", "tanh(3*x) * y^3 + abs(x)"],
)
def test_hessian_of_a_users_function_matches_differences_of_its_gradient(expression):
    ls = landscapes.from_expression(expression)
    rng = np.random.default_rng(3)
    points = rng.uniform(-2.5, 2.5, size=(200, 2))
    points = points[np.abs(points[:, 0]) > 1e-3]  # away from the kink of |x|
    assert_hessian_matches(ls, points)


def test_the_quadratics_hessian_has_eigenvalues_one_and_kappa_at_every_angle():
    for theta in (0.0, 30.0, 45.0, -80.0):
        H = landscapes.get("quadratic", kappa=50, theta=theta).hess((0.3, -1.2))
        np.testing.assert_allclose(np.linalg.eigvalsh(H), [1.0, 50.0])


@pytest.mark.parametrize("name", NAMES)
def test_value_and_grad_gives_the_very_numbers_of_value_and_grad(name):
    # Where a landscape computes f and ∇f from shared terms (Rosenbrock), they must be the same numbers
    # bit for bit: a run takes f along its paths from there, and a plot from value(). Elsewhere the two apart.
    rng = np.random.default_rng(5)
    for ls in with_parameters(name):
        p = in_window(ls, rng, 300)
        f, g = ls.value_and_grad(p)
        np.testing.assert_array_equal(f, ls.value(p))
        np.testing.assert_array_equal(g, ls.grad(p))
        row = np.full(300, np.nan)
        f, g = ls.value_and_grad(p, out=row)
        assert f is row
        np.testing.assert_array_equal(row, ls.value(p))
        np.testing.assert_array_equal(g, ls.grad(p))
    assert landscapes.get("rosenbrock").shares_terms


@pytest.mark.parametrize("name", NAMES)
def test_published_minima_have_the_published_value_and_no_slope(name):
    ls = landscapes.get(name)
    for m in ls.minima:
        assert ls.value(m) == pytest.approx(ls.f_min, abs=1e-9)
        np.testing.assert_allclose(ls.grad(m), 0, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_minima_are_global_on_a_fine_grid(name):
    ls = landscapes.get(name)
    if ls.f_min is None:
        pytest.skip("unbounded below: no global minimum")
    (x0, x1), (y0, y1) = ls.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, 801), np.linspace(y0, y1, 801))
    assert np.min(ls.value(np.stack([X, Y], -1))) >= ls.f_min - 1e-9


@pytest.mark.parametrize("name", NAMES)
def test_window_holds_start_and_minima(name):
    ls = landscapes.get(name)
    (x0, x1), (y0, y1) = ls.bounds
    for x, y in (ls.start, *ls.minima):
        assert x0 <= x <= x1
        assert y0 <= y <= y1


@pytest.mark.parametrize("name", NAMES)
def test_shapes_follow_the_points(name):
    ls = landscapes.get(name)
    assert ls.value(np.zeros((4, 3, 2))).shape == (4, 3)
    assert ls.grad(np.zeros((4, 3, 2))).shape == (4, 3, 2)
    assert ls.value((0.5, 0.5)).shape == ()


def test_rosenbrock_is_the_homework_setting():
    ls = landscapes.get("rosenbrock")
    assert ls.bounds == ((-2, 3), (-2, 3))
    assert ls.start == (-1.5, 2.5)
    assert ls.minima == ((1, 1),)
    # f(−1.5, 2.5) = 2.5² + 100·(2.5 − 2.25)² = 6.25 + 6.25
    assert ls.value(ls.start) == pytest.approx(12.5)


def test_ackley_gradient_is_finite_at_its_minimum():
    ls = landscapes.get("ackley")
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(ls.grad((0.0, 0.0)), [0.0, 0.0])


def test_quadratic_condition_number_and_rotation():
    # Rotated by 90°, the steep axis becomes x: f(1, 0) = ½κ.
    assert landscapes.get("quadratic", kappa=50, theta=90).value((1.0, 0.0)) == pytest.approx(25)
    assert landscapes.get("quadratic", kappa=50, theta=0).value((1.0, 0.0)) == pytest.approx(0.5)
    # At 45° the flat axis u runs along y = x and the Hessian is ½[[1+κ, 1−κ], [1−κ, 1+κ]]:
    # the gradient at (1, 0) is its first column, and the valley floor (1, 1) is 25 times flatter.
    at45 = landscapes.get("quadratic", kappa=50, theta=45)
    np.testing.assert_allclose(at45.grad((1.0, 0.0)), [25.5, -24.5])
    assert at45.value((1.0, -1.0)) == pytest.approx(50 * at45.value((1.0, 1.0)))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: landscapes.get("rosenbrok"), "unknown landscape 'rosenbrok'"),
        (lambda: landscapes.get("quadratic", kappa=0.5), "κ must be in [1, 10000], got 0.5"),
        (lambda: landscapes.get("quadratic", kappa="many"), "κ must be a number"),
        (lambda: landscapes.get("quadratic", theta=float("nan")), "θ must be in"),
        (lambda: landscapes.get("rosenbrock", a=2), "Rosenbrock (homework PR4) has no parameter a"),
    ],
)
def test_bad_landscape_requests_explain_themselves(call, message):
    with pytest.raises(ValueError, match=None) as info:
        call()
    assert message in str(info.value)
