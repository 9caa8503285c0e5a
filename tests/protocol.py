"""A student without a browser: Streamlit's own WebSocket protocol, for load tests and benchmarks.

A browser and a Streamlit server talk over one WebSocket at ``/_stcore/stream``: the browser sends
``BackMsg`` protobufs (``rerun_script`` with the URL's query string and the widgets' new values), the
server answers with ``ForwardMsg`` protobufs (``new_session``, one ``delta`` per element, the new query
string in ``page_info_changed``, and ``script_finished``). ``Student`` speaks exactly that, as the
browser does, including its message cache (a large element the browser has already seen is sent as a
reference to its hash), so the bytes counted are the bytes a real browser would receive.

    async with Student(url) as s:
        run = await s.open("f=rosenbrock&adam.alpha=0.1")
        run = await s.stage({"adam.alpha": 0.07})            # α moved on the stage, as its settle sends it
        figure = s.figure("plot")                            # the main plot's spec, as a dict
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import httpx2
import numpy as np
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = {0: "ok", 1: "compile error", 2: "early for rerun", 3: "fragment ok"}


@dataclass
class Run:
    """One script run (or fragment run) as the browser saw it."""

    latency: float = 0.0  # from sending the request to script_finished
    first_chart: float | None = None  # from sending the request to the first chart delta
    bytes: int = 0  # WebSocket payload bytes received
    messages: int = 0
    status: str = ""
    exceptions: list[str] = field(default_factory=list)
    drawn: list[tuple[int, ...]] = field(default_factory=list)  # the delta path of every element sent


class Student:
    """One browser tab's session, speaking Streamlit's protocol over a WebSocket."""

    def __init__(self, base_url: str, locale: str = "en-US", timeout: float = 120.0, cookie: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.cookie = cookie  # the Cookie header of its WebSocket's handshake, as a browser sends its cookies
        self.locale = locale
        self.timeout = timeout
        self.query = ""
        self.elements: dict[tuple[int, ...], Any] = {}  # delta path -> Element proto
        self._drawn: dict[tuple[int, ...], int] = {}  # delta path -> when it was last drawn (a count)
        self._draws = itertools.count()
        self.widget_ids: dict[str, str] = {}  # widget key -> widget id
        self.fragments: dict[str, str] = {}  # widget key -> the fragment that drew it ("" if none)
        self._cache: dict[str, ForwardMsg] = {}  # the browser's message cache, by hash
        self.session_id = ""  # the server's id of this session, from its new_session message
        self._ws: Any = None
        self._http: httpx2.AsyncClient | None = None  # the tab's HTTP connection, kept as a browser keeps it

    async def __aenter__(self) -> Student:
        host = urlparse(self.base_url).netloc
        self._ws = await websockets.connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def http(self) -> httpx2.AsyncClient:
        """The tab's own HTTP client (a row's GET, a settle's POST), one kept connection as a browser's."""
        if self._http is None:
            self._http = httpx2.AsyncClient(base_url=self.base_url, timeout=self.timeout)
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def open(self, query: str = "") -> Run:
        """The first run of the page for a URL's query string, as when a link is opened."""
        self.query = query
        return await self._rerun([])

    async def rerun(self) -> Run:
        """A run of the page with nothing changed, as any other widget's change or a reload would cause."""
        return await self._rerun([])

    async def set(self, key: str, **value: Any) -> Run:
        """Change one widget (by its key) and wait for the rerun: ``set("steps", double_array_value=[300])``."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=self.widget_ids[key])
        kind, given = next(iter(value.items()))
        if kind == "strings":
            state.string_array_value.data.extend(given)
        elif kind in ("double_array_value", "int_array_value"):
            getattr(state, kind).data.extend(given)
        else:
            setattr(state, kind, given)
        return await self._rerun([state], self.fragments.get(key, ""))

    async def stage(self, values: dict[str, float]) -> Run:
        """Settle a gesture on the stage (``ui/js/stage.js``) at ``values`` (``{"adam.alpha": 0.05}``), as its
        one ``setStateValue`` does: the component's whole state as JSON, a fresh ``seq`` per gesture."""
        self._gestures = getattr(self, "_gestures", 0) + 1
        state = {"value": {"seq": f"protocol-{self._gestures}", "values": values}}
        return await self.set("stage", json_value=json.dumps(state))

    async def post_settle(self, values: dict[str, float]) -> Run:
        """Settle a gesture as ``ui/js/stage.js`` does where its page allows it (the stage's ``post``): a POST
        to the app's settle route, no script run; the server takes the values at the session's next run.
        Raises KeyError where the page offers no such route (the gesture is then a ``stage`` settle)."""
        post = self.component("stage")["post"]
        if post is None:
            raise KeyError("post")
        self._gestures = getattr(self, "_gestures", 0) + 1
        body = {"token": post["token"], "seq": f"protocol-{self._gestures}", "values": values}
        started = time.perf_counter()
        answer = await self.http.post(f"/{post['url']}", json=body)
        answer.raise_for_status()
        return Run(latency=time.perf_counter() - started, bytes=len(answer.content), status="posted")

    async def trigger(self, key: str, raw: str) -> Run:
        """Send ``raw`` as the trigger value of the component with key ``key`` and wait for the rerun, as
        its ``setTriggerValue`` does: Streamlit 1.67 carries a components-v2 event as the JSON text of a
        list, ``[{"event": "click", "value": {...}}]``, in the ``json_trigger_value`` of a widget whose id
        is the component's followed by ``__events``."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{self.widget_ids[key]}__events", json_trigger_value=raw)
        return await self._rerun([state], self.fragments.get(key, ""))

    async def _rerun(self, states: list, fragment: str = "") -> Run:
        started = await self.request(states, fragment)
        return await self.collect(started)

    async def request(self, states: list | None = None, fragment: str = "") -> float:
        """Send a rerun request (with these widget states) and return when it was sent; see ``collect``."""
        back = BackMsg()
        client = back.rerun_script
        client.query_string = self.query
        client.page_script_hash = ""
        client.fragment_id = fragment  # a widget drawn by a fragment reruns only that fragment
        client.widget_states.widgets.extend(states or [])
        client.cached_message_hashes.extend(self._cache)
        client.context_info.locale = self.locale
        client.context_info.timezone = "UTC"
        client.context_info.url = f"{self.base_url}/?{self.query}"
        await self._ws.send(back.SerializeToString())
        return time.perf_counter()

    async def send(self, back: BackMsg) -> None:
        """Send any BackMsg, as a scripted client could (``clear_cache``, a backend operation, ...)."""
        await self._ws.send(back.SerializeToString())

    async def receive(self, kind: str) -> list[ForwardMsg]:
        """The ForwardMsgs up to and including the next one of type ``kind`` (``heartbeat_ack``,
        ``backend_operation_response``, ...), each taken as a rerun's would be. The server handles one
        connection's messages in order, so a heartbeat's ack says every message sent before it was handled."""
        run, received = Run(), []
        while not received or received[-1].WhichOneof("type") != kind:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(self._ws.recv(), self.timeout))
            received.append(self._resolved(msg))
            self._take(received[-1], run, time.perf_counter())
        return received

    async def collect(self, started: float) -> Run:
        """The messages of a rerun, up to its ``script_finished`` (one finished early for a newer rerun
        is followed by that rerun's own messages)."""
        run = Run()
        while True:
            raw = await asyncio.wait_for(self._ws.recv(), self.timeout)
            run.bytes += len(raw)
            run.messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            msg = self._resolved(msg)
            self._take(msg, run, started)
            if msg.WhichOneof("type") == "script_finished":
                run.status = FINISHED.get(msg.script_finished, str(msg.script_finished))
                if msg.script_finished != 2:  # an early finish is followed by the rerun's own messages
                    break
        run.latency = time.perf_counter() - started
        return run

    async def download(self, file_id: str) -> str:
        """Ask for a deferred download, as the browser does when its button is clicked; the file's URL
        (relative to the server), once the server has made it."""
        back = BackMsg()
        request = back.backend_operation_request
        request.request_id, request.session_id = f"download-{file_id}", self.session_id
        request.deferred_file.file_id = file_id
        await self.send(back)
        answer = (await self.receive("backend_operation_response"))[-1].backend_operation_response
        if answer.error_msg:
            raise RuntimeError(answer.error_msg)
        return answer.deferred_file.url

    def download_ids(self) -> dict[str, str]:
        """The deferred file of each download button on the page, by the button's key."""
        buttons = [e.download_button for e in self.elements.values() if e.WhichOneof("type") == "download_button"]
        return {b.id.rsplit("-", 1)[-1]: b.deferred_file_id for b in buttons}

    def _resolved(self, msg: ForwardMsg) -> ForwardMsg:
        """A reference to a message the browser has seen, replaced by that message; a cacheable one kept."""
        if msg.WhichOneof("type") == "ref_hash":
            cached = ForwardMsg()
            cached.CopyFrom(self._cache[msg.ref_hash])
            cached.metadata.CopyFrom(msg.metadata)
            return cached
        if msg.metadata.cacheable:
            self._cache[msg.hash] = msg
        return msg

    def _take(self, msg: ForwardMsg, run: Run, started: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta":
            run.drawn.append(tuple(msg.metadata.delta_path))
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            path = tuple(msg.metadata.delta_path)
            self.elements[path] = element
            self._drawn[path] = next(self._draws)
            element_type = element.WhichOneof("type")
            self._remember(getattr(getattr(element, element_type), "id", ""), msg.delta.fragment_id)
            if is_chart(element) and run.first_chart is None:
                run.first_chart = time.perf_counter() - started
            if element_type == "exception":
                run.exceptions.append(element.exception.message)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":  # an expander is a widget too
            block = msg.delta.add_block
            if block.WhichOneof("type") == "expandable":
                self._remember(block.expandable.id, msg.delta.fragment_id)

    def _remember(self, widget_id: str, fragment: str) -> None:
        if widget_id.startswith("$$ID-"):
            key = widget_id.split("-", 2)[2]
            self.widget_ids[key] = widget_id
            self.fragments[key] = fragment

    def figure(self, key: str) -> dict:
        """The spec of the chart whose key is ``key``, as drawn now."""
        return self.component(key)["figure"]

    def draws_paths(self) -> bool:
        """Whether the main plot draws any optimizer's path (predict first hides them until Reveal)."""
        return any(trace.get("meta") == "path" for trace in self.figure("plot")["data"])

    def component(self, key: str) -> dict:
        """What the page's component (a chart, the link) with key ``key`` was sent, as drawn now: the one
        drawn last, where a run moved it (a browser drops what a run no longer draws; this client keeps it)."""
        found = [
            (self._drawn[path], element)
            for path, element in self.elements.items()
            if element.WhichOneof("type") == "bidi_component" and element.bidi_component.id.endswith(f"-{key}")
        ]
        if not found:
            raise KeyError(key)
        return json.loads(max(found, key=lambda drawn: drawn[0])[1].bidi_component.bytes)

    def drawn_by(self, run: Run) -> list:
        """The elements (Element protos) the run ``run`` drew, as they are now."""
        return [self.elements[path] for path in run.drawn if path in self.elements]

    def texts(self) -> list[str]:
        """The bodies of every Markdown, alert and caption element now on the page."""
        out = []
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            if kind in ("markdown", "alert"):
                out.append(getattr(element, kind).body)
        return out


def is_chart(element) -> bool:
    """Whether an Element proto is one of the page's charts (``ui.chart``), or a ``st.plotly_chart``."""
    kind = element.WhichOneof("type")
    return kind == "plotly_chart" or (
        kind == "bidi_component" and element.bidi_component.component_name.endswith(".chart")
    )


def decode(array: object) -> np.ndarray:
    """A Plotly array, plain or packed as base64 ``bdata``."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array, dtype=float)


def path_of(figure: dict, name: str) -> np.ndarray:
    """The drawn path of one optimizer (by its legend name), as (N, 2)."""
    for trace in figure["data"]:
        if trace.get("name") == name and trace.get("meta") == "path":
            return np.stack([decode(trace["x"]), decode(trace["y"])], axis=-1)
    raise KeyError(name)


def class_code(lecturer: Student) -> str:
    """The code of the class a lecturer's page started, as its join card shows it."""
    return next(m.group(1) for text in lecturer.texts() if (m := re.search(r">([A-Z2-9]{6})<", text)))


def draws_button(page: Student, run, key: str) -> bool:
    """Whether the page's run ``run`` drew the button whose key is ``key``."""
    return any(e.WhichOneof("type") == "button" and e.button.id.endswith(key) for e in page.drawn_by(run))


def pills(student: Student, key: str) -> list[str]:
    """The labels of a pills widget's options, as drawn now."""
    element = next(
        e
        for e in student.elements.values()
        if e.WhichOneof("type") == "button_group" and e.button_group.id.endswith(key)
    )
    return [option.content for option in element.button_group.options]
