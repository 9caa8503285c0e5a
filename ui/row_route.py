"""A stage's row asked for by its page over HTTP, without a script run.

A slider whose row the page does not hold (ρ₁ taken up after α, or α again after ρ₁ moved, which changes
every stop of α's row) needs the server once: the page asks here, with the link of the view it shows
(``ui/js/stage.js`` keeps it as the thumbs move), and draws the stops from the answer; its settled value
then reaches the server as any other (``ui.settles``). A script run for it would redraw the whole page,
which the browser already shows (≈ 0.1 s of the server's one interpreter; a hall that takes up ρ₁
within a few seconds queued them for tens of seconds: README, "With the stage")::

    GET /lab/stage/row?row=adam.rho1&<the link's parameters>  -> the row (ui.rows), gzipped JSON

The link is read as the page reads one (``ui.config.parse``, then the cost model and what can run), so
the row is the one the page's next run names; the answer is the same on every replica (a row is a
function of the link). Only a staged slider of a shown optimizer on the paths view has a row.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from parameters import CoreError
from ui import budget, rows, runs, stage
from ui.config import parse

MAX_QUERY = 8192  # a link with a typed function and every optimizer is ≈ 1.5 KB


def row_of_link(query: Mapping[str, str], wanted: str) -> rows.Row | None:
    """The row ``wanted`` ("adam.rho1") of the view ``query`` shows, or None where it shows no such slider.

    >>> row = row_of_link({"opt": "sgd,adam", "steps": "50"}, "adam.rho1")
    >>> row.parameter, row.stops[:3], row.url.startswith("app/static/rows/")
    ('rho1', (0.0, 0.1, 0.2), True)
    >>> row_of_link({"opt": "sgd"}, "adam.rho1") is None
    True
    """
    config, _ = budget.fit(parse(query)[0])
    config, _ = runs.runnable(config)
    name, _, parameter = wanted.partition(".")
    if name not in config.opt or config.view != "paths":
        return None
    if not any(p.name == parameter for p in stage.moved(name)):
        return None
    return rows.row(config, name, parameter)


def routes() -> list[Route]:
    """The one route: a row by the link of its view."""

    async def row(request: Request) -> Response:
        query = dict(request.query_params)
        wanted = query.pop("row", "")
        if len(request.url.query) > MAX_QUERY:
            return JSONResponse({"error": "too_large", "message": "the link is too long"}, status_code=413)
        # the work (a batched run of the core where no session made this row yet) off the event loop,
        # which keeps answering every other student's messages meanwhile
        try:
            found = await run_in_threadpool(row_of_link, query, wanted)
        except CoreError as error:  # a typed function the core cannot run: the page says why, by a run
            return JSONResponse({"error": "core", "message": str(error)}, status_code=422)
        if found is None:
            message = f"the view of this link shows no slider {wanted!r}"
            return JSONResponse({"error": "no_row", "message": message}, status_code=404)
        return Response(found.gz, media_type="application/gzip", headers={"Cache-Control": "no-cache"})

    return [Route(stage.ROW_PATH, row, methods=["GET"])]
