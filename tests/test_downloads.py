"""The downloads under the hall's budget: each file is made once per view, in turn, within the cost model,
and stops when its tab closes; over Streamlit's own protocol, as a scripted client would ask for it."""

from __future__ import annotations

import asyncio
import io
import urllib.request

import numpy as np
import pytest
from PIL import Image

import landscapes
import optimizers
from tests.browser import streamlit_server
from tests.protocol import Student
from ui import budget, downloads, turns
from ui.config import parse

ALL = ",".join(optimizers.names())
HEAVY = {
    "all optimizers, 5000 steps": {"opt": ALL, "steps": "5000"},
    "a typed function, all optimizers": {"f": "custom", "expr": "tanh(x*y*tanh(x*y*x))", "opt": ALL, "steps": "5000"},
    "the regression, mini-batches": {"preset": "after_adam", "steps": "5000"},
    "PR3, all optimizers": {"view": "pr3", "opt": ALL, "steps": "5000"},
}


@pytest.fixture(autouse=True)
def fresh_caches():
    downloads._csv.clear()
    downloads._gif.clear()


def counting_runs(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = optimizers.run
    monkeypatch.setattr(optimizers, "run", lambda opt, *a, **k: calls.append(opt.name) or real(opt, *a, **k))
    return calls


def test_a_file_is_made_once_per_view_and_served_again_from_the_cache(monkeypatch):
    config = parse({"opt": "sgd,adam", "steps": "300"})[0]
    calls = counting_runs(monkeypatch)
    first = downloads.csv(config)
    assert calls == ["sgd", "adam"]  # one path per optimizer
    assert all(downloads.csv(config) == first for _ in range(40))
    assert calls == ["sgd", "adam"]  # 40 more requests: no run at all
    other = parse({"opt": "sgd,adam", "steps": "301"})[0]
    assert downloads.csv(other) != first and calls[2:] == ["sgd", "adam"]  # another view, another file


def test_the_csv_holds_every_step_of_the_core_run():
    config = parse({"f": "himmelblau", "opt": "adam", "adam.alpha": "0.05", "steps": "200"})[0]
    rows = downloads.csv(config).decode().splitlines()
    ls = landscapes.get("himmelblau")
    traj = optimizers.run(optimizers.get("adam", alpha=0.05), ls, config.start, 200)
    assert rows[0] == "optimizer,step,x,y,f" and len(rows) == 1 + 201
    name, step, x, y, f = rows[-1].split(",")
    assert (name, int(step)) == ("adam", 200)
    assert [float(x), float(y), float(f)] == [*traj.points[-1].tolist(), float(traj.values[-1])]  # exactly


def test_the_gif_is_made_once_per_view(monkeypatch):
    config = parse({"preset": "pr4"})[0]
    drawn = []
    real = downloads._drawn
    monkeypatch.setattr(downloads, "_drawn", lambda *a: drawn.append(1) or real(*a))
    first = downloads.gif(config)
    assert Image.open(io.BytesIO(first)).n_frames > 10
    assert all(downloads.gif(config) == first for _ in range(10)) and len(drawn) == 1


@pytest.mark.parametrize("query", HEAVY.values(), ids=HEAVY.keys())
def test_a_download_costs_no_more_than_the_view_it_belongs_to(query):
    config, _ = budget.fit(parse(query)[0])
    assert budget.download_cost(config) <= budget.cost(config) <= budget.BUDGET


def test_a_download_stops_when_its_tab_closes(monkeypatch):
    class Context:
        session_id = "a tab that closes"

    monkeypatch.setattr(turns, "get_script_run_ctx", lambda **_: Context())
    on_click = turns.for_this_tab(lambda: downloads.csv(parse({"opt": "adam", "steps": "5000"})[0]))
    monkeypatch.setattr(turns, "get_script_run_ctx", lambda **_: None)  # the click runs in a worker thread
    checked = []
    monkeypatch.setattr(turns, "_is_open", lambda session: checked.append(session) or False)
    with pytest.raises(turns.TabClosedError):
        on_click()
    assert checked == ["a tab that closes"]  # stopped at its first look, 64 steps into 5000


def test_a_download_for_an_open_tab_goes_on(monkeypatch):
    class Context:
        session_id = "an open tab"

    monkeypatch.setattr(turns, "get_script_run_ctx", lambda **_: Context())
    on_click = turns.for_this_tab(lambda: downloads.csv(parse({"opt": "adam", "steps": "300"})[0]))
    monkeypatch.setattr(turns, "get_script_run_ctx", lambda **_: None)
    monkeypatch.setattr(turns, "_is_open", lambda session: session == "an open tab")
    assert on_click().decode().count("\n") == 302


# ---- over the protocol: a scripted client asking for the same files again and again ----


async def _downloads(url: str) -> dict:
    async with Student(url) as s:
        await s.open("opt=sgd,adam&adam.alpha=0.1&steps=300")
        await s.set("downloads", bool_value=True)  # the section opened
        ids = s.download_ids()
        out = {"csv": [await s.download(ids["download_csv"]) for _ in range(40)]}
        out["gif"] = [await s.download(ids["download_gif"]) for _ in range(5)]
    return out


@pytest.fixture(scope="module")
def asked() -> dict:
    with streamlit_server() as url:
        out = asyncio.run(_downloads(url))
        out["csv_text"] = urllib.request.urlopen(f"{url}{out['csv'][-1]}").read().decode()
        out["gif_bytes"] = urllib.request.urlopen(f"{url}{out['gif'][-1]}").read()
        return out


def test_forty_requests_of_the_csv_get_the_same_file(asked):
    assert len(set(asked["csv"])) == 1  # one file, stored once by its content
    rosenbrock = landscapes.get("rosenbrock")
    traj = optimizers.run(optimizers.get("adam", alpha=0.1), rosenbrock, rosenbrock.start, 300)
    last = asked["csv_text"].splitlines()[-1].split(",")
    assert last[:2] == ["adam", "300"]
    np.testing.assert_array_equal([float(v) for v in last[2:4]], traj.points[-1])


def test_repeated_requests_of_the_gif_get_the_same_animation(asked):
    assert len(set(asked["gif"])) == 1
    assert Image.open(io.BytesIO(asked["gif_bytes"])).n_frames > 10
