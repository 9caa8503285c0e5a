"""A student's ``ui/js/stage.js`` as the hall benchmark (bench/bench_hall.py) plays it: which rows it holds,
for which view, what it asks the server for and how it tells a gesture, without a browser."""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from tests.protocol import Run, Student

MOVE_WAIT = 90  # seconds before a gesture (or a row's fetch) counts as unanswered


async def http_get(s: Student, path: str) -> bytes:
    """GET ``path`` (relative to the page) over the student's own connection, as its browser would; the body
    as sent (a row is served gzipped as it is, with no Content-Encoding: ui/js/stage.js inflates it)."""
    answer = await s.http.get(f"/{path}", timeout=MOVE_WAIT)
    answer.raise_for_status()
    return answer.content


@dataclass
class Held:
    """What a student's ``ui/js/stage.js`` holds between runs: the view's link as the thumbs left it, each
    slider's row with the link it was made for (its basis), what the page's notes say per optimizer."""

    link: dict[str, str] = field(default_factory=dict)
    rows: dict[str, tuple[str, dict]] = field(default_factory=dict)
    said: dict[str, str] = field(default_factory=dict)


def basis_of(entries: dict, link: dict[str, str], key: str) -> str:
    """stage.js ``basisOf``: the link but for the slider's own value and other optimizers' staged values."""
    name = entries[key]["name"]
    held = {k: v for k, v in link.items() if not (k in entries and (entries[k]["name"] != name or k == key))}
    return json.dumps(held, sort_keys=True)


async def row_in_hand(s: Student, entries: dict, key: str, result: Any) -> dict | None:
    """stage.js ``freshRow``: ``key``'s row for the view the thumbs show, in hand or asked of the server
    (ui/row_route.py, no script run); how long that took goes to ``new_row_ready``."""
    held, entry = s.held, entries[key]
    basis = basis_of(entries, held.link, key)
    if key in held.rows and held.rows[key][0] == basis:
        return held.rows[key][1]
    stage = s.component("stage")
    query = held.link | {key: entry["query"][entry["index"]], "row": key}
    asked = time.perf_counter()
    body = await http_get(s, f"{stage['row']}?{urlencode(query)}")
    row = json.loads(gzip.decompress(body))
    result.new_row_ready.append(time.perf_counter() - asked)
    result.row_bytes[-1] += len(body)
    held.rows[key] = (basis, row)
    return row


async def move_lab(s: Student, key: str, value: float, result: Any) -> Run:
    """The one message a gesture sends, however many stops it crossed, as ``ui/js/stage.js`` decides: a
    POST where the page offers it, the key's row for the view is in hand (asked for first where not) and
    the page's notes say of the new stop what they say of the one the server drew; else the component's
    settle, a script run. Then, as stage.js does after a POSTed gesture, α's row made stale is asked for."""
    stage = s.component("stage")
    entries = {e["key"]: e for e in stage["rows"]}
    entry = entries[key]
    row = await row_in_hand(s, entries, key, result) if stage["drawn"] else None
    at = entry["values"].index(value)
    s.held.link[key] = entry["query"][at]
    if stage.get("post") is not None and row and row["data"][at]["said"] == s.held.said.get(entry["name"]):
        run = await s.post_settle({key: value})
    else:
        run = await s.stage({key: value})
    for other in entries:  # after a POST only: a run names the new rows itself
        if run.status == "posted" and entries[other]["fair"] and other in s.held.rows:
            await row_in_hand(s, entries, other, result)
    return run


def hold_page(s: Student, stage: dict) -> None:
    """What stage.js holds once a run's page and its rows are in: the page's link, rows and notes."""
    entries = {e["key"]: e for e in stage["rows"]}
    served = dict(parse_qsl(stage["link"]))
    s.held = Held(link=dict(served))
    for key, entry in entries.items():
        if (row := s.rows.get(entry["url"])) is not None:
            s.held.rows[key] = (basis_of(entries, served, key), row)
            s.held.said[entry["name"]] = row["data"][entry["index"]]["said"]
