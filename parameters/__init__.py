"""What the core and the page share: declared parameters, registries, and messages in the core's words.

Neither ``optimizers`` nor ``landscapes`` imports the other; both import this module, and so does the
page. A parameter is declared once (name, symbol, range, default, scale, help) and that declaration
serves validation, the sidebar's widgets and the URL.

The core speaks English. Its messages are ``CoreError`` objects: a template (like gettext's msgid) and
the values to put into it, so the page can show the same message in another language.

>>> rate = Parameter("alpha", "α", r"\\alpha", 0.001, low=0.0, high=10.0, low_open=True)
>>> rate.validate("0.05")
0.05
>>> rate.validate(0)
Traceback (most recent call last):
...
parameters.CoreError: α must be in (0, 10], got 0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar


@dataclass(frozen=True)
class Text:
    """A sentence in the core's words: a template (like gettext's msgid) and the values to put into it.

    Values are numbers (the page writes them as its language does), plain text, or other ``Text``s
    (translated in turn): ``Text("{reason} (at column {column})", {"reason": Text(...), "column": 3})``.
    """

    template: str
    values: Mapping[str, Any]

    def __str__(self) -> str:
        return self.template.format(**{k: english(v) for k, v in self.values.items()})


class CoreError(ValueError):
    """A ValueError whose message is a ``Text``: ``CoreError("{symbol} must be ...", symbol="ρ")``.

    ``str(error)`` is the English message; ``error.text`` lets the page say it in its language.
    """

    def __init__(self, template: str, **values: Any) -> None:
        self.text = Text(template, values)
        super().__init__(str(self.text))


def english(value: Any) -> str:
    """How a value reads in an English message: numbers in their shortest form, ∞ for infinity."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:g}"


@dataclass(frozen=True)
class Parameter:
    """A named, bounded number (or switch) in the course's notation.

    ``low``/``high`` give the valid range; ``low_open``/``high_open`` say whether the end itself is
    excluded. ``slider`` is the range a UI should offer, ``log`` says whether it reads best on a log
    scale. ``kind`` is ``"float"``, ``"int"`` or ``"bool"``. ``help`` is one English sentence.
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
    help: str = ""
    unit: str = ""

    def range_text(self) -> str:
        """The valid range in interval notation, e.g. ``[0, 1)``."""
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{english(self.low)}, {english(self.high)}{right}"

    def contains(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def validate(self, value: object) -> float | int | bool:
        """``value`` as this parameter's type, or a CoreError saying what is wrong."""
        if self.kind == "bool":
            return self._switch(value)
        if isinstance(value, bool):
            raise CoreError("{symbol} must be a number, got {given}", symbol=self.symbol, given=repr(value))
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            raise CoreError("{symbol} must be a number, got {given}", symbol=self.symbol, given=repr(value)) from None
        if self.kind == "int" and not number.is_integer():
            raise CoreError("{symbol} must be a whole number, got {value}", symbol=self.symbol, value=number)
        if not self.contains(number):
            raise CoreError(
                "{symbol} must be in {range}, got {value}", symbol=self.symbol, range=self.range_text(), value=number
            )
        return int(number) if self.kind == "int" else number

    def _switch(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            return _BOOL_WORDS[value.strip().lower()]
        raise CoreError("{symbol} must be true or false, got {given}", symbol=self.symbol, given=repr(value))


_BOOL_WORDS = {"true": True, "1": True, "yes": True, "on": True}
_BOOL_WORDS |= {"false": False, "0": False, "no": False, "off": False}


def validate_all(params: tuple[Parameter, ...], given: Mapping[str, object], owner: str) -> dict[str, Any]:
    """Fill defaults, reject unknown names, validate each value."""
    known = {p.name: p for p in params}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise CoreError(
            "{owner} has no parameter {names} (it has: {allowed})",
            owner=Text(owner, {}),  # a title, which the page may translate
            names=", ".join(unknown),
            allowed=", ".join(known) or "none",
        )
    return {p.name: p.validate(given.get(p.name, p.default)) for p in params}


class Named(Protocol):
    name: str


Spec = TypeVar("Spec", bound=Named)


class Registry(Generic[Spec]):
    """Specs by name, in display order: what ``optimizers.names()/spec()`` and ``landscapes`` serve."""

    def __init__(self, unknown: str, specs: Iterable[Spec]) -> None:
        self._unknown = unknown  # the message for a name that is not here, with {name} and {choices}
        self._specs = {spec.name: spec for spec in specs}

    def names(self) -> list[str]:
        return list(self._specs)

    def spec(self, name: str) -> Spec:
        try:
            return self._specs[name]
        except (KeyError, TypeError):
            raise CoreError(self._unknown, name=repr(name), choices=", ".join(self._specs)) from None
