"""Custom functions: hostile text is rejected fast with a useful message, and nothing in it runs."""

import builtins
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import landscapes
from landscapes.expression import MAX_HESSIAN_OPERATIONS, MAX_LATEX, MAX_OPERATIONS, FormulaError, formula, hessian
from landscapes.reading import FUNCTIONS, INTERNAL, MAX_LENGTH

CANARY = Path("/tmp/landscape-lab-canary")
# Seconds: guards against a hang, not measurements (bench/bench_formulas.py measures), each 10 times or more
# what this project's CI machine takes (2 slow cores, SymPy's cache cold or full). A formula's parse,
# derivative and evaluation, and again its Hessian, take up to 0.98 s there (the formulas of issue 9 once held
# the server for 3 s, 51 s and for good); the parser alone rejects a hostile text in milliseconds.
HANG = 10.0
REJECTED_WITHIN = 1.0

HOSTILE = [
    # code injection through dunders, attributes, imports and builtins
    "__import__('os').system('touch /tmp/landscape-lab-canary')",
    "__import__('pathlib').Path('/tmp/landscape-lab-canary').touch()",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "x.__dict__",
    "(1).__add__(2)",
    "sin.__globals__",
    "sin.__self__",
    "np.sin(x)",
    "numpy.exp(x)",
    "os.system('ls')",
    "sys.exit()",
    "__builtins__",
    "__import__",
    "globals()",
    "locals()",
    "vars()",
    "dir()",
    "eval('1')",
    "exec('x=1')",
    "compile('1','a','eval')",
    "open('/etc/passwd').read()",
    "input()",
    "print(x)",
    "getattr(x, 'real')",
    "setattr(x, 'a', 1)",
    "type(x)",
    "breakpoint()",
    "help()",
    "exit()",
    "quit()",
    "memoryview(b'')",
    "bytearray(10**9)",
    "range(10**12)",
    "list(range(10))",
    "sin(x).real",
    "x.conjugate()",
    "sympy.sin(x)",
    "S('x')",
    "Symbol('x')",
    "sympify('x')",
    "parse_expr('x')",
    # lambdas, comprehensions, f-strings, walrus, other statements and forms
    "(lambda: 0)()",
    "lambda x: x",
    "[x for x in y]",
    "{x for x in y}",
    "{x: y for x in y}",
    "(x for x in y)",
    "f'{x}'",
    "f'{__import__(\"os\")}'",
    "(x := 1)",
    "x if y else 1",
    "x < y",
    "x == y",
    "x and y",
    "not x",
    "~x",
    "x | y",
    "x & y",
    "x << 2",
    "x // 2",
    "x % 2",
    "x @ y",
    "[x, y]",
    "(x, y)",
    "{x, y}",
    "{'a': x}",
    "x[0]",
    "x[0:1]",
    "*x",
    "yield x",
    "await x",
    "import os",
    "x = 1",
    "x; y",
    "del x",
    "assert x",
    "...",
    "'text'",
    "b'bytes'",
    "True",
    "None",
    "1j",
    "sin(x, y)",
    "sin()",
    "sin(x=1)",
    "sin(*[x])",
    "foo(x)",
    "sin",
    # huge powers and towers, huge numbers, NaN/inf
    "9**9**9",
    "2**2**2**2",
    "x**1000",
    "x**-1000",
    "10**400",
    "(10**6)**64",
    "((((((2**64)**64)**64)**64)**64)**64)",
    "exp(10000)",
    "1e309",
    "1e400*x",
    "99999999999999999999999",
    "nan",
    "inf",
    "-inf",
    "float('nan')",
    "float('inf')",
    "log(0) + x",
    "1/0 + x",
    "x/0",
    # deep nesting, long strings, look-alike Unicode, NUL and control characters
    "(" * 40 + "x" + ")" * 40,
    "-" * 200 + "x",
    "sin(" * 30 + "x" + ")" * 30,
    "x+" * 100 + "x",
    "x" * (MAX_LENGTH + 1),
    "x+" * 50_000 + "x",
    "1" * 100_000,
    "\u0445 + 1",  # Cyrillic х
    "\u0443**2",  # Cyrillic у
    "x\u00b2",  # superscript two
    "x\u2212y",  # Unicode minus
    "\uff58 + y",  # fullwidth x
    "sin(x)\u200b",  # zero-width space
    "\u03c0 * x",  # Greek pi
    "x\x00",
    "x\n+ y",
    "x\r+y",
    "\x1b[31mx",
    "",
    "   ",
    "1+",
    "(x",
    "x)",
    "x y",
    "2 3",
]


