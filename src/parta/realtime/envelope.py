"""What travels on the bus: an audience and the event, encoded once as JSON text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Envelope:
    """An encoded event and who gets it: the active members of `chat_id` and/or `accounts`.

    `members_changed` tells every node to forget its cached audience of the chat first.
    """

    text: str
    chat_id: str | None = None
    accounts: tuple[str, ...] = ()
    members_changed: bool = False
    exclude_session: str | None = None  # e.g. typing is not echoed to the typist's device

    def to_wire(self) -> bytes:
        head = json.dumps(
            {
                "c": self.chat_id,
                "a": list(self.accounts),
                "m": self.members_changed,
                "x": self.exclude_session,
            },
            separators=(",", ":"),
        )
        return head.encode() + b"\n" + self.text.encode()

    @classmethod
    def from_wire(cls, raw: bytes) -> Envelope:
        head, _, text = raw.partition(b"\n")
        h: dict[str, Any] = json.loads(head)
        return cls(
            text=text.decode(),
            chat_id=h.get("c"),
            accounts=tuple(h.get("a") or ()),
            members_changed=bool(h.get("m")),
            exclude_session=h.get("x"),
        )


def encode_event(
    kind: str, data: dict[str, Any], *, chat_id: str | None = None, seq: int | None = None
) -> str:
    """The JSON text a client receives: {"type", "chat_id", "seq", "data"}."""
    event: dict[str, Any] = {"type": kind}
    if chat_id is not None:
        event["chat_id"] = chat_id
    if seq is not None:
        event["seq"] = seq
    event["data"] = data
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"), default=str)
