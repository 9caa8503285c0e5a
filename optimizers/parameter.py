"""Declarative metadata for a tunable number: an optimizer's hyperparameter or a landscape's parameter.

One declaration serves validation, the generated UI (sliders, help text) and the URL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Parameter:
    """A named, bounded number (or switch) in the course's notation.

    ``low``/``high`` give the valid range; ``low_open``/``high_open`` say whether the end itself is
    excluded. ``slider`` is the range a UI should offer, ``log`` says whether it is best on a log
    scale. ``kind`` is ``"float"`` or ``"bool"``.
    """

    name: str
    symbol: str
    latex: str
    default: float | bool
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    slider: tuple[float, float] = (0.0, 1.0)
    log: bool = False
    kind: str = "float"
    help: dict[str, str] = field(default_factory=dict)
    unit: str = ""

    def range_text(self) -> str:
        """The valid range in interval notation, e.g. ``[0, 1)``."""
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{_fmt(self.low)}, {_fmt(self.high)}{right}"

    def contains(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def validate(self, value: object) -> float | bool:
        """Return ``value`` as this parameter's type, or raise ``ValueError`` saying what is wrong."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, (int, float)) and value in (0, 1):
                return bool(value)
            if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
                return _BOOL_WORDS[value.strip().lower()]
            raise ValueError(f"{self.symbol} must be true or false, got {value!r}")
        if isinstance(value, bool):
            raise ValueError(f"{self.symbol} must be a number, got {value!r}")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{self.symbol} must be a number, got {value!r}") from None
        if not self.contains(number):
            raise ValueError(f"{self.symbol} must be in {self.range_text()}, got {_fmt(number)}")
        return number


_BOOL_WORDS = {"true": True, "1": True, "yes": True, "on": True}
_BOOL_WORDS |= {"false": False, "0": False, "no": False, "off": False}


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:g}"


def validate_all(params: tuple[Parameter, ...], given: dict[str, object], owner: str) -> dict[str, float | bool]:
    """Fill defaults, reject unknown names, validate each value."""
    known = {p.name: p for p in params}
    unknown = sorted(set(given) - set(known))
    if unknown:
        allowed = ", ".join(known) or "none"
        raise ValueError(f"{owner} has no parameter {', '.join(unknown)} (it has: {allowed})")
    return {p.name: p.validate(given.get(p.name, p.default)) for p in params}
