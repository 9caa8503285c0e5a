"""The class session's rules, the same over both stores: in this process and in Redis."""

from __future__ import annotations

import threading
import time
from contextlib import closing

import pytest

from classroom.classes import Classes
from classroom.model import ALPHABET, CODE_LENGTH, MAX_MEMBERS, ClassError, Question, read_code
from classroom.store import MemoryStore
from tests.redis_server import redis_server

CHOICE = Question("first", "choice", ("sgd", "adam", "none"))
TAP = Question("end", "tap", bounds=(-2.0, 2.0, -1.0, 3.0))


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        yield MemoryStore()
        return
    from classroom.redis_store import RedisStore

    with closing(RedisStore(request.getfixturevalue("redis_url"))) as store:
        yield store


@pytest.fixture
def classes(store):
    return Classes(store)


def test_a_code_is_short_and_has_no_look_alikes():
    assert not set("01OIL") & set(ALPHABET)
    assert read_code(" abc234 ".replace("1", "2")) == "ABC234"
    for hostile in ("", "ABC", "ABCDEF1", "<script>", "A" * 10_000, None, 123, ["ABCDEF"], "ABCDE\u0000"):
        with pytest.raises(ClassError):
            read_code(hostile)


def test_the_store_keeps_the_secret_only_as_its_hmac(classes):
    code, secret = classes.start()
    assert len(code) == CODE_LENGTH
    stored = classes.store.snapshot(code)
    assert secret not in stored.secret_hash and stored.secret_hash
    classes.lead(code, secret)
    one_changed = secret[:-1] + ("y" if secret.endswith("x") else "x")
    for forged in ("", one_changed, stored.secret_hash, None, 42):
        with pytest.raises(ClassError, match="only the lecturer"):
            classes.lead(code, forged)


def test_follow_step_out_and_come_back_count_who_follows(classes):
    code, _ = classes.start()
    tokens = [classes.join(code) for _ in range(3)]
    assert classes.public(code)["following"] == 3
    classes.follow(code, tokens[0], on=False)
    assert (classes.public(code)["members"], classes.public(code)["following"]) == (3, 2)
    classes.follow(code, tokens[0], on=True)
    assert classes.public(code)["following"] == 3


def test_publishing_the_same_view_twice_moves_nothing(classes):
    code, secret = classes.start()
    first = classes.publish(code, secret, "f=rosenbrock&opt=adam", None)
    assert classes.publish(code, secret, "f=rosenbrock&opt=adam", None) == first
    assert classes.publish(code, secret, "f=himmelblau&opt=adam", None) == first + 1
    assert classes.public(code)["query"] == "f=himmelblau&opt=adam"


def test_one_answer_per_member_changeable_until_reveal(classes):
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    a, b = classes.join(code), classes.join(code)
    classes.answer(code, a, "sgd")
    classes.answer(code, a, "adam")  # changed: still one answer
    classes.answer(code, b, "adam")
    assert classes.public(code)["answered"] == 2
    assert "hall" not in classes.public(code)  # nobody reads the answers before Reveal
    with pytest.raises(ClassError):
        classes.hall(code)
    assert classes.hall(code, secret)["1"]["counts"] == {"sgd": 0, "adam": 2, "none": 0}
    classes.reveal(code, secret)
    with pytest.raises(ClassError, match="revealed"):
        classes.answer(code, b, "sgd")
    assert classes.public(code)["hall"]["1"]["counts"]["adam"] == 2


def test_a_second_round_keeps_the_first_beside_it(classes):
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    a = classes.join(code)
    classes.answer(code, a, "sgd")
    classes.reveal(code, secret, revealed=False)
    classes.vote_again(code, secret)
    assert classes.public(code)["answered"] == 0
    classes.answer(code, a, "none")
    hall = classes.hall(code, secret)
    assert (hall["1"]["counts"]["sgd"], hall["2"]["counts"]["none"]) == (1, 1)


