"""Summarise a py-spy `raw` (collapsed stacks) profile: where the server's CPU time goes.

    .venv/bin/python bench/pyspy_summary.py /tmp/server.txt [--top 30] [--group]

Prints the share of samples per function, inclusive (anywhere on the stack) and self (on
top); `--group` folds functions into areas (database, HTTP, WebSocket send, ...).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

AREAS = [  # first match wins; matched against "function (file:line)"
    ("websocket send (uvicorn/websockets)", r"websockets_sansio_impl.py|websockets/protocol|"),
    ("fan-out (hub)", r"parta/realtime/hub.py"),
    ("sqlite driver", r"aiosqlite|sqlite3"),
    ("sqlalchemy", r"sqlalchemy/"),
    ("pydantic", r"pydantic"),
    ("json", r"json/"),
    ("http (uvicorn/starlette/fastapi)", r"uvicorn/|starlette/|fastapi/|httptools"),
    ("parta app code", r"parta/"),
    ("asyncio / event loop", r"asyncio/|uvloop"),
]


def frame_area(frame: str) -> str:
    for name, pattern in AREAS:
        if re.search(pattern.rstrip("|"), frame):
            return name
    return "other"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("path")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--group", action="store_true")
    args = p.parse_args()
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    total = 0
    with open(args.path) as fh:
        for line in fh:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            frames = [f for f in stack.split(";") if not f.startswith("process ")]
            frames = [f for f in frames if not f.startswith("thread ")]
            total += n
            for f in set(frames):
                inclusive[f] += n
            if frames:
                own[frames[-1]] += n
                # An area owns a sample if it is the innermost known area on the stack.
                area = next((a for a in map(frame_area, reversed(frames)) if a != "other"), "other")
                areas[area] += n
    print(f"{total} samples")
    if args.group:
        for name, n in areas.most_common():
            print(f"{100 * n / total:5.1f}%  {name}")
        return
    print("-- inclusive --")
    for f, n in inclusive.most_common(args.top):
        print(f"{100 * n / total:5.1f}%  {f}")
    print("-- self --")
    for f, n in own.most_common(args.top):
        print(f"{100 * n / total:5.1f}%  {f}")


if __name__ == "__main__":
    main()
