"""Simulated students over the class's HTTP routes (Starlette's TestClient): join, follow, step out, come
back, answer, change an answer, Reveal, and every hostile request refused with a clear JSON message."""

from __future__ import annotations

import threading
import time

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from classroom.classes import Classes
from classroom.http import PREFIX, routes
from classroom.model import Question
from classroom.store import MemoryStore

CHOICE = Question("first", "choice", ("sgd", "adam", "none"))


@pytest.fixture
def classes():
    return Classes(MemoryStore())


@pytest.fixture
def client(classes):
    with TestClient(Starlette(routes=routes(classes, wait=2.0))) as client:
        yield client


def test_a_student_joins_follows_steps_out_and_comes_back(classes, client):
    code, secret = classes.start()
    classes.publish(code, secret, "f=rosenbrock&opt=adam", None)
    token = client.post(f"{PREFIX}/{code.lower()}/join").json()["token"]  # typed in lower case
    state = client.get(f"{PREFIX}/{code}/wait", params={"since": 0}).json()
    assert (state["query"], state["following"], state["members"]) == ("f=rosenbrock&opt=adam", 1, 1)
    assert client.post(f"{PREFIX}/{code}/follow", json={"token": token, "follow": False}).json() == {"ok": True}
    assert classes.public(code)["following"] == 0
    client.post(f"{PREFIX}/{code}/follow", json={"token": token, "follow": True})
    assert classes.public(code)["following"] == 1


def test_a_waiting_student_hears_the_lecturers_change_at_once(classes, client):
    code, secret = classes.start()
    version = classes.publish(code, secret, "f=rosenbrock", None)
    threading.Timer(0.3, classes.publish, args=(code, secret, "f=himmelblau", None)).start()
    started = time.monotonic()
    state = client.get(f"{PREFIX}/{code}/wait", params={"since": version}).json()
    assert state["query"] == "f=himmelblau" and state["version"] == version + 1
    assert time.monotonic() - started < 1.5  # woken by the change, not by the 2 s timeout


def test_an_answer_wakes_the_lecturers_count_but_not_the_students(classes, client):
    code, secret = classes.start()
    version = classes.publish(code, secret, "quiz=1", CHOICE)
    token = client.post(f"{PREFIX}/{code}/join").json()["token"]
    tally = classes.public(code)["tally"]
    threading.Timer(0.3, classes.answer, args=(code, token, "adam")).start()
    lecturer = client.get(f"{PREFIX}/{code}/wait", params={"since": version, "tally": tally}).json()
    assert lecturer["answered"] == 1
    started = time.monotonic()
    student = client.get(f"{PREFIX}/{code}/wait", params={"since": version}).json()
    assert time.monotonic() - started >= 1.9 and student["version"] == version  # slept through it


def test_answer_change_reveal_and_the_hall(classes, client):
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    a, b = (client.post(f"{PREFIX}/{code}/join").json()["token"] for _ in range(2))
    for token, choice in ((a, "sgd"), (a, "adam"), (b, "none")):
        assert client.post(f"{PREFIX}/{code}/answer", json={"token": token, "answer": choice}).status_code == 200
    state = client.get(f"{PREFIX}/{code}/wait", params={"since": 99}).json()
    assert state["answered"] == 2 and "hall" not in state
    classes.reveal(code, secret)
    state = client.get(f"{PREFIX}/{code}/wait", params={"since": 99}).json()
    assert state["hall"]["1"]["counts"] == {"sgd": 0, "adam": 1, "none": 1}
    late = client.post(f"{PREFIX}/{code}/answer", json={"token": b, "answer": "sgd"})
    assert (late.status_code, late.json()["error"]) == (409, "revealed")


@pytest.mark.parametrize(
    ("path", "status", "error"),
    [
        ("/ABC/wait", 400, "bad_code"),
        ("/%3Cscript%3E/wait", 400, "bad_code"),
        (f"/{'A' * 5000}/wait", 400, "bad_code"),
        ("/ZZZZZZ/wait", 404, "no_class"),
        ("/{code}/wait?since=-1", 400, "bad_request"),
        ("/{code}/wait?since=1e999", 400, "bad_request"),
        ("/{code}/wait?since=99999999999999999999", 400, "bad_request"),
    ],
)
def test_hostile_codes_and_numbers_get_a_clear_message(classes, client, path, status, error):
    code, _ = classes.start()
    answer = client.get(PREFIX + path.format(code=code))
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert answer.json()["message"]


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[1]", b"{" * 100_000, b'{"token": "' + b"x" * 5000 + b'"}', b'{"token": 1, "answer": "adam"}'],
)
def test_hostile_answers_are_refused(classes, client, body):
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    answer = client.post(f"{PREFIX}/{code}/answer", content=body)
    assert 400 <= answer.status_code < 500 and answer.json()["message"]
    assert classes.public(code)["answered"] == 0


def test_a_student_cannot_vote_for_another_or_twice(classes, client):
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    token = client.post(f"{PREFIX}/{code}/join").json()["token"]
    member, signature = token.split(".")
    forged = f"{'0' * len(member)}.{signature}"
    assert client.post(f"{PREFIX}/{code}/answer", json={"token": forged, "answer": "sgd"}).status_code == 403
    for _ in range(5):
        client.post(f"{PREFIX}/{code}/answer", json={"token": token, "answer": "sgd"})
    assert classes.hall(code, secret)["1"]["counts"]["sgd"] == 1


def test_no_route_drives_the_session():
    # the lecturer leads from the page's own script, with the secret in its session: there is no
    # HTTP route that publishes, reveals or ends, so no request can, with or without a forged secret
    paths = {route.path.rsplit("/", 1)[1] for route in routes(Classes(MemoryStore()))}
    assert paths == {"wait", "join", "follow", "answer"}
