"""The session's vocabulary and bounds: codes, secrets, member tokens, questions and answers.

A code is what a hall types from the projector, so it is short and has no look-alikes (no 0/O, 1/I/L).
The lecturer's secret is ``secrets.token_urlsafe``, kept only in the lecturer's Streamlit session; the
store keeps its HMAC, so a read of the store (or of Redis) gives nobody the right to drive. A member's
token is issued by the server and signed with the server's key, so a student cannot make one up for
someone else, and the store need not remember tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
from dataclasses import dataclass

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # 31 symbols without look-alikes
CODE_LENGTH = 6  # 31**6 ≈ 8.9e8 codes: a guessed code hits one of 1000 sessions once in ~900,000 tries
TTL = 4 * 3600  # a lecture, with room; every key of a session expires after it
MAX_MEMBERS = 500
MAX_SESSIONS = 1000
MAX_CHOICES = 12
MAX_TEXT = 64  # a choice's id, a question's id
MAX_QUERY = 8192  # the lecturer's settings as a query string (a typed formula included)
KINDS = ("choice", "tap")
ROUNDS = (1, 2)  # vote, discuss, vote again


class ClassError(ValueError):
    """A refused request, with the reason a page or a JSON answer shows (``code``: a stable word)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def read_code(raw: object) -> str:
    """A code as typed (any case, spaces around): its canonical form, or ClassError."""
    if not isinstance(raw, str) or len(raw) > 32:
        raise ClassError("bad_code", f"a class code is {CODE_LENGTH} letters and digits")
    code = raw.strip().upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        raise ClassError("bad_code", f"a class code is {CODE_LENGTH} of {ALPHABET}")
    return code


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def sign(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:32]


def matches(key: bytes, message: str, signature: object) -> bool:
    return isinstance(signature, str) and hmac.compare_digest(sign(key, message), signature)


def member_token(key: bytes, code: str, member: str) -> str:
    return f"{member}.{sign(key, f'member:{code}:{member}')}"


def read_member(key: bytes, code: str, token: object) -> str:
    """The member a token names, if the server signed it for this session; else ClassError."""
    if isinstance(token, str) and len(token) <= 80 and token.count(".") == 1:
        member, signature = token.split(".")
        if matches(key, f"member:{code}:{member}", signature):
            return member
    raise ClassError("bad_token", "this page's place in the class is not valid: open the class link again")


@dataclass(frozen=True)
class Question:
    """What the lecturer asks: ``kind`` "choice" (one of ``choices``) or "tap" (a point in ``bounds``,
    x0, x1, y0, y1). ``id`` changes when the question does, which starts its answers afresh."""

    id: str
    kind: str
    choices: tuple[str, ...] = ()
    bounds: tuple[float, float, float, float] | None = None

    def __post_init__(self) -> None:
        texts = (self.id, *self.choices)
        if self.kind not in KINDS or not all(isinstance(t, str) and 0 < len(t) <= MAX_TEXT for t in texts):
            raise ClassError("bad_question", "a question is a choice or a tap, with short ids")
        if len(self.choices) > MAX_CHOICES or (self.kind == "tap" and not _finite(self.bounds, 4)):
            raise ClassError("bad_question", "too many choices, or a tap without its window")

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "kind": self.kind, "choices": self.choices, "bounds": self.bounds})

    @staticmethod
    def from_json(text: str) -> Question:
        data = json.loads(text)
        bounds = tuple(data["bounds"]) if data.get("bounds") else None
        return Question(data["id"], data["kind"], tuple(data["choices"]), bounds)

    def check(self, answer: object) -> str:
        """An answer as it is stored: a choice's id, or "x,y" (rounded) inside the window; else ClassError."""
        if self.kind == "choice":
            if isinstance(answer, str) and answer in self.choices:
                return answer
            raise ClassError("bad_answer", "choose one of the question's choices")
        x0, x1, y0, y1 = self.bounds or (0.0, 0.0, 0.0, 0.0)
        if isinstance(answer, list) and _finite(answer, 2) and x0 <= answer[0] <= x1 and y0 <= answer[1] <= y1:
            return f"{answer[0]:.4g},{answer[1]:.4g}"
        raise ClassError("bad_answer", "a tap is [x, y], two numbers inside the plot's window")


def _finite(values: object, count: int) -> bool:
    return (
        isinstance(values, (list, tuple))
        and len(values) == count
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values)
    )
