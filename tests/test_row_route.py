"""A slider's row asked for by the page's link, without a script run (ui/row_route.py): the same row the
page's next run would name, made for the link's other values; a slider the view does not show, an
overlong link or a typed function the core refuses get a clear refusal, never a server error."""

from __future__ import annotations

import gzip
import json
from urllib.parse import urlencode

import numpy as np
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

import landscapes
import optimizers
from ui import budget, row_route, rows
from ui.config import parse
from ui.stage import ROW_PATH
from viz.rowdata import unpack_path

LINK = {"opt": "sgd,adam", "steps": "120", "x0": "-1.2", "y0": "1.7", "adam.alpha": "0.05", "adam.rho1": "0.5"}


@pytest.fixture(scope="module")
def client():
    with TestClient(Starlette(routes=row_route.routes())) as client:
        yield client


def ask(client, link: dict, row: str):
    return client.get(f"{ROW_PATH}?{urlencode(link | {'row': row})}")


def test_the_row_is_the_one_the_page_names_for_that_link(client):
    answer = ask(client, LINK, "adam.alpha")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/gzip"
    config, _ = budget.fit(parse(LINK)[0])
    assert answer.content == rows.row(config, "adam", "alpha").gz  # byte for byte: one function of the link


@pytest.mark.parametrize("row", ["adam.alpha", "adam.rho1"])
def test_every_stop_of_the_row_holds_the_links_other_values(client, row):
    data = json.loads(gzip.decompress(ask(client, LINK, row).content))
    parameter = row.split(".")[1]
    held = {"alpha": 0.05, "rho1": 0.5}
    landscape = landscapes.get("rosenbrock")
    for value, stop in list(zip(data["stops"], data["data"], strict=True))[::6]:
        adam = optimizers.get("adam", **(held | {parameter: value}))
        core = optimizers.run(adam, landscape, (-1.2, 1.7), 120)
        finite = core.points[np.isfinite(core.points).all(axis=1)]
        drawn, _ = unpack_path(stop["path"], landscape.bounds)
        assert np.array_equal(drawn[-1], finite[-1]), (row, value)  # the end travels exactly


@pytest.mark.parametrize(
    ("link", "row"),
    [
        ({"opt": "sgd"}, "adam.rho1"),  # not shown
        ({"opt": "adam"}, "adam.eps"),  # not on the stage (the sidebar's)
        ({"opt": "adam", "view": "sweep"}, "adam.alpha"),  # no stage on that view
        ({"opt": "adam"}, ""),
        ({"opt": "adam"}, "<script>.alpha"),
    ],
)
def test_a_slider_the_view_does_not_show_is_refused(client, link, row):
    answer = ask(client, link, row)
    assert answer.status_code == 404 and answer.json()["error"] == "no_row"


def test_an_overlong_or_hostile_link_gets_a_clear_answer(client):
    answer = ask(client, {"opt": "adam", "f": "x" * 9000}, "adam.alpha")
    assert answer.status_code == 413 and "too long" in answer.json()["message"]
    # values the page would ignore (and say so on the page) are ignored here too: the defaults' row
    hostile = {"opt": "adam", "adam.alpha": "nan", "steps": "-5", "f": "<script>", "x0": "1e999"}
    assert ask(client, hostile, "adam.alpha").content == ask(client, {"opt": "adam"}, "adam.alpha").content
