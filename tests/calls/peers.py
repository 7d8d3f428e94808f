"""WebRTC peers for call tests: aiortc on a loop of its own (the test thread is sync)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack

from tests.netns import enter_for_good

T = TypeVar("T")


class Peers:
    """Peer connections on a loop thread of their own, inside `netns` when given."""

    def __init__(self, netns: str | None = None) -> None:
        self.loop = asyncio.new_event_loop()
        self.netns = netns
        self.thread = threading.Thread(target=self._main, daemon=True)
        self.thread.start()
        self.pcs: list[RTCPeerConnection] = []
        self.frames: dict[str, int] = {}  # track kind -> frames received
        self.tasks: list[asyncio.Future[None]] = []

    def _main(self) -> None:
        if self.netns:
            enter_for_good(self.netns)
        self.loop.run_forever()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 20) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def _pc(self) -> RTCPeerConnection:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.pcs.append(pc)
        return pc

    def offer(
        self, audio: bool = True, video: bool = True
    ) -> tuple[RTCPeerConnection, dict[str, str]]:
        """A publisher's peer connection and its offer (candidates gathered in the SDP)."""

        async def _go() -> tuple[RTCPeerConnection, dict[str, str]]:
            pc = self._pc()
            if audio:
                pc.addTrack(AudioStreamTrack())
            if video:
                pc.addTrack(VideoStreamTrack())
            await pc.setLocalDescription(await pc.createOffer())
            return pc, {"type": "offer", "sdp": pc.localDescription.sdp}

        return self.run(_go())

    def accept(self, pc: RTCPeerConnection, jsep: dict[str, str]) -> None:
        self.run(pc.setRemoteDescription(RTCSessionDescription(jsep["sdp"], jsep["type"])))

    def answer(self, jsep: dict[str, str]) -> tuple[RTCPeerConnection, dict[str, str]]:
        """A subscriber's peer connection answering Janus's offer."""

        async def _go() -> tuple[RTCPeerConnection, dict[str, str]]:
            pc = self._pc()

            @pc.on("track")
            def _on_track(track: Any) -> None:
                self.tasks.append(asyncio.ensure_future(self._count(track)))

            await pc.setRemoteDescription(RTCSessionDescription(jsep["sdp"], jsep["type"]))
            await pc.setLocalDescription(await pc.createAnswer())
            return pc, {"type": "answer", "sdp": pc.localDescription.sdp}

        return self.run(_go())

    async def _count(self, track: Any) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()
                self.frames[track.kind] = self.frames.get(track.kind, 0) + 1

    def close(self) -> None:
        async def _go() -> None:
            for pc in self.pcs:
                await pc.close()
            for task in self.tasks:
                task.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)

        self.run(_go())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
