"""The class's HTTP routes, served beside Streamlit by ``st.App`` (``app.py``): a follower's page
long-polls here, so following costs no script run; a script run happens only when the lecturer's
view actually changes, once per follower.

    POST /lab/class/CODE/join                      -> {"token"}: a member's place (server-signed)
    GET  /lab/class/CODE/wait?since=V[&tally=T]    -> the public state, once its version (or its
                                                      tally, for the lecturer's count) differs, or after WAIT s
    POST /lab/class/CODE/follow  {"token", "follow": bool}
    POST /lab/class/CODE/answer  {"token", "answer": choice id | [x, y]}

Every input is checked; a refusal is ``{"error": word, "message": sentence}`` with a 4xx status.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from classroom.classes import Classes, shared
from classroom.model import ClassError, read_code

PREFIX = "/lab/class"
WAIT = 25.0  # under the 30-60 s at which proxies and phones drop an idle request
MAX_BODY = 2048
MAX_VERSION = 2**53
STATUS = {"no_class": 404, "bad_token": 403, "not_lecturer": 403, "revealed": 409, "no_question": 409, "full": 409}


class Wakeups:
    """Who waits for which session's change: one asyncio event per (code, "version" | "tally"), set from
    the store's listener on any thread, so a change wakes exactly the requests waiting for it."""

    def __init__(self) -> None:
        self._events: dict[tuple[str, str], asyncio.Event] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def heard(self, code: str, kind: str) -> None:
        if (loop := self._loop) is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake, code, kind)

    def _wake(self, code: str, kind: str) -> None:
        if (event := self._events.pop((code, kind), None)) is not None:
            event.set()

    async def wait(self, code: str, kinds: tuple[str, ...], timeout: float) -> None:
        self._loop = asyncio.get_running_loop()
        waits = [asyncio.ensure_future(self._events.setdefault((code, k), asyncio.Event()).wait()) for k in kinds]
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()


def refused(error: ClassError) -> JSONResponse:
    return JSONResponse({"error": error.code, "message": str(error)}, status_code=STATUS.get(error.code, 400))


def _counter(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 16 or int(raw) > MAX_VERSION:
        raise ClassError("bad_request", "since and tally are whole numbers")
    return int(raw)


async def json_object(request: Request) -> dict[str, Any]:
    """The request's JSON object, at most MAX_BODY bytes; else ClassError ("too_large", "bad_request").
    The stage's settle route (ui/settles.py) reads its body with it too."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise ClassError("too_large", f"a request's body is at most {MAX_BODY} bytes")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise ClassError("bad_request", "the body is not JSON") from None
    if not isinstance(data, dict):
        raise ClassError("bad_request", "the body is a JSON object")
    return data


def routes(classes: Classes | None = None, wait: float = WAIT) -> list[Route]:
    """The routes over ``classes`` (the process's shared one by default)."""
    wakeups = Wakeups()
    found = classes or shared()
    found.store.subscribe(wakeups.heard)

    def handled(action):
        async def endpoint(request: Request) -> JSONResponse:
            try:
                return JSONResponse(await action(read_code(request.path_params["code"]), request))
            except ClassError as error:
                return refused(error)

        return endpoint

    async def wait_for(code: str, request: Request) -> dict[str, Any]:
        since, tally = (_counter(request.query_params.get(name)) for name in ("since", "tally"))
        state = found.public(code)
        if state["version"] == since and tally in (None, state["tally"]):
            await wakeups.wait(code, ("version",) if tally is None else ("version", "tally"), wait)
            state = found.public(code)
        return state

    async def join(code: str, request: Request) -> dict[str, Any]:
        return {"token": found.join(code)}

    async def follow(code: str, request: Request) -> dict[str, Any]:
        data = await json_object(request)
        if not isinstance(data.get("follow"), bool):
            raise ClassError("bad_request", "follow is true or false")
        found.follow(code, data.get("token"), data["follow"])
        return {"ok": True}

    async def answer(code: str, request: Request) -> dict[str, Any]:
        data = await json_object(request)
        found.answer(code, data.get("token"), data.get("answer"))
        return {"ok": True}

    return [
        Route(f"{PREFIX}/{{code}}/wait", handled(wait_for), methods=["GET"]),
        Route(f"{PREFIX}/{{code}}/join", handled(join), methods=["POST"]),
        Route(f"{PREFIX}/{{code}}/follow", handled(follow), methods=["POST"]),
        Route(f"{PREFIX}/{{code}}/answer", handled(answer), methods=["POST"]),
    ]
