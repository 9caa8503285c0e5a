"""A row for the stage: every stop of one slider of one optimizer, as the browser draws and tabulates it.

The server computes a row in one batched run of the core (``ui.runs.row_of``); this module writes what
the browser needs of it as one compact JSON file, gzipped and served from the static folder
(``ui.assets.publish``, named by its content: cacheable, and the same name on every replica). Per stop:
the path packed to half a pixel (``viz.rowdata``), its loss curve as the loss chart draws it, how it ends
(diverged, escaped), and the results table's cells exactly as the server's table writes them
(``result_cells``, the one function both use). The row also says which stop is best by the criterion the
page states: the fewest steps to get within 1 % of the window of a global minimum; where no stop gets
there, the lowest final f.
"""

from __future__ import annotations

import gzip
import math
import threading
from dataclasses import dataclass, field, replace

import cachetools
import orjson

from ui import assets, runs
from ui.config import Config
from ui.cores import elsewhere
from ui.i18n import name_of, number, tr
from ui.options import settings_line
from viz.paths import PathView
from viz.rowdata import pack_curve, pack_inspector

KEPT_FILES = 2000  # rows in the static folder: ≈ 100 MB of disk


@dataclass(frozen=True)
class Row:
    """What the stage shows of one slider: its stops, its data as served (gzipped JSON: the best stop among
    it) and the URL it is served at."""

    name: str
    parameter: str
    stops: tuple[float, ...]
    url: str
    gz: bytes = field(repr=False)


def result_cells(path: PathView, lang: str, unbounded: bool) -> list[str]:
    """A path's row of the results table: optimizer, final f, distance, reached at, status. On an f
    unbounded below (a saddle) leaving the window is the escape, as the note above the table says."""
    if unbounded and path.left_at is not None:
        status = tr("status_escaped", lang, step=path.left_at)
    elif path.diverged_at >= 0:
        status = tr("status_diverged", lang, step=path.diverged_at)
    else:
        status = tr("status_ok", lang) if path.reached_at is not None else tr("status_far", lang)
    reached = "—" if path.reached_at is None else str(path.reached_at)
    distance = "—" if path.distance is None else number(path.distance, lang)
    return [name_of(path.name, lang), number(path.final_f, lang), distance, reached, status]


def unbounded_below(config: Config) -> bool:
    landscape = config.landscape_object()
    return landscape.f_min is None and not landscape.minima


def best_stop(row: dict[float, PathView]) -> float:
    """The stop that gets within 1 % of the window soonest; where none does, the lowest final f (a
    diverged path last)."""
    reached = [(path.reached_at, value) for value, path in row.items() if path.reached_at is not None]
    if reached:
        return min(reached)[1]
    return min(row, key=lambda value: _final(row[value]))


def stop_note(path: PathView, bounds, unbounded: bool) -> str:
    """Which note the page writes under the plot about why ``path`` stopped (``ui.page.divergence_notes``):
    "undefined" (f has no value where it stopped, inside the window ``bounds``), "diverged", or "" (none;
    on an f unbounded below a path that leaves is the escape the table reports)."""
    k = path.diverged_at
    if k < 0:
        return ""
    inside = bounds is not None and k == path.last_step and _inside(path.points[-1], bounds)
    if inside and math.isnan(path.values[-1]):
        return "undefined"
    return "" if unbounded else "diverged"


def _inside(point, bounds) -> bool:
    return all(lo <= c <= hi for c, (lo, hi) in zip(point, bounds, strict=True))


def _final(path: PathView) -> float:
    return path.final_f if path.diverged_at < 0 and math.isfinite(path.final_f) else math.inf


def _loss(path: PathView, f_min: float | None) -> dict:
    """The loss curve as ``viz.curves.loss_figure`` draws it: f − f* (floored at 1e-300) where f* is known."""
    values = path.curve_values - f_min if f_min is not None else path.curve_values
    if f_min is not None:
        values = values.clip(min=1e-300)
    return pack_curve(path.curve_steps, values)


