"""Lesson load: how many students one Janus + one Parta process hold on this machine.

One teacher publishes camera and microphone (aiortc: a test pattern encoded as VP8, and
Opus); N students join the lesson through Parta (HTTP join, the event socket, the
`call.media` negotiation relayed to Janus) and receive both streams. Students do not decode
(their decoders are replaced by a no-op, see shared/notes/calls.md): they count RTP packets,
so the load generator measures delivery, not its own decoding. Everything media runs in a
private network namespace (Janus skips loopback candidates); Parta runs outside it behind a
bridge, as a real server would run beside its media server.

For each step the JSON line gives: students connected, join time (HTTP join → first video
packet), the video packet rate each student receives against what the teacher sends (a
student counts as served at 90 % or more), and CPU used by Janus, by Parta and by the load
generator. Needs root (network namespaces), `janus`, and aiortc (dev dependency).

    .venv/bin/python bench/load_lesson.py --steps 5,10,20,40 --seconds 15
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--steps", default="5,10,20", help="student counts, comma-separated")
    p.add_argument("--seconds", type=float, default=15.0, help="measuring time per step")
    p.add_argument("--procs", type=int, default=2, help="student worker processes")
    return p.parse_args(argv)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + own.ru_utime + own.ru_stime


# --- peers (in worker processes, inside the namespace) --------------------------------------


def _no_decoding() -> None:
    import aiortc.rtcrtpreceiver as receiver

    class NullDecoder:
        def decode(self, encoded_frame: Any) -> list[Any]:
            return []

    # The receiver looks the decoder up by this module-level name for every new codec.
    setattr(receiver, "get_decoder", lambda codec: NullDecoder())  # noqa: B010


async def _inbound_video_packets(pc: Any) -> int:
    stats = await pc.getStats()
    return sum(
        s.packetsReceived for s in stats.values() if s.type == "inbound-rtp" and s.kind == "video"
    )


async def _student(
    url: str, org_id: str, call_id: str, token: str, stage: list[str]
) -> dict[str, Any]:
    from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
    from websockets.asyncio.client import connect

    headers = {"Authorization": f"Bearer {token}"}
    t0 = time.monotonic()
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as api:
        r = await api.post(f"/api/v1/orgs/{org_id}/calls/{call_id}/join")
        r.raise_for_status()
    ws = await connect(url.replace("http", "ws") + "/api/v1/events", additional_headers=headers)
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))

    async def media(op: str) -> dict[str, Any]:
        while True:
            ev = json.loads(await ws.recv())
            if ev["type"] == "call.media" and ev["data"]["op"] in (op, "error"):
                data: dict[str, Any] = ev["data"]
                if data["op"] == "error":
                    raise RuntimeError(data)
                return data

    stage.append("socket")
    await ws.send(json.dumps({"type": "call.media", "call_id": call_id, "op": "enter"}))
    while True:
        feeds = (await media("feeds"))["feeds"]
        stage.append(f"feeds {len(feeds)}")
        if feeds:
            break
    await ws.send(
        json.dumps(
            {
                "type": "call.media",
                "call_id": call_id,
                "op": "subscribe",
                "streams": [{"feed": feeds[0]["feed"]}],
            }
        )
    )
    offer = (await media("offer"))["jsep"]
    stage.append("offer")
    await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], offer["type"]))
    await pc.setLocalDescription(await pc.createAnswer())
    answer = {"type": "answer", "sdp": pc.localDescription.sdp}
    await ws.send(
        json.dumps({"type": "call.media", "call_id": call_id, "op": "start", "jsep": answer})
    )
    stage.append("started")
    first = None
    while time.monotonic() - t0 < 60:
        if await _inbound_video_packets(pc) > 0:
            first = time.monotonic() - t0
            break
        await asyncio.sleep(0.05)
    return {"pc": pc, "ws": ws, "join_s": first}


def _worker(
    ns: str, url: str, org_id: str, call_id: str, tokens: list[str], seconds: float, out: Any
) -> None:
    from tests.netns import enter_for_good

    enter_for_good(ns)
    _no_decoding()

    async def go() -> None:
        stages: list[list[str]] = [[] for _ in tokens]
        tasks = [
            asyncio.create_task(_student(url, org_id, call_id, t, st))
            for t, st in zip(tokens, stages, strict=True)
        ]
        done, _ = await asyncio.wait(tasks, timeout=90)
        peers = [t.result() for t in done if t.exception() is None]
        errors = [repr(t.exception())[:200] for t in done if t.exception() is not None]
        errors += [
            f"timeout after {st[-1] if st else 'start'}"
            for t, st in zip(tasks, stages, strict=True)
            if t not in done
        ]
        before = [await _inbound_video_packets(p["pc"]) for p in peers]
        await asyncio.sleep(seconds)
        after = [await _inbound_video_packets(p["pc"]) for p in peers]
        out.put(
            {
                "rates": [(a - b) / seconds for a, b in zip(after, before, strict=True)],
                "join_s": [p["join_s"] for p in peers if p["join_s"] is not None],
                "errors": errors,
                "cpu_s": children_cpu(),
            }
        )
        for p in peers:
            await p["pc"].close()
            await p["ws"].close()

    asyncio.run(go())


# --- the teacher (in this process, inside the namespace on a thread of its own) ------------


class Teacher:
    def __init__(self, ns: str) -> None:
        from tests.calls.peers import Peers

        self.peers = Peers(netns=ns)

    def publish(self, url: str, org_id: str, call_id: str, token: str) -> None:
        from websockets.sync.client import connect

        headers = {"Authorization": f"Bearer {token}"}
        self.ws = connect(url.replace("http", "ws") + "/api/v1/events", additional_headers=headers)

        def media(op: str) -> dict[str, Any]:
            while True:
                ev = json.loads(self.ws.recv(timeout=30))
                if ev["type"] == "call.media" and ev["data"]["op"] in (op, "error"):
                    assert ev["data"]["op"] == op, ev
                    data: dict[str, Any] = ev["data"]
                    return data

        self.ws.send(json.dumps({"type": "call.media", "call_id": call_id, "op": "enter"}))
        media("entered")
        self.pc, offer = self.peers.offer()
        msg = {"type": "call.media", "call_id": call_id, "op": "publish", "source": "camera"}
        self.ws.send(json.dumps({**msg, "jsep": offer}))
        self.peers.accept(self.pc, media("answer")["jsep"])

    def sent_video_packets(self) -> int:
        async def _go() -> int:
            stats = await self.pc.getStats()
            return sum(
                s.packetsSent
                for s in stats.values()
                if s.type == "outbound-rtp" and s.kind == "video"
            )

        return self.peers.run(_go())

    def close(self) -> None:
        self.ws.close()
        self.peers.close()


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from load_chat import Server, raise_nofile
    from seed import seed
    from tests.calls.janus_server import running_janus
    from tests.netns import Bridge, namespace

    raise_nofile()
    steps = [int(x) for x in args.steps.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="parta-lesson-"))
    results: list[dict[str, Any]] = []
    try:
        with namespace() as ns, running_janus(tmp / "janus", netns=ns, ice_enforce_list="pa0") as j:
            db_url = f"sqlite+aiosqlite:///{tmp}/parta.db"
            env = {
                "PARTA_DATA_DIR": str(tmp),
                "PARTA_SECRET_KEY": secrets.token_urlsafe(32),
                "PARTA_LOG_LEVEL": "WARNING",
                "PARTA_ARGON2_MEMORY_KIB": "1024",
                "PARTA_ARGON2_TIME_COST": "1",
                "PARTA_DATABASE_URL": db_url,
                "PARTA_JANUS_URL": j.url,
                "PARTA_JANUS_API_SECRET": j.setup.api_secret,
                "PARTA_JANUS_ADMIN_KEY": j.setup.admin_key,
            }
            os.environ.update(env)
            from parta.migrate import upgrade

            upgrade(db_url)
            data = asyncio.run(seed(db_url, max(steps) + 1, 1, tag=uuid.uuid4().hex[:8]))
            server = Server(env, tmp, None)
            asyncio.run(server.ready())
            inside = Bridge(
                ("127.0.0.1", server.port), listen_ns=ns, listen=("127.0.0.1", server.port)
            )
            teacher_api = httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {data.tokens[0]}"}
            )
            r = teacher_api.post(
                f"/api/v1/orgs/{data.org_id}/chats",
                json={"title": "Lesson", "member_ids": data.account_ids[1:]},
            )
            r.raise_for_status()
            chat_id = r.json()["id"]
            janus_pid = j_pid(tmp / "janus")
            for n in steps:
                r = teacher_api.post(
                    f"/api/v1/orgs/{data.org_id}/chats/{chat_id}/calls",
                    json={"lesson": True, "waiting_room": False, "media": "video"},
                )
                r.raise_for_status()
                call_id = r.json()["call"]["id"]
                teacher = Teacher(ns)
                teacher.publish(server.url, data.org_id, call_id, data.tokens[0])
                results.append(step(args, ns, server, janus_pid, teacher, data, call_id, n))
                teacher.close()
                teacher_api.post(f"/api/v1/orgs/{data.org_id}/calls/{call_id}/end")
                print(json.dumps(results[-1]), flush=True)
            inside.close()
            server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def j_pid(folder: Path) -> int:
    """Janus's pid (`ip netns exec` execs it, so it is the process started in `folder`)."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if cmd and cmd[0].endswith(b"janus") and str(folder).encode() in b" ".join(cmd):
                return int(proc.name)
    return -1


