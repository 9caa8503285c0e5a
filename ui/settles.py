"""The stage's settled values, told to the server over HTTP instead of by a script run.

A drag on the stage (``ui/js/stage.js``) is drawn in the browser from its row; what the server must learn
is only the value the thumb came to rest at, so that its next run (whatever causes it: another setting,
a reload of the view) starts from what the student sees. Telling it by the component's state costs a
script run that redraws everything the browser already shows (≈ 11 ms of server CPU, ≈ 20 ms in a
busy hall, against a bare one-chart app's ≈ 6 ms a move: ``bench/profile_move.py``); telling it here
costs one small POST handled on the server's event loop, no script run:

    POST /lab/stage/settle  {"token": T, "seq": S, "values": {"adam.alpha": 0.15, …}}  -> {"ok": true}

``T`` is the Streamlit session's own random token (``token_for``), sent to that session's page only; the
values wait here until that session's next run, which takes them (``take``) before it reads its settings
and checks each of them as it checks the component's (``ui.stage.settle``). An unknown token (a replica
that never saw the session, or one forgotten among the most recent ``MOST`` sessions) is refused with 404,
and the page falls back to the script run.

>>> settles = Settles()
>>> token = settles.token_for(None)
>>> settles.keep(token, "1-1", {"adam.alpha": 0.15}), settles.keep("forged", "1-1", {"adam.alpha": 0.2})
(True, False)
>>> settles.keep(token, "1-2", {"adam.rho1": 0.5})
True
>>> settles.take(token), settles.take(token)
(('1-2', {'adam.alpha': 0.15, 'adam.rho1': 0.5}), None)
"""

from __future__ import annotations

import math
import secrets
import threading
from typing import Any

from cachetools import LRUCache
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from classroom.http import json_object
from classroom.model import ClassError

PATH = "/lab/stage/settle"
MOST = 20_000  # sessions whose tokens are known at once: a hall of 200 is 1 % of it
MAX_VALUES = 32  # a stage shows at most 16 optimizers' α and a few ρ
Posted = tuple[str, dict[str, float]]


class Settles:
    """Each session's token, and the values its page settled since its last run (the latest only)."""

    def __init__(self, most: int = MOST) -> None:
        self._lock = threading.Lock()
        self._pending: LRUCache[str, Posted | None] = LRUCache(maxsize=most)

    def token_for(self, token: str | None) -> str:
        """``token`` (a session's, from its earlier runs) known again, or a new one."""
        with self._lock:
            if token is None:
                token = secrets.token_urlsafe(18)
            self._pending[token] = self._pending.get(token)  # also the most recently used now
            return token

    def keep(self, token: Any, seq: Any, values: Any) -> bool:
        """The page's settled values, until its session's next run, with those it settled before on other
        sliders (ρ₁, then α: both are the page's now); False where the token is unknown."""
        with self._lock:
            if not isinstance(token, str) or token not in self._pending:
                return False
            earlier = self._pending[token]
            kept = (earlier[1] if earlier else {}) | values
            while len(kept) > MAX_VALUES:  # a scripted client's ever new keys: the oldest go
                del kept[next(iter(kept))]
            self._pending[token] = (seq, kept)
            return True

    def take(self, token: str | None) -> Posted | None:
        """What the page settled since the last run, once."""
        with self._lock:
            if token is None or token not in self._pending:
                return None
            posted, self._pending[token] = self._pending[token], None
            return posted


SHARED = Settles()


def _checked(data: dict[str, Any]) -> tuple[str, str, dict[str, float]]:
    """token, seq and values of a POST's body, in shape (the values' meaning is checked at the run)."""
    token, seq, values = data.get("token"), data.get("seq"), data.get("values")
    if not isinstance(token, str) or not isinstance(seq, str) or len(seq) > 64:
        raise ValueError("token and seq are strings")
    if not isinstance(values, dict) or not 0 < len(values) <= MAX_VALUES:
        raise ValueError(f"values is an object of 1 to {MAX_VALUES} numbers")
    for key, value in values.items():
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if len(key) > 64 or not number or not math.isfinite(value):
            raise ValueError("each value is a finite number under a short key")
    return token, seq, values


def routes(settles: Settles = SHARED) -> list[Route]:
    """The one route over ``settles``: a page's settled values, kept for its session's next run."""

    async def settle(request: Request) -> JSONResponse:
        try:
            token, seq, values = _checked(await json_object(request))
        except ClassError as error:  # too large, or not a JSON object
            status = 413 if error.code == "too_large" else 400
            return JSONResponse({"error": error.code, "message": str(error)}, status_code=status)
        except ValueError as error:
            return JSONResponse({"error": "bad_request", "message": str(error)}, status_code=400)
        if not settles.keep(token, seq, values):
            return JSONResponse({"error": "unknown", "message": "no such page here"}, status_code=404)
        return JSONResponse({"ok": True})

    return [Route(PATH, settle, methods=["POST"])]