def test_a_new_question_starts_its_answers_afresh(classes):
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    classes.answer(code, classes.join(code), "sgd")
    classes.publish(code, secret, "quiz=1&f=x", TAP)
    assert classes.public(code)["answered"] == 0
    classes.answer(code, classes.join(code), [0.5, 2.5])
    assert classes.hall(code, secret)["1"] == {"points": [[0.5, 2.5]]}


def test_a_view_without_a_question_keeps_the_last_questions_answers(classes):
    # the lecturer shows another view (no question there) and comes back: both rounds' answers still stand
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    a, b = classes.join(code), classes.join(code)
    classes.answer(code, a, "sgd")
    classes.reveal(code, secret)
    classes.vote_again(code, secret)
    classes.answer(code, b, "adam")
    classes.publish(code, secret, "quiz=1&view=memory", None)
    classes.publish(code, secret, "quiz=1", CHOICE)
    hall = classes.hall(code, secret)
    assert (hall["1"]["counts"]["sgd"], hall["2"]["counts"]["adam"]) == (1, 1)
    assert (classes.public(code)["round"], classes.public(code)["answered"]) == (2, 1)
    classes.publish(code, secret, "quiz=1&f=x", TAP)  # another question: afresh
    assert classes.public(code)["round"] == 1 and classes.hall(code, secret)["1"] == {"points": []}


@pytest.mark.parametrize(
    "answer", ["SGD", "", "x" * 10_000, None, 3, [0.0], [0.0, 9.0], [float("nan"), 0.0], [True, 0.0], {"a": 1}]
)
def test_a_malformed_answer_is_refused(classes, answer):
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE if isinstance(answer, str) else TAP)
    with pytest.raises(ClassError, match=r"choose|tap"):
        classes.answer(code, classes.join(code), answer)


def test_a_member_cannot_answer_for_another_or_forge_a_token(classes):
    code, secret = classes.start()
    other_code, _ = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    token = classes.join(code)
    member, signature = token.split(".")
    other_member = member[:-1] + ("1" if member.endswith("0") else "0")  # one hex digit changed
    for forged in (f"{other_member}.{signature}", f"{member}.{'0' * 32}", "x", "", None, classes.join(other_code)):
        with pytest.raises(ClassError, match="not valid"):
            classes.answer(code, forged, "sgd")


def test_only_the_lecturer_reveals_publishes_or_ends(classes):
    code, secret = classes.start()
    token = classes.join(code)
    for act in (
        lambda s: classes.reveal(code, s),
        lambda s: classes.publish(code, s, "f=x", None),
        lambda s: classes.end(code, s),
        lambda s: classes.hall(code, s),
    ):
        with pytest.raises(ClassError, match="only the lecturer"):
            act(token)
    classes.end(code, secret)
    with pytest.raises(ClassError, match="no class"):
        classes.public(code)


def test_a_session_holds_at_most_its_bound_of_members(classes):
    code, _ = classes.start()
    for _ in range(MAX_MEMBERS):
        classes.join(code)
    with pytest.raises(ClassError, match="full"):
        classes.join(code)


def test_sessions_in_all_are_bounded_and_expire(store):
    from classroom.model import new_code

    bounded = MemoryStore(ttl=0.2, max_sessions=2)
    if not isinstance(store, MemoryStore):
        from classroom.redis_store import RedisStore

        bounded = RedisStore(store._redis.connection_pool.connection_kwargs and _url(store), ttl=1, max_sessions=2)
        bounded._redis.flushdb()
    assert bounded.create(new_code(), "h") and bounded.create(new_code(), "h")
    assert not bounded.create(new_code(), "h")

    time.sleep(1.2)
    assert bounded.create(new_code(), "h")  # the old ones expired


def _url(store) -> str:
    kwargs = store._redis.connection_pool.connection_kwargs
    return f"redis://{kwargs['host']}:{kwargs['port']}/1"