@pytest.fixture(autouse=True, scope="module")
def sympy_loaded():
    # SymPy imports some of its own modules on first use: do that once, outside the timed and spied calls
    for name in FUNCTIONS:
        landscapes.from_expression(f"{name}(x / 9) + abs(y)^3 + exp(99)")


@pytest.fixture
def no_eval_or_exec(monkeypatch):
    """Any call to eval or exec while parsing fails the test: the text must never be run."""
    calls = []
    for name in ("eval", "exec"):
        monkeypatch.setattr(builtins, name, lambda *a, _n=name, **k: calls.append((_n, a)))
    yield calls


def test_corpus_has_more_than_a_hundred_inputs():
    assert len(set(HOSTILE)) >= 100


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t[:30]) for t in HOSTILE])
def test_hostile_input_is_rejected_fast_with_a_message(text, no_eval_or_exec):
    CANARY.unlink(missing_ok=True)
    started = time.perf_counter()
    with pytest.raises(ValueError) as info:
        landscapes.from_expression(text)
    assert time.perf_counter() - started < REJECTED_WITHIN, text
    message = str(info.value)
    assert len(message) > 15 and "Traceback" not in message
    assert not CANARY.exists()
    assert no_eval_or_exec == []


def test_messages_say_what_and_where():
    cases = {
        "x + foo(y)": "unknown function 'foo'",
        "x.real": "attributes (a.b) are not allowed (at column 1)",
        "x + \u0445": "character 'х' (U+0445) at column 5",
        "x ** 1000": "the exponent 1000 is too large",
        "2**2**2": "towers of powers",
        "x +": "this is not a formula Python can read",
        "x < y": "comparisons",
        "x" * 400: "too long: 400 characters",
    }
    for text, expected in cases.items():
        with pytest.raises(ValueError, match=None) as info:
            landscapes.from_expression(text)
        assert expected in str(info.value), (text, str(info.value))