def step(
    args: argparse.Namespace,
    ns: str,
    server: Any,
    janus_pid: int,
    teacher: Teacher,
    data: Any,
    call_id: str,
    n: int,
) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    tokens = data.tokens[1 : n + 1]
    share = [tokens[i :: args.procs] for i in range(args.procs)]
    workers = [
        ctx.Process(
            target=_worker,
            args=(ns, server.url, data.org_id, call_id, part, args.seconds, out),
        )
        for part in share
        if part
    ]
    janus0, parta0 = cpu_seconds(janus_pid), server.cpu_seconds()
    sent0, t0 = teacher.sent_video_packets(), time.monotonic()
    for w in workers:
        w.start()
    reports = [out.get(timeout=300) for _ in workers]
    for w in workers:
        w.join(30)
    wall = time.monotonic() - t0
    sent_rate = (teacher.sent_video_packets() - sent0) / wall
    rates = [r for rep in reports for r in rep["rates"]]
    joins = sorted(j for rep in reports for j in rep["join_s"])
    served = sum(1 for r in rates if r >= 0.9 * sent_rate)
    return {
        "bench": "load_lesson",
        "students": n,
        "connected": len(rates),
        "served_90pct": served,
        "errors": [e for rep in reports for e in rep["errors"]][:5],
        "teacher_video_pps": round(sent_rate, 1),
        "student_video_pps_median": round(statistics.median(rates), 1) if rates else 0,
        "student_video_pps_min": round(min(rates), 1) if rates else 0,
        "join_to_first_video_s_p50": round(joins[len(joins) // 2], 2) if joins else None,
        "join_to_first_video_s_max": round(joins[-1], 2) if joins else None,
        "janus_cpu_pct": round(100 * (cpu_seconds(janus_pid) - janus0) / wall, 1),
        "parta_cpu_pct": round(100 * (server.cpu_seconds() - parta0) / wall, 1),
        "loadgen_cpu_s": round(sum(rep["cpu_s"] for rep in reports), 1),
        "wall_s": round(wall, 1),
    }


def main() -> None:
    run(parse_args())


if __name__ == "__main__":
    main()