def test_200_answers_at_once_are_all_counted(classes):
    code, secret = classes.start()
    classes.publish(code, secret, "quiz=1", CHOICE)
    tokens = [classes.join(code) for _ in range(200)]
    threads = [threading.Thread(target=classes.answer, args=(code, t, "adam")) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert classes.public(code)["answered"] == 200
    assert classes.hall(code, secret)["1"]["counts"]["adam"] == 200


def test_changes_are_told_to_listeners(classes):
    heard: list[tuple[str, str]] = []
    event = threading.Event()

    def listener(code: str, kind: str) -> None:
        heard.append((code, kind))
        event.set()

    classes.store.subscribe(listener)
    code, secret = classes.start()
    classes.publish(code, secret, "f=x", None)
    assert event.wait(5)
    assert (code, "version") in heard


class Counting:
    """A store that counts the snapshots read from it (a Redis round trip each, in RedisStore)."""

    def __init__(self, store) -> None:
        self.store, self.reads, self.after_read = store, 0, None

    def snapshot(self, code):
        self.reads += 1
        found = self.store.snapshot(code)
        if self.after_read is not None:
            self.after_read()
        return found

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_one_change_is_read_from_the_store_once_however_many_pages_ask(store):
    counting = Counting(store)
    classes = Classes(counting)
    code, secret = classes.start()
    told = threading.Event()
    store.subscribe(lambda _code, _kind: told.set())
    classes.publish(code, secret, "f=rosenbrock&view=paths", None)
    assert told.wait(5)  # Redis tells this process of its own change a little later: then it is read anew
    counting.reads = 0
    states = [classes.public(code) for _ in range(200)]
    assert counting.reads == 1 and {s["query"] for s in states} == {"f=rosenbrock&view=paths"}
    classes.publish(code, secret, "f=rosenbrock&view=memory", None)  # this process's own change: read at once
    assert classes.public(code)["query"] == "f=rosenbrock&view=memory" and counting.reads == 3  # and publish's lead


def test_a_read_that_a_change_overtook_is_not_kept():
    store = MemoryStore()
    counting = Counting(store)
    classes = Classes(counting)
    code, secret = classes.start()
    other = Classes(store)  # another thread's change, told while this read is under way
    counting.after_read = lambda: other.publish(code, secret, "f=himmelblau", None) if counting.reads == 1 else None
    counting.reads = 0
    assert classes.public(code)["query"] == ""  # as read before the change
    assert classes.public(code)["query"] == "f=himmelblau" and counting.reads == 2


def test_another_replicas_change_is_read_once_redis_tells_of_it(redis_url):
    from classroom.redis_store import RedisStore

    with closing(RedisStore(redis_url)) as here, closing(RedisStore(redis_url)) as there:
        lecturer, follower = Classes(here), Classes(there)
        code, secret = lecturer.start()
        assert follower.public(code)["query"] == ""
        lecturer.publish(code, secret, "f=booth", None)
        assert _eventually(lambda: follower.public(code)["query"] == "f=booth")


class Deaf:
    """A store whose notifications never reach this process: a replica not yet told of a change."""

    def __init__(self, store) -> None:
        self.store = store

    def subscribe(self, listener) -> None:
        pass

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_a_page_told_of_a_newer_version_reads_it_before_the_store_tells_this_replica():
    """A follower's long poll may be answered by another replica, whose store told it of the change first:
    its run here asks for at least that version, and gets it, not the state this replica kept."""
    store = MemoryStore()
    here, there = Classes(Deaf(store)), Classes(store)
    code, secret = there.start()
    assert here.public(code)["query"] == ""
    version = there.publish(code, secret, "f=booth", None)
    assert here.public(code)["query"] == ""  # kept: nothing told this replica of the change
    assert here.public(code, at_least=version)["query"] == "f=booth"


def _eventually(check, seconds: float = 0.5) -> bool:
    """``check()`` within ``seconds``: under ``classes.FRESH``, so by being told, not by the state's age."""
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True