def _stop(path: PathView, hp: dict, f_min: float | None, lang: str, unbounded: bool, bounds) -> dict:
    ended = "escaped" if unbounded and path.left_at is not None else "diverged" if path.diverged_at >= 0 else ""
    frames = None
    if path.inspector is not None and path.frames is not None and len(bounds) == 2:
        frames = pack_inspector(path.frames.steps, path.inspector, bounds)
    note = stop_note(path, bounds, unbounded)
    return {
        # what else the page says of this stop: where it differs from the stop the page was drawn for,
        # the page's notes change too, and the stage lets the server draw it (ui/js/stage.js)
        "said": f"{note}:{path.diverged_at if note else ''}:{ended == 'escaped'}",
        "line": settings_line(path.name, tuple(hp.items()), lang),  # the link's box, under the link
        "path": path.packed,
        "loss": _loss(path, f_min),
        "frames": frames,  # the step inspector's, so ▶ and the step slider play this stop
        "end": ended,
        "reached": path.reached_at,
        "cells": result_cells(path, lang, unbounded),
    }


def row(config: Config, name: str, parameter: str = "alpha") -> Row:
    """``name``'s row of ``parameter`` in the config's view, published (``ui.assets``): written again where
    the folder's sweep took it since (a lecture's first rows are its most used, and the oldest files)."""
    run = next(run for run in runs.runs_of(config) if run.name == name)
    landscape = config.landscape_object()
    made = _row(run, parameter, config.lang, landscape.f_min, unbounded_below(config), landscape.bounds)
    return replace(made, url=assets.publish(made.gz, "rows", ".json.gz", keep=KEPT_FILES))


# Sessions asking for the same row at once (a class following its lecturer) wait for one of them (the condition).
@cachetools.cached(cachetools.LRUCache(maxsize=512), condition=threading.Condition())
def _row(run: runs.Run, parameter: str, lang: str, f_min: float | None, unbounded: bool, bounds) -> Row:
    """Made and gzipped once per run, slider and language: every later move of a session, and every
    session on the same settings, is a dictionary look-up (≈ 50 KB a row: 25 MB when full). Written on
    another core where the server has one (``ui.cores``; the writing, ≈ 10 ms, most of it the cells' words and
    gzip, was a third of what a hall's new rows cost the server's interpreter): a row whose paths are not
    made yet is made and written there in one go (else it would queue twice behind the hall's other runs),
    and its paths are kept as the page's (``ui.runs.keep_row``); known paths go there pickled (≈ 1 ms)."""
    written = (run, parameter, lang, f_min, unbounded, bounds)
    paths = runs.known_row(run, parameter)
    if paths is not None:
        return elsewhere(written_row, run, parameter, paths, *written[2:])
    paths, made = runs.in_turn_elsewhere(made_and_written, *written)
    runs.keep_row(run, parameter, paths)
    return made


def made_and_written(
    run: runs.Run, parameter: str, lang: str, f_min: float | None, unbounded: bool, bounds
) -> tuple[dict[float, PathView], Row]:
    """The paths of ``run``'s ``parameter`` row (``ui.runs.made_row``) and the row written from them."""
    paths = runs.made_row(run, parameter, runs.row_stops(run, parameter))
    return paths, written_row(run, parameter, paths, lang, f_min, unbounded, bounds)


def written_row(
    run: runs.Run, parameter: str, paths: dict[float, PathView], lang: str, f_min: float | None, unbounded: bool, bounds
) -> Row:
    """The row of ``paths``, every stop of ``run``'s ``parameter`` slider, as the browser reads it: gzipped JSON."""
    stops = tuple(paths)
    data = {
        "name": run.name,
        "parameter": parameter,
        "stops": stops,
        "best": best_stop(paths),
        "data": [_stop(paths[v], dict(run.hp) | {parameter: v}, f_min, lang, unbounded, bounds) for v in stops],
    }
    # level 3: 2–4 % more bytes than level 6 in half the time (≈ 1.5 ms of an Adam row); 9: 1 % fewer, 3× the time
    packed = gzip.compress(orjson.dumps(data), compresslevel=3, mtime=0)
    return Row(run.name, parameter, stops, "", packed)