VALID = [
    "x**2 + 10*sin(y)",
    "x^4 - 3*x^2 + y^2",
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    "exp(-x^2 - y^2) * cos(pi*x)",
    "log(1 + x^2 + y^2)",
    "sqrt(1 + x^2) + abs(y)",
    "tanh(x) * sinh(y) / cosh(x)",
    "arctan(x) + atan(y) + asin(x/4) + arccos(y/4)",
    "e^(x/3) + tan(y/2)",
    "-x*y + 0.5*x^2.5",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_functions_have_exact_gradients(text):
    ls = landscapes.from_expression(text, bounds=((-2, 2), (-2, 2)))
    rng = np.random.default_rng(1)
    p = rng.uniform(0.1, 1.9, size=(100, 2))  # inside where every example is smooth
    h = 1e-6
    ex, ey = np.array([h, 0]), np.array([0, h])
    numeric = np.stack(
        [(ls.value(p + ex) - ls.value(p - ex)) / (2 * h), (ls.value(p + ey) - ls.value(p - ey)) / (2 * h)], -1
    )
    exact = ls.grad(p)
    assert np.isfinite(exact).all()
    np.testing.assert_allclose(exact, numeric, rtol=1e-5, atol=1e-5)


def test_caret_is_power_and_constants_are_known():
    ls = landscapes.from_expression("x^2 + pi + e")
    assert ls.value((3.0, 0.0)) == pytest.approx(9 + np.pi + np.e)
    assert "x^{2}" in ls.spec.latex and r"\nabla f" in ls.spec.grad_latex


def test_undefined_regions_are_nan_and_a_path_stops_there():
    import optimizers

    ls = landscapes.from_expression("log(x) + y^2", bounds=((-2, 2), (-2, 2)))
    assert np.isnan(ls.value((-1.0, 0.0)))
    # GD with a large α jumps from x = 0.5 across 0: f is undefined there, so the path stops
    traj = optimizers.run(optimizers.get("sgd", alpha=1.0), ls, start=(0.5, 1.0), steps=50)
    assert traj.diverged_at == 1
    assert np.isnan(traj.values[2:]).all()


@pytest.mark.parametrize("bounds", [((1, 0), (0, 1)), ((0, 1),), ((0, np.inf), (0, 1)), ((0, 1e9), (0, 1)), "abc"])
def test_bad_windows_are_rejected(bounds):
    with pytest.raises(ValueError, match="window"):
        landscapes.from_expression("x", bounds=bounds)


ALPHABET = "xye0123456789.+-*/^() ,_[]{}'\"=<>!&|%~@:;ab" + "sincoexplgqrtah" + "\u0445\x00\u00b2"
tokens = st.sampled_from(
    [
        "x",
        "y",
        "pi",
        "e",
        "1",
        "2.5",
        "+",
        "-",
        "*",
        "/",
        "**",
        "^",
        "(",
        ")",
        *[f + "(" for f in FUNCTIONS],
        ",",
        "__",
        ".",
        "[",
        "]",
        "lambda",
        ":",
        "=",
        "import",
        "'",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(ALPHABET, max_size=80), st.lists(tokens, max_size=40).map("".join)))
def test_fuzzed_text_gives_a_landscape_or_a_value_error(text):
    started = time.perf_counter()
    try:
        ls = landscapes.from_expression(text)
    except ValueError as error:
        assert str(error)
    else:
        with np.errstate(all="raise"):  # evaluation itself suppresses its own warnings
            ls.value(np.zeros((3, 2)))
            ls.grad(np.ones((3, 2)))
    assert time.perf_counter() - started < HANG, text


# What a visitor can put in a link: each of these once held the shared server for seconds to minutes.
ISSUE_9_FORMULAS = {
    "froze the server": "((999999+x-x)**(999999+x-x))**(999999+x-x)",
    "3 s and Python's own message": "(999999+x-x)**(999999+x-x)",
    "SymPy's derivative of abs": "abs(" + "sin(" * 16 + "log(x)" + ")" * 16 + ")",
    "a 30 000-node gradient": "abs(x/" * 11 + "x*y" + ")" * 11,
    "a 51 s page": "tanh(x*y*" * 10 + "x" + ")" * 10,
    "bench_attack's costliest": "acos(tan(arcsin(((tanh((asin((((((tanh(x))*0.5)*x)*sin(((tanh(x))*0.5)*x))*(x-y))*y))"
    "*sin(asin((((((tanh(x))*0.5)*x)*sin(((tanh(x))*0.5)*x))*(x-y))*y))))*2)*y)))",
}


def check_bounded(text: str) -> None:
    """Accepted or rejected, a formula's work ends (the time it takes is bench/bench_formulas.py's) and it
    is cheap to evaluate afterwards; so does its Hessian, which a link asks for with Newton's method or the
    curvature view."""
    started = time.perf_counter()
    try:
        checked = formula(text)
    except ValueError as error:
        message = str(error)
        assert "Exceeds the limit" not in message and "sys." not in message and "Traceback" not in message
        assert message != INTERNAL, text  # the fallback for an unexpected error is never needed
    else:
        assert len(checked.grad.steps) <= MAX_OPERATIONS
        assert len(checked.latex) <= MAX_LATEX and len(checked.grad_latex) <= MAX_LATEX
        points = np.linspace(-1, 1, 6)
        checked.value(points, points[::-1])
        checked.grad(points, points[::-1])
        assert time.perf_counter() - started < HANG, text
        started = time.perf_counter()
        try:
            curvature = hessian(text)
        except ValueError as error:
            assert str(error) != INTERNAL, text
        else:
            assert len(curvature.steps) <= MAX_HESSIAN_OPERATIONS
            curvature(points, points[::-1])
    assert time.perf_counter() - started < HANG, text


@pytest.mark.parametrize("text", ISSUE_9_FORMULAS.values(), ids=ISSUE_9_FORMULAS.keys())
def test_formulas_from_the_issue_are_bounded(text):
    check_bounded(text)


def test_folded_powers_are_sized_before_sympy_computes_them():
    for text in ("(999999+x-x)**(999999+x-x)", "((999999+x-x)**(999999+x-x))**(999999+x-x)"):
        with pytest.raises(ValueError, match="the exponent 999999 is too large"):
            formula(text)
    with pytest.raises(ValueError, match="too large or undefined"):
        formula("(999999 + x - x)**60 * y")  # 1e360: no exact 360-digit integer, and not a float either
    with pytest.raises(ValueError, match="too large or undefined"):
        formula("exp(999 + y - y) * x")


def test_a_coefficient_sympy_expands_beyond_float64_is_rejected_with_the_pages_message():
    # (999999·x)^64 = 999999^64·x^64: no part of the text is too large, the coefficient SymPy makes is (1e384).
    # Found by test_grown_formulas_within_the_limits_are_bounded: it was Python's OverflowError, shown as the
    # message for an unexpected error.
    for text in ("((x)*(999999))**(64)", "(999999*x)**60"):
        with pytest.raises(ValueError, match="too large or undefined") as info:
            formula(text)
        assert str(info.value) != INTERNAL


def test_abs_is_differentiated_as_sign_times_the_inner_derivative():
    ls = landscapes.from_expression("abs(sin(x*y) - 0.3)")
    p = np.array([[0.4, 0.5], [1.2, 0.9], [-0.7, 0.2]])
    inner = np.sin(p[:, 0] * p[:, 1]) - 0.3
    expected = np.sign(inner)[:, None] * np.cos(p[:, 0] * p[:, 1])[:, None] * p[:, ::-1]
    np.testing.assert_allclose(ls.grad(p), expected, rtol=1e-12)


def test_a_rejected_formula_is_checked_once(monkeypatch):
    from landscapes import expression

    calls = []
    real = expression._differentiate
    monkeypatch.setattr(expression, "_differentiate", lambda source: calls.append(source) or real(source))
    text = "x**2 * (1e300 * 1e300)"  # rejected: the constant part is too large
    for _ in range(3):
        with pytest.raises(ValueError, match="too large"):
            formula(text)
    assert calls == [text]


def test_programs_share_subexpressions_so_a_deep_formula_stays_cheap():
    checked = formula("tanh(x*y*" * 10 + "x" + ")" * 10)
    # written out as a tree, ∇f has thousands of nodes; computed once each, 153 NumPy calls
    assert len(checked.grad.steps) < 200
    assert checked.grad_latex == ""  # too long to typeset: the page says so instead of sending 300 KB


LEAVES = st.sampled_from(["x", "y", "pi", "e", "2", "0.5", "999999", "(999999+x-x)", "(x-x)", "64"])


def _grow(children):
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**"]), children).map(
        lambda t: f"({t[0]}){t[1]}({t[2]})"
    )
    unary = st.tuples(st.sampled_from(FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})")
    return st.one_of(binary, unary)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.recursive(LEAVES, _grow, max_leaves=60).filter(lambda text: len(text) <= MAX_LENGTH))
def test_grown_formulas_within_the_limits_are_bounded(text):
    check_bounded(text)


def test_a_formula_that_breaks_sympy_itself_is_refused_in_our_words():
    # found by the grown-formulas property: SymPy raises an AttributeError of its own working out sin(64**64)
    with pytest.raises(FormulaError) as refused:
        formula("arcsin(sin((64)**(64)))")
    assert str(refused.value) == INTERNAL


@pytest.mark.parametrize("depth", [4, 8, 12, 16, 20])
@pytest.mark.parametrize(
    "shape", ["abs(sin({}))", "tanh(x*y*{})", "abs(x/{})", "exp(-({})^2)", "({})^3+x", "log({}^2)"]
)
def test_formulas_grown_to_the_nesting_limit_are_bounded(shape, depth):
    text = "x*y"
    for _ in range(depth):
        grown = shape.format(text)
        if len(grown) > MAX_LENGTH:
            break
        text = grown
    check_bounded(text)
