"""Server-sent events (``text/event-stream``): the event type and an incremental parser."""

from __future__ import annotations

import json as jsonlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ServerSentEvent:
    """One ``text/event-stream`` event (WHATWG HTML §9.2): ``data`` lines joined by newlines."""

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """The data decoded as JSON."""
        return jsonlib.loads(self.data)


class _EventParser:
    """Incremental SSE parser: feed lines, get events at blank lines."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        if not line:
            if not self._data and self._event is None:
                return None
            event = ServerSentEvent(
                "\n".join(self._data), self._event, self._id, self._retry
            )
            self._data, self._event, self._retry = [], None, None
            return event
        if line.startswith(":"):
            return None  # a comment: servers send them as keep-alives
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None
