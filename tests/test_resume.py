"""A class over a reload (ui/resume.py), over Streamlit's own protocol: a lecturer's page reloaded mid-class
leads the class again, and a student who opens the join link again keeps their place. The cookies the pages
keep (``ui/js/hall.js``) are sent with the new page's WebSocket, as a browser sends them; a real browser writes
and sends them in tests/test_class_browser.py."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs

import pytest

from tests.protocol import Student, class_code, draws_button, pills

LINK = "preset=one_lr&quiz=1"


def cookie_of(lecturer: Student) -> str:
    """The Cookie header a browser sends once the lecturer's page has kept its class."""
    keep = lecturer.component("class.count")["keep"]
    return f"{keep['name']}={keep['value']}"


def leads(page: Student) -> bool:
    """Whether the page draws a lecturer's counts (which only a page holding the secret draws)."""
    try:
        return page.component("class.count")["keep"] is not None
    except KeyError:
        return False


def test_a_reloaded_lecturers_page_offers_its_class_and_leads_it_as_it_was(lecturer_and_server):
    """Revealed before the reload: the page that leads again shows the paths and the answers, publishes no
    change (the followers' pages make no run), and drives the class (vote again). A follower's
    page is never sent the secret."""
    classes, server = lecturer_and_server

    async def reload_mid_class() -> dict:
        async with Student(server) as lecturer, Student(server) as student:
            await lecturer.open(f"{LINK}&class=new")
            code = class_code(lecturer)
            await student.open(f"class={code}")
            await student.set("quiz.choice", strings=[pills(student, "quiz.choice")[0]])
            await lecturer.set("quiz.reveal", trigger_value=True)
            before = classes.public(code)
            async with Student(server, cookie=cookie_of(lecturer)) as again:
                offered = await again.open(lecturer.query)  # the lecturer's page's own link, reloaded
                seen = {
                    "offered": draws_button(again, offered, "class.resume"),
                    "the code said": any(code in text for text in again.texts()),
                    "leads unasked": leads(again),
                }
                resumed = await again.set("class.resume", trigger_value=True)
                after = classes.public(code)
                seen |= {
                    "exceptions": offered.exceptions + resumed.exceptions,
                    "leads": leads(again),
                    "paths drawn": again.draws_paths(),
                    "nothing published": after["version"] == before["version"] and after["revealed"],
                }
                await again.set("class.again", trigger_value=True)
                seen["drives"] = (classes.public(code)["round"], classes.public(code)["revealed"]) == (2, False)
            secret = cookie_of(lecturer).split(".", 1)[1]
            seen["a follower has the secret"] = secret in json.dumps(student.component("class.follower"))
        return seen

    assert asyncio.run(reload_mid_class()) == {
        "offered": True,
        "the code said": True,
        "leads unasked": False,
        "exceptions": [],
        "leads": True,
        "paths drawn": True,
        "nothing published": True,
        "drives": True,
        "a follower has the secret": False,
    }


@pytest.mark.parametrize("kept", ["forged", "ended", "malformed"])
def test_a_forged_or_ended_class_in_the_cookie_offers_nothing(lecturer_and_server, kept):
    classes, server = lecturer_and_server
    code, secret = classes.start()
    cookies = {
        "forged": f"lab_class={code}.{'x' * len(secret)}",
        "ended": f"lab_class={code}.{secret}",
        "malformed": 'lab_class="<script>.1"; other=1',
    }
    if kept == "ended":
        classes.end(code, secret)

    async def reload() -> tuple[bool, list, bool]:
        async with Student(server, cookie=cookies[kept]) as page:
            run = await page.open(LINK)
            return draws_button(page, run, "class.resume"), run.exceptions, leads(page)

    assert asyncio.run(reload()) == (False, [], False)
    if kept != "ended":
        classes.end(code, secret)


def test_a_student_who_opens_the_join_link_again_keeps_their_place(lecturer_and_server):
    """The join link opened again in the same browser (the tab closed, the QR code scanned again) is the same
    member, with the same one answer; the same cookie for another class, or a forged place, is a new member."""
    classes, server = lecturer_and_server
    code, secret = classes.start()
    other, other_secret = classes.start()
    classes.publish(code, secret, "preset=one_lr&quiz=1", None)

    async def join_twice() -> tuple[list[str], int, int]:
        async with Student(server) as first:
            await first.open(f"class={code}")
            keep = first.component("class.follower")["keep"]
        cookie = f"{keep['name']}={keep['value']}"
        forged = f"{keep['name']}={code}.{'0' * 16}.{'0' * 32}"
        places = []
        for kept, joined in ((cookie, code), (cookie, other), (forged, code)):
            async with Student(server, cookie=kept) as again:
                run = await again.open(f"class={joined}")
                assert not run.exceptions, run.exceptions
                places.append(parse_qs(again.query)["member"][0])
        counted = classes.public(code)["members"], classes.public(other)["members"]
        return [keep["value"].split(".", 1)[1], *places], *counted

    (first, same, elsewhere, forged), members, others = asyncio.run(join_twice())
    assert (same, members, others) == (first, 2, 1)  # the forged place joined as a second member
    assert forged not in (first, elsewhere) and elsewhere != first
    classes.end(code, secret)
    classes.end(other, other_secret)
