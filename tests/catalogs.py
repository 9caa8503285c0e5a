"""What the language catalogs must cover: every English text the page can show, the core's included.

The core's messages are found as gettext's tools find them: by reading the core's source for the
templates it passes to ``CoreError``, ``FormulaError``, ``_fail``, ``Text`` and ``Registry``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import landscapes
import optimizers
from ui import config
from ui.locales import en, uk
from ui.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
MESSAGE_CALLS = {"CoreError", "FormulaError", "_fail", "Text", "Registry"}


def _strings(node: ast.AST, constants: dict[str, str]) -> list[str]:
    match node:
        case ast.Constant(value=str() as text):
            return [text]
        case ast.Name(id=name) if name in constants:
            return [constants[name]]
        case ast.IfExp(body=body, orelse=orelse):
            return _strings(body, constants) + _strings(orelse, constants)
    return []


def core_messages() -> set[str]:
    """The message templates in the core's source."""
    found: set[str] = set()
    files = [*ROOT.glob("optimizers/*.py"), *ROOT.glob("landscapes/*.py"), *ROOT.glob("parameters/*.py")]
    for path in files:
        tree = ast.parse(path.read_text())
        constants = {
            target.id: node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MESSAGE_CALLS and node.args:
                found.update(_strings(node.args[0], constants))
    return {text for text in found if " " in text}  # not a variable's name, a sentence


def core_texts() -> set[str]:
    """Every English text of the core and of the page's declarations the page may show: titles (the
    display names), descriptions, every declared parameter's help, and the messages."""
    texts = set(core_messages())
    declared = []
    for name in optimizers.names():
        spec = optimizers.spec(name)
        texts |= {spec.title, spec.description}
        declared += spec.hyperparameters
    for name in landscapes.names():
        spec = landscapes.spec(name)
        texts |= {spec.title, spec.description}
        declared += spec.parameters
    for name in optimizers.schedules.names():
        declared += optimizers.schedules.spec(name).parameters
    declared += [s.parameter for s in SETTINGS.values() if s.parameter is not None]
    declared += [*config.WINDOW, *config.start_parameters(((0, 1), (0, 1)), (0, 0))]
    texts |= {p.help for p in declared}
    texts.add("Your own function.")
    texts |= formula_words()
    return {text for text in texts if text}


def formula_words() -> set[str]:
    """The words in the core's formulas the page shows (``\text{…}``: "otherwise", "then Adam:")."""
    formulas = [optimizers.spec(name).rule_latex for name in optimizers.names()]
    formulas += [landscapes.spec(name).latex for name in landscapes.names()]
    formulas += [curve.latex for curve in landscapes.CURVES.values()]
    formulas.append(landscapes.ReddiCounterexample().latex)
    words = (found.strip() for latex in formulas for found in re.findall(r"\\text\{([^{}]*)\}", latex))
    return {word for word in words if word}


def english_texts() -> set[str]:
    """English texts that read differently in Ukrainian (maths such as "f − f*" is the same in both)."""
    english: set[str] = set()
    for key, value in en.MESSAGES.items():
        values = value.values() if isinstance(value, dict) else [value]
        english |= {v for v in values if v != uk.MESSAGES[key] and v not in (uk.MESSAGES[key] or {})}
    english |= {text for parts in en.SCENARIOS.values() for text in parts.values()}
    english |= {text for text in core_texts() if uk.CORE.get(text, text) != text}
    return {text for text in english if any(c.isalpha() for c in text)}  # a decimal mark is no English
