"""The hyperparameters the rules share, each declared once (symbol, range, default, scale, help).

A rule's own hyperparameters (NAdam's ψ, Newton's δ, ...) are declared beside its rule.
"""

from __future__ import annotations

from optimizers.base import COUPLED, DECOUPLED
from parameters import Parameter


def alpha(default: float, high: float = 10.0, slider: tuple[float, float] = (1e-4, 1.0)) -> Parameter:
    return Parameter(
        "alpha",
        "α",
        r"\alpha",
        default,
        low=0.0,
        high=high,
        low_open=True,
        slider=slider,
        log=True,
        help="Learning rate (step size).",
    )


def eps(default: float) -> Parameter:
    return Parameter(
        "eps",
        "ε",
        r"\varepsilon",
        default,
        low=0.0,
        high=1.0,
        slider=(1e-12, 1e-1),
        log=True,
        help="Additive constant in the denominator: we never divide by 0.",
    )


# How λ acts, in the words its help shows: the sentence follows the optimizer's ``weight_decay``.
DECAY_HELP = {
    COUPLED: "Weight decay: pulls the weights towards 0 (adds λW to the gradient).",
    DECOUPLED: "Weight decay: pulls the weights towards 0 (W ← (1 − αλ)W each step, apart from the gradient).",
}


def weight_decay(default: float = 0.0, how: str = COUPLED, help: str = "") -> Parameter:
    """λ, with the help that says ``how`` it acts (``OptimizerSpec.weight_decay``): coupled (added to the
    gradient, PyTorch's ``weight_decay``) or decoupled (AdamW's); a rule that decays its ``OWN`` way says how
    in ``help``."""
    return Parameter(
        "weight_decay",
        "λ",
        r"\lambda",
        default,
        low=0.0,
        high=10.0,
        slider=(0.0, 1.0),
        help=help or DECAY_HELP[how],
    )


def decay(name: str, symbol: str, latex: str, default: float, what: str) -> Parameter:
    """A decay rate in [0, 1): β, ρ, ρ₁, ρ₂."""
    return Parameter(name, symbol, latex, default, low=0.0, high=1.0, high_open=True, slider=(0.0, 0.999), help=what)


BETA = decay("beta", "β", r"\beta", 0.9, "Momentum coefficient: how much of the previous step is kept.")
RHO = decay("rho", "ρ", r"\rho", 0.99, "Decay rate of the squared-gradient average: how long it remembers.")
RHO1 = decay("rho1", "ρ₁", r"\rho_1", 0.9, "Decay rate of the first moment (the momentum).")
RHO2 = decay("rho2", "ρ₂", r"\rho_2", 0.999, "Decay rate of the second moment (the squared gradient).")
BIAS_CORRECTION = Parameter(
    "bias_correction",
    "bias correction",
    r"\text{bias correction}",
    True,
    kind="bool",
    help="Divide the moments by (1 − ρᵗ): without it r starts near 0 and the first steps are too large.",
)
