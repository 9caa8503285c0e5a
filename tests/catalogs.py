"""What the language catalogs must cover: every English text the page can show, the core's included.

The core's messages are found as gettext's tools find them: by reading the core's source for the
templates it passes to ``CoreError``, ``FormulaError``, ``_fail``, ``Text`` and ``Registry``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import landscapes
import optimizers
from ui import config
from ui.locales import en, uk

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
    """Every English text of the core the page may show: titles, descriptions, help and messages."""
    texts = set(core_messages())
    for name in optimizers.names():
        spec = optimizers.spec(name)
        texts |= {spec.description} | {p.help for p in spec.hyperparameters}
        if en.NAMES[name] != uk.NAMES[name]:  # "Adam" is Adam in both; "Momentum" is not
            texts.add(spec.title)
    for name in landscapes.names():
        spec = landscapes.spec(name)
        texts |= {spec.description} | {p.help for p in spec.parameters}
    settings = (config.STEPS, config.NOISE, config.SEED, config.PR3_START, *config.WINDOW)
    texts |= {p.help for p in settings} | {p.help for p in config.start_parameters(((0, 1), (0, 1)), (0, 0))}
    texts.add("Your own function.")
    return {text for text in texts if text}


def english_texts() -> set[str]:
    """English texts that read differently in Ukrainian (maths such as "f − f*" is the same in both)."""
    english: set[str] = set()
    for key, value in en.MESSAGES.items():
        values = value.values() if isinstance(value, dict) else [value]
        english |= {v for v in values if v != uk.MESSAGES[key] and v not in (uk.MESSAGES[key] or {})}
    english |= {v for k, v in en.NAMES.items() if v != uk.NAMES[k]}
    english |= {text for parts in en.SCENARIOS.values() for text in parts.values()}
    english |= {text for text in core_texts() if uk.CORE.get(text, text) != text}
    return english
