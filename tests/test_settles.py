"""The stage's settled values told over HTTP (ui/settles.py): kept for the session's next run, taken once,
checked there like the component's; hostile or unknown posts refused with a clear message; and the page
offers the route only where nothing else on it shows more of a staged value than the stage redraws."""

from __future__ import annotations

import json

import numpy as np
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

import landscapes
import optimizers
from classroom.http import MAX_BODY
from tests.apphelpers import open_app, paths_in_plot, query, stage_move
from ui import settles
from ui.settles import PATH, Settles


@pytest.fixture
def store():
    return Settles(most=3)


@pytest.fixture
def client(store):
    with TestClient(Starlette(routes=settles.routes(store))) as client:
        yield client


def test_a_posted_gesture_waits_for_its_sessions_next_run_and_is_taken_once(store, client):
    token = store.token_for(None)
    answer = client.post(PATH, json={"token": token, "seq": "7-1", "values": {"adam.alpha": 0.05}})
    assert (answer.status_code, answer.json()) == (200, {"ok": True})
    client.post(PATH, json={"token": token, "seq": "7-2", "values": {"adam.alpha": 0.07}})  # the latest wins
    assert store.take(token) == ("7-2", {"adam.alpha": 0.07})
    assert store.take(token) is None


def test_gestures_on_two_sliders_between_two_runs_are_both_taken(store, client):
    token = store.token_for(None)
    client.post(PATH, json={"token": token, "seq": "7-1", "values": {"adam.rho1": 0.5}})
    client.post(PATH, json={"token": token, "seq": "7-2", "values": {"adam.alpha": 0.07}})
    assert store.take(token) == ("7-2", {"adam.rho1": 0.5, "adam.alpha": 0.07})


def test_a_scripted_clients_ever_new_keys_stay_bounded(store, client):
    token = store.token_for(None)
    for k in range(3):
        values = {f"k{k}.{i}": 1.0 for i in range(settles.MAX_VALUES)}
        assert client.post(PATH, json={"token": token, "seq": str(k), "values": values}).status_code == 200
    assert store.take(token)[1] == {f"k2.{i}": 1.0 for i in range(settles.MAX_VALUES)}


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"token": "made-up", "seq": "1", "values": {"adam.alpha": 0.05}}, 404, "unknown"),
        ({"token": None, "seq": "1", "values": {"adam.alpha": 0.05}}, 400, "bad_request"),
        ({"seq": "1", "values": {}}, 400, "bad_request"),
        ({"seq": "1", "values": {"adam.alpha": "0.05"}}, 400, "bad_request"),
        ({"seq": "1", "values": {"adam.alpha": True}}, 400, "bad_request"),
        ({"seq": "x" * 65, "values": {"adam.alpha": 0.05}}, 400, "bad_request"),
        ({"seq": "1", "values": {f"k{i}": 0.1 for i in range(33)}}, 400, "bad_request"),
        ({"seq": "1", "values": {"adam.alpha": 0.05}, "pad": "x" * 3000}, 413, "too_large"),
    ],
)
def test_hostile_posts_are_refused_with_a_message(store, client, body, status, error):
    token = store.token_for(None)
    if "token" not in body:
        body = {"token": token, **body}
    answer = client.post(PATH, content=json.dumps(body))
    assert answer.status_code == status and answer.json()["error"] == error and answer.json()["message"]
    assert store.take(token) is None


@pytest.mark.parametrize("body", [b"{", b"[1, 2]", b"\xff\xfe", b"[" * 100_000])
def test_a_body_that_is_not_a_json_object_is_refused(store, client, body):
    answer = client.post(PATH, content=body[:MAX_BODY])
    assert answer.status_code == 400 and answer.json()["error"] == "bad_request"


def test_infinite_values_are_refused(store, client):
    token = store.token_for(None)
    answer = client.post(PATH, content=f'{{"token": "{token}", "seq": "1", "values": {{"adam.alpha": Infinity}}}}')
    assert answer.status_code == 400


def test_the_oldest_sessions_token_is_forgotten_and_its_post_refused(store, client):
    first = store.token_for(None)
    for _ in range(3):
        store.token_for(None)
    answer = client.post(PATH, json={"token": first, "seq": "1", "values": {"adam.alpha": 0.05}})
    assert answer.status_code == 404  # the page then tells its values by a run
    assert store.token_for(first) == first  # its next run knows it again


def stage_data(at) -> dict:
    (data,) = [
        json.loads(element.proto.bytes) for element in at.get("bidi_component") if element.proto.id.endswith("stage")
    ]
    return data


def adams_path(alpha: float) -> np.ndarray:
    traj = optimizers.run(optimizers.get("adam", alpha=alpha), landscapes.get("rosenbrock"), (-1.5, 2.5), 300)
    return traj.points


def test_the_next_run_draws_the_value_the_page_posted():
    at = open_app({"opt": "sgd,adam", "steps": "300"})
    post = stage_data(at)["post"]
    assert post["url"] == PATH.lstrip("/") and at.session_state["_stage_token"] == post["token"]
    assert settles.SHARED.keep(post["token"], "9-1", {"adam.alpha": 0.05})
    at.run()  # the session's next run, whatever caused it
    assert not at.exception
    assert at.session_state["adam.alpha"] == 0.05 and query(at)["adam.alpha"] == "0.05"
    assert stage_data(at)["seq"] == "9-1"  # the page and the server agree on the gesture
    drawn = paths_in_plot(at)["Adam"]
    core = adams_path(0.05)
    assert np.allclose(drawn[-1], core[-1], atol=1e-6)
    at.run()
    assert at.session_state["adam.alpha"] == 0.05  # taken once; nothing else changed it


def test_posted_values_are_checked_like_the_components():
    at = open_app({"opt": "sgd,adam", "steps": "300"})
    token = stage_data(at)["post"]["token"]
    before = at.session_state["adam.alpha"]
    settles.SHARED.keep(token, "9-2", {"adam.alpha": 1e9, "lion.alpha": 0.1, "adam.amsgrad": 1.0, "x": 0.2})
    at.run()
    assert not at.exception and at.session_state["adam.alpha"] == before
    assert "lion.alpha" not in at.session_state


def test_a_later_component_gesture_wins_over_an_earlier_post():
    at = open_app({"opt": "sgd,adam", "steps": "300"})
    settles.SHARED.keep(stage_data(at)["post"]["token"], "9-3", {"adam.alpha": 0.05})
    stage_move(at, **{"adam.alpha": 0.07})
    assert at.session_state["adam.alpha"] == 0.07
    at.run()  # the component's state stays set: it is not taken again over a newer post
    settles.SHARED.keep(stage_data(at)["post"]["token"], "9-4", {"adam.alpha": 0.02})
    at.run()
    assert at.session_state["adam.alpha"] == 0.02


@pytest.mark.parametrize(
    "link",
    [
        {"opt": "adam", "curv": "1"},  # the curvature charts follow α
        {"opt": "adam", "quiz": "1"},  # the verdict and, before Reveal, everything are the server's
        {"opt": "adam", "noise": "1"},  # a noisy run's trend is the server's to draw
        {"opt": "adam", "adam.sched": "cosine"},  # α_t's chart
        {"preset": "adam_parts"},  # a scenario's own chart of Adam's first steps
    ],
)
def test_a_page_that_shows_more_of_alpha_than_the_stage_draws_is_told_by_a_run(link):
    at = open_app(link)
    assert not at.exception
    assert stage_data(at)["post"] is None
