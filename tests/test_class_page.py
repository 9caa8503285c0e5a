"""The page's side of a class in AppTest: who holds the secret, what a student's page shows."""

from __future__ import annotations

import re
from pathlib import Path

from classroom.classes import shared
from tests.apphelpers import open_app, whole_page
from ui import hall, refusals, resume
from ui.i18n import tr


def texts(at) -> str:
    """Every text of the page's elements (markdown, code, captions, labels)."""
    return " ".join(repr(getattr(element, "proto", element)) for element in at.main) + repr(at.sidebar)


def test_the_start_button_keeps_the_secret_in_the_lecturers_session_only():
    at = whole_page(open_app())
    at.button(key="class.start").click().run()
    code, secret = at.session_state[hall.CODE], at.session_state[hall.SECRET]
    shared().lead(code, secret)  # the session's own lecturer
    # on the page only as the cookie the lecturer's browser keeps for a reload (ui/resume.py), never shown
    assert code in texts(at) and secret not in texts(at).replace(resume.kept(resume.COOKIE, code, secret)["value"], "")
    assert secret not in str(at.query_params) and hall.CLASS not in at.query_params


def test_a_student_follows_the_lecturers_view_but_keeps_their_language():
    code, secret = shared().start()
    shared().publish(code, secret, "f=himmelblau&opt=adam&view=paths&lang=en&present=1", None)
    at = open_app({"class": code, "lang": "uk"})
    assert (at.session_state["f"], at.session_state["lang"]) == ("himmelblau", "uk")
    assert not at.session_state["present"]  # a phone keeps its own layout
    assert secret not in texts(at) and hall.SECRET not in at.session_state
    assert shared().public(code)["following"] == 1
    at.button(key="class.explore").click().run()
    assert shared().public(code)["following"] == 0
    at.button(key="class.follow").click().run()
    assert shared().public(code)["following"] == 1


def test_a_hostile_class_code_is_told_and_the_page_still_works():
    at = open_app({"class": "<script>alert(1)</script>"})
    assert any("class code" in w.value for w in at.warning)
    assert not at.exception
    in_ukrainian = open_app({"class": "ZZZZZZ", "lang": "uk"})  # a well-formed code of no class
    assert [w.value for w in in_ukrainian.warning] == [
        tr("class_error", "uk", message=tr("class_refused_no_class", "uk"))
    ]


def test_a_student_answers_once_and_only_the_lecturer_reveals():
    code, secret = shared().start()
    lecturer = open_app({"preset": "one_lr", "quiz": "1"})
    lecturer.session_state[hall.CODE], lecturer.session_state[hall.SECRET] = code, secret
    lecturer.run()  # publishes the view and its question
    student = open_app({"class": code})
    options = shared().public(code)["question"]["choices"]
    student.session_state["quiz.choice"] = options[0]
    student.run()
    student.session_state["quiz.choice"] = options[1]  # changed their mind: still one answer
    student.run()
    assert shared().hall(code, secret)["1"]["counts"][options[1]] == 1
    assert shared().public(code)["answered"] == 1
    # no Reveal of their own to peek with, nor "ask again" to change their answer after it
    assert {"quiz.reveal", "quiz.again"}.isdisjoint(button.key for button in student.button)
    assert any(tr("quiz_lecturer_reveals", "en") in caption.value for caption in student.caption)
    assert tr("class_following_asked", "en", code=code) in [caption.value for caption in student.caption]
    lecturer.button(key="quiz.reveal").click().run()
    student.session_state["quiz.choice"] = options[2]
    student.run()
    assert shared().hall(code, secret)["1"]["counts"][options[2]] == 0
    assert [toast.value for toast in student.toast] == [
        tr("class_error", "en", message=tr("class_refused_revealed", "en"))
    ]


def test_a_reload_keeps_the_students_place_and_answer():
    code, secret = shared().start()
    shared().publish(code, secret, "f=himmelblau", None)
    first = open_app({"class": code})
    link = dict(first.query_params)  # the student's own page's link, as the browser now shows it
    assert link[hall.MEMBER] == first.session_state[hall.TOKEN]
    again = open_app(link)
    assert again.session_state[hall.TOKEN] == first.session_state[hall.TOKEN]
    assert shared().public(code)["members"] == 1
    forged = open_app({"class": code, hall.MEMBER: "0" * 16 + "." + "0" * 32})  # not a place: a new one
    assert forged.session_state[hall.TOKEN] != first.session_state[hall.TOKEN]
    assert shared().public(code)["members"] == 2


def test_a_follower_who_changes_a_setting_steps_out():
    code, secret = shared().start()
    shared().publish(code, secret, "f=himmelblau&opt=adam&steps=200", None)
    student = open_app({"class": code})
    student.run()  # a run that changes nothing keeps them following
    assert shared().public(code)["following"] == 1
    student.session_state["steps"] = 300
    student.run()
    assert shared().public(code)["following"] == 0
    shared().publish(code, secret, "f=rosenbrock&opt=adam&steps=200", None)
    assert student.session_state["steps"] == 300  # theirs: the lecturer's change did not undo it
    student.button(key="class.follow").click().run()
    assert (student.session_state["f"], student.session_state["steps"]) == ("rosenbrock", 200)
    assert shared().public(code)["following"] == 1


def test_a_followers_sidebar_draws_no_settings_and_exploring_starts_from_the_lecturers():
    code, secret = shared().start()
    shared().publish(code, secret, "f=himmelblau&opt=sgd,adam&steps=200&adam.rho1=0.8&sgd.sched=cosine", None)
    student = open_app({"class": code})
    assert [w.key for w in student.sidebar.selectbox] == ["lang"]  # their own language, nothing else
    assert not student.sidebar.multiselect and not student.sidebar.select_slider and not student.sidebar.slider
    student.run().run()  # runs that draw none of the widgets keep the lecturer's values (persist_state)
    assert shared().public(code)["following"] == 1
    student.button(key="class.explore_settings").click().run()
    assert shared().public(code)["following"] == 0
    sidebar = student.sidebar
    shown = {w.key: w.value for w in [*sidebar.selectbox, *sidebar.slider, *sidebar.select_slider]}
    assert (shown["f"], shown["steps"], shown["sgd.sched"]) == ("himmelblau", 200, "cosine")
    assert student.session_state["adam.rho1"] == 0.8  # on the stage
    assert student.sidebar.multiselect(key="opt").value == ["sgd", "adam"]


def test_the_lecturers_panel_follows_the_question_of_the_view_shown_at_once():
    # the panel above the view is drawn before the view publishes its question: a view that asks none
    # must not keep the last question's "show the hall's answers" for one run more
    code, secret = shared().start()
    lecturer = open_app({"preset": "one_lr", "quiz": "1"})
    lecturer.session_state[hall.CODE], lecturer.session_state[hall.SECRET] = code, secret
    lecturer.run()
    lecturer.run()
    assert shared().public(code)["question"] and "class.show_hall" in [t.key for t in lecturer.toggle]
    lecturer.session_state["view"] = "starts"  # it asks for a prediction aloud: no question for the hall
    lecturer.run()
    assert shared().public(code)["question"] is None
    assert "class.show_hall" not in [t.key for t in lecturer.toggle]
    assert not lecturer.exception


def test_every_refusal_the_page_translates_is_one_the_class_makes():
    raised = set()
    for path in (Path(__file__).resolve().parents[1] / "classroom").glob("*.py"):
        raised |= set(re.findall(r'ClassError\("(\w+)"', path.read_text()))
    assert set(refusals.REFUSALS) <= raised and {"bad_request"} == raised - set(refusals.REFUSALS) - {"bad_question"}
