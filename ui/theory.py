"""Theory beside the experiment, for the page: which Hessian it uses and what it predicts for the chosen
settings (the maths is ``optimizers.theory``).

On a quadratic (the ill-conditioned bowl, Booth, Matyas) ∇²f is the same everywhere and the theory is
exact; on another function with a known minimum it uses ∇²f there, which describes the end of a run,
near the minimum, not its start: the page says "local" then. Where ∇²f at the minimum is not positive
definite, or no minimum is known, there is no theory to draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from optimizers import theory
from ui.config import Config, Pairs, make_landscape

PROBES = ((0.21, 0.37), (0.68, 0.12), (0.45, 0.83))  # where ∇²f is compared, as shares of the window


@dataclass(frozen=True)
class Reference:
    """The Hessian theory uses, and whether the theory is exact (a quadratic) or local (at the minimum)."""

    H: np.ndarray
    exact: bool


@st.cache_data(max_entries=64, show_spinner=False)
def reference(landscape: str, params: Pairs) -> Reference | None:
    ls = make_landscape(landscape, params)
    if not ls.minima:
        return None
    try:
        H = ls.hess(np.asarray(ls.minima[0], dtype=float))
        (x0, x1), (y0, y1) = ls.bounds
        probes = ls.hess(np.array([(x0 + u * (x1 - x0), y0 + v * (y1 - y0)) for u, v in PROBES]))
    except ValueError:  # a typed function whose Hessian is too expensive
        return None
    if not (np.isfinite(H).all() and np.linalg.eigvalsh(H)[0] > 0):
        return None
    return Reference(H, exact=bool(np.allclose(probes, H, rtol=1e-9, atol=1e-12)))


def with_decay(H: np.ndarray, settings: dict) -> np.ndarray:
    """Coupled weight decay λ adds λW to the gradient: the method sees ∇²f + λI."""
    return H + settings.get("weight_decay", 0.0) * np.eye(H.shape[-1])


def rates(config: Config, ref: Reference) -> dict[str, float]:
    """Theory's contraction per step for gradient descent and momentum at the page's settings."""
    out = {}
    for name, pairs in config.hyperparameters:
        settings = dict(pairs)
        H = with_decay(ref.H, settings)
        if name == "sgd":
            out[name] = float(theory.gd_rate(settings["alpha"], H))
        elif name == "momentum":
            out[name] = float(theory.momentum_rate(settings["alpha"], settings["beta"], H))
    return out


def sweep(name: str, settings: dict, ref: Reference, decays) -> tuple[np.ndarray, tuple[float, float | None]] | None:
    """For the sensitivity map of gradient descent or momentum: the stable edge per row and the best setting."""
    H = with_decay(ref.H, settings)
    if name == "sgd":
        alpha, _ = theory.gd_optimal(H)
        return np.atleast_1d(theory.gd_edge(H)), (float(alpha), None)
    if name == "momentum":
        alpha, beta, _ = theory.momentum_optimal(H)
        return theory.momentum_edge(np.asarray(decays, dtype=float), H), (float(alpha), float(beta))
    return None
