r"""What every optimizer declares and what a step is (the hyperparameters the rules share are in
``optimizers.hyperparameters``).

An optimizer's rule is a pure function, ``rule(W, g, state, **hyperparameters) -> Step``: its state goes
in and comes out, as in optax. ``W`` and ``g`` have shape ``(K, 2)`` (K paths at once) and the state is
a NamedTuple. A rule says only what is its own: how it updates its state, the per-coordinate step size
(``scale``) and what that step size multiplies (``direction``). Everything they share is done once, by
``Optimizer.step``, in this order (as torch.optim's pseudocode has it):

.. math::
    g_t \leftarrow g_t + \lambda W_t \ \text{(coupled weight decay, if } \lambda \ne 0\text{)} \\
    (\text{state}_t,\ s_t,\ d_t) = \text{rule}(W_t, g_t, \text{state}_{t-1}) \\
    W_t \leftarrow (1 - \alpha\lambda)\, W_t \ \text{(decoupled weight decay: AdamW, Lion)} \\
    W_{t+1} = W_t - s_t \odot d_t

so the step size a student sees in the inspector is the very expression the update used.

>>> import numpy as np, optimizers
>>> adam = optimizers.get("adam", alpha=0.1)
>>> W = np.array([[1.0, 2.0]])
>>> W_next, step = adam.step(W, np.array([[0.5, -4.0]]), adam.init(W))
>>> W_next  # Adam's first step is α·sign(g)
array([[0.9, 2.1]])
>>> step.scale.round(3)  # α/(ε + √r̂₁) = α/|g|
array([[0.2  , 0.025]])
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from parameters import Parameter, validate_all

Array = np.ndarray
COUPLED, DECOUPLED, OWN = "coupled", "decoupled", "own"


class Step(NamedTuple):
    """What a rule returns: its new state, and the step it takes as W_{t+1} = W_t − scale ⊙ direction."""

    state: Any
    scale: Array | float  # the per-coordinate step size ("effective learning rate"), e.g. α/(ε + √r̂_t)
    direction: Array  # what the step size multiplies: g_t, the momentum p_t, Adam's p̂_t, ...


def adaptive_scale(alpha: Any, r: Array, eps: Any) -> Array:
    r"""The adaptive methods' per-coordinate step size, :math:`\alpha / (\varepsilon + \sqrt{r})` (AdaGrad,
    RMSProp, Adam with :math:`\hat r_t`). The sum and the quotient are made in the square root's own new
    array: the same numbers as the formula written out, with two arrays fewer made a step.

    >>> adaptive_scale(0.1, np.array([[4.0, 0.25]]), 0.0)
    array([[0.05, 0.2 ]])
    """
    scale = np.sqrt(r)
    scale += eps
    np.divide(alpha, scale, out=scale)
    return scale


@dataclass(frozen=True)
class OptimizerSpec:
    """Everything the page, the docs and ``run`` need to know about one optimizer.

    ``state`` is the rule's NamedTuple: its fields annotated ``Array`` are the vectors it keeps per
    weight (zeros at the start), its other fields take their declared defaults. ``weight_decay`` says
    how λ acts: added to the gradient (``"coupled"``, PyTorch's ``weight_decay``) or shrinking the
    weights directly (``"decoupled"``, as in AdamW), or by the rule itself (``"own"``: Schedule-Free
    and Prodigy scale it their own way), which then gets λ as ``weight_decay``. A rule that
    ``uses_hessian`` gets ∇²f at W_t as ``H``. ``momentum`` names the state vector that is the rule's
    momentum or first moment (p), which the step inspector draws as an arrow; None where it keeps none.
    """

    name: str
    title: str
    rule: Callable[..., Step]
    state: type
    hyperparameters: tuple[Parameter, ...]
    rule_latex: str
    description: str
    reference: str
    weight_decay: str = COUPLED
    uses_hessian: bool = False
    momentum: str | None = None

    @property
    def state_names(self) -> tuple[str, ...]:
        """The vectors kept per weight, by their names in the lecture (p, r, ...)."""
        return _array_fields(self.state)

    @property
    def state_vectors(self) -> int:
        return len(self.state_names)

    def init(self, W: Array) -> NamedTuple:
        return self.state(**{name: np.zeros_like(W, dtype=float) for name in self.state_names})


@cache
def _array_fields(state: type) -> tuple[str, ...]:
    hints = typing.get_type_hints(state)
    return tuple(name for name in state._fields if hints.get(name) is np.ndarray)


@dataclass(frozen=True)
class Optimizer:
    """An optimizer with validated hyperparameters; build it with ``optimizers.get``."""

    spec: OptimizerSpec
    hyperparameters: Mapping[str, Any]

    @property
    def name(self) -> str:
        return self.spec.name

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters.items())
        return f"optimizers.get({self.name!r}, {values})"

    def init(self, W: Array) -> NamedTuple:
        return self.spec.init(W)

    @cached_property
    def _rule_arguments(self) -> dict[str, Any]:
        if self.spec.weight_decay == OWN:
            return dict(self.hyperparameters)
        return {k: v for k, v in self.hyperparameters.items() if k != "weight_decay"}

    @cached_property
    def _decay(self) -> Any:
        """λ, or None where it is 0 (a column of λ values in a sweep counts as nonzero if any is)."""
        decay = self.hyperparameters.get("weight_decay", 0.0)
        return decay if np.any(decay) else None

    def step(
        self,
        W: Array,
        g: Array,
        state: NamedTuple,
        alpha: Any = None,
        hess: Array | None = None,
        out: Array | None = None,
    ) -> tuple[Array, Step]:
        """W_{t+1} and the rule's Step from W_t and g_t; ``alpha`` overrides α (a schedule's α_t); ``hess``
        is ∇²f at W_t, for a rule that uses it. W_{t+1} is written into ``out`` if given (``run`` gives
        the row of its array of points, which saves copying it there)."""
        arguments = self._rule_arguments if alpha is None else self._rule_arguments | {"alpha": alpha}
        if self.spec.uses_hessian:
            arguments = arguments | {"H": hess}
        decay = self._decay
        if decay is not None and self.spec.weight_decay == COUPLED:
            g = g + decay * W
        step = self.spec.rule(W, g, state, **arguments)
        if decay is not None and self.spec.weight_decay == DECOUPLED:
            W = W * (1 - arguments["alpha"] * decay)
        move = np.multiply(step.scale, step.direction, out=out)  # s_t ⊙ d_t, made where W_{t+1} goes
        return np.subtract(W, move, out=move), step  # W_{t+1} = W_t − s_t ⊙ d_t, in place of the move

    def update(self, W: Array, g: Array, state: NamedTuple) -> tuple[Array, NamedTuple]:
        """``(W_{t+1}, state_t)``: the new weights themselves. (optax's ``update`` returns the change instead,
        its ``updates``, which ``optax.apply_updates`` adds to the weights; torch.optim's ``step`` changes the
        weights in place.)"""
        W_next, step = self.step(W, g, state)
        return W_next, step.state


def make(spec: OptimizerSpec, **given: Any) -> Optimizer:
    values = validate_all(spec.hyperparameters, given, spec.title)
    return Optimizer(spec, MappingProxyType(values))
