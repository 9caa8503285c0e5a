"""What a following page's one run at a lecturer's change redraws, over Streamlit's own protocol: the view's
fragment alone where nothing outside the view changed (a change of view: 200 followers make it at once),
the whole page where the question, the optimizers or the question switch changed."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs

import pytest

from classroom.classes import Classes
from classroom.model import Question
from tests.protocol import Student, class_code, draws_button, pills

LINK = "f=rosenbrock&opt=sgd,adam&steps=300&view={view}"
ASKED = Question("first", "choice", ("sgd", "adam", "none"))


def shown(query: str, key: str) -> str | None:
    return parse_qs(query).get(key, [None])[0]


async def follow(classes: Classes, server, changes: list[tuple[str, Question | None]]) -> list[tuple[str, str]]:
    """A student joins; the lecturer publishes each change in turn and the student's page makes its one
    run, as ui/js/hall.js asks for it: each run's status and the view the page then shows."""
    code, secret = classes.start()
    classes.publish(code, secret, LINK.format(view="paths"), None)
    seen = []
    async with Student(server) as student:
        await student.open(f"class={code}")
        for query, question in changes:
            version = classes.publish(code, secret, query, question)
            run = await follow_change(student, version)
            seen.append((run.status, shown(student.query, "view")))
    classes.end(code, secret)
    return seen


async def follow_change(student: Student, version: int):
    """The follower's one run at the lecturer's change ``version``, as ui/js/hall.js asks for it; it fails on
    any exception of the run."""
    run = await student.trigger("class.follower", json.dumps([{"event": "update", "value": version}]))
    assert not run.exceptions, run.exceptions
    return run


def test_a_change_of_view_reruns_the_followers_view_alone_and_a_question_the_whole_page(lecturer_and_server):
    classes, server = lecturer_and_server
    seen = asyncio.run(
        follow(
            classes,
            server,
            [
                (LINK.format(view="memory"), None),  # the view only: its fragment
                (LINK.format(view="paths"), None),
                (LINK.format(view="paths") + "&quiz=1", ASKED),  # a question: the header's switch, the panel
                (LINK.format(view="paths").replace("sgd,adam", "adam"), ASKED),  # the rules under the view
                (LINK.format(view="memory").replace("sgd,adam", "adam"), ASKED),
            ],
        )
    )
    assert seen == [
        ("fragment ok", "memory"),
        ("fragment ok", "paths"),
        ("ok", "paths"),
        ("ok", "paths"),
        ("fragment ok", "memory"),
    ]


def test_reveal_reruns_the_followers_view_alone_with_the_halls_answers_and_hiding_takes_them_away(
    lecturer_and_server,
):
    """Reveal on the lecturer's side (all 200 followers make their run at once): the follower's view alone,
    which draws the paths and the hall's answers above the view switch; hiding them again the same."""
    classes, server = lecturer_and_server

    async def reveal_and_hide() -> list[tuple[str, bool, bool]]:
        code, secret = classes.start()
        asking = LINK.format(view="paths") + "&quiz=1"
        classes.publish(code, secret, asking, ASKED)
        seen = []
        async with Student(server) as student:
            await student.open(f"class={code}")
            for revealed in (True, False):
                version = classes.reveal(code, secret, revealed)
                run = await follow_change(student, version)
                hall = any(f"-{HALL_CHART}" in widget for widget in drawn_components(student, run))
                seen.append((run.status, student.draws_paths(), hall))
        classes.end(code, secret)
        return seen

    assert asyncio.run(reveal_and_hide()) == [("fragment ok", True, True), ("fragment ok", False, False)]


HALL_CHART = "class.hall_chart"


def drawn_components(student: Student, run) -> list[str]:
    """The ids of the components the run drew."""
    return [e.bidi_component.id for e in student.drawn_by(run) if e.WhichOneof("type") == "bidi_component"]


@pytest.mark.parametrize(
    "presses", [("class.again",), ("quiz.reveal", "class.again")], ids=["before-reveal", "after-reveal"]
)
def test_a_second_round_starts_with_no_answer_on_the_followers_page(lecturer_and_server, presses):
    """Vote again, from the question's box of the lecturer's page: before Reveal (vote, discuss, vote again,
    as peer instruction has it) or after it. The student's round-1 choice is neither carried over nor kept
    as sent, and their box says it is the second vote; choosing the same again is their round-2 answer.
    The lecturer's page asks, reveals and votes again over the protocol too, so the question is the one
    the page asks; its second round has no third."""
    classes, server = lecturer_and_server

    async def two_rounds() -> tuple[list[int], bool, bool, bool]:
        async with Student(server) as lecturer, Student(server) as student:
            await lecturer.open("preset=one_lr&quiz=1&class=new")
            code = class_code(lecturer)
            offered = draws_button(lecturer, await lecturer.rerun(), "class.again")
            await student.open(f"class={code}")
            first = pills(student, "quiz.choice")[0]  # the browser sends the label of the choice
            await student.set("quiz.choice", strings=[first])
            counted = [classes.public(code)["answered"]]
            for button in presses:
                await lecturer.set(button, trigger_value=True)
                version = classes.public(code)["version"]
                await follow_change(student, version)
            public = classes.public(code)
            assert (public["round"], public["revealed"]) == (2, False)
            second_vote = any(text.startswith("Vote 2:") for text in student.texts())
            counted.append(public["answered"])
            await student.rerun()  # any later run of the page sends no answer of its own
            counted.append(classes.public(code)["answered"])
            await student.set("quiz.choice", strings=[first])
            counted.append(classes.public(code)["answered"])
            third = draws_button(lecturer, await lecturer.rerun(), "class.again")
        return counted, second_vote, offered, third

    assert asyncio.run(two_rounds()) == ([1, 0, 0, 1], True, True, False)


def test_a_tap_questions_hall_is_drawn_on_the_followers_own_plot(lecturer_and_server):
    """A tap question revealed: the hall's taps lie on the follower's landscape, over the revealed paths, as
    on the projector; no chart of them on bare axes beside it."""
    classes, server = lecturer_and_server

    async def tap_and_reveal() -> tuple[list, list[str]]:
        async with Student(server) as lecturer, Student(server) as student:
            await lecturer.open("f=rosenbrock&opt=sgd,adam&steps=300&quiz=1&class=new")  # where does SGD end?
            code = class_code(lecturer)
            await student.open(f"class={code}")
            assert classes.public(code)["question"]["kind"] == "tap"
            await student.trigger("plot", json.dumps([{"event": "click", "value": {"x": 0.5, "y": 1.25, "curve": 1}}]))
            assert classes.public(code)["answered"] == 1
            await lecturer.set("quiz.reveal", trigger_value=True)
            version = classes.public(code)["version"]
            run = await follow_change(student, version)
            taps = [trace for trace in student.figure("plot")["data"] if trace.get("meta") == "cloud"]
            return [list(zip(trace["x"], trace["y"], strict=True)) for trace in taps], drawn_components(student, run)

    taps, drawn = asyncio.run(tap_and_reveal())
    assert taps == [[(0.5, 1.25)]] and not any(f"-{HALL_CHART}" in widget for widget in drawn)
