// Small WebRTC helpers shared by direct and group calls.
import type { JoinOut } from "./types";

/** RTCPeerConnection settings from the join answer (TURN credentials, relay-only policy). */
export function rtcConfig(join: JoinOut): RTCConfiguration {
  return {
    iceServers: join.ice_servers.map((s) => ({
      urls: s.urls,
      ...(s.username ? { username: s.username } : {}),
      ...(s.credential ? { credential: s.credential } : {}),
    })),
    iceTransportPolicy: join.ice_transport_policy === "relay" ? "relay" : "all",
    bundlePolicy: "max-bundle",
  };
}

/** Wait until the connection has gathered its candidates (or `ms` passed): the description
 * then carries them, and few trickle frames are needed (the socket is rate-limited). */
export function gathered(pc: RTCPeerConnection, ms = 1500): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === "complete") done();
    };
    const timer = setTimeout(done, ms);
    pc.addEventListener("icegatheringstatechange", check);
  });
}

export function sdpOf(pc: RTCPeerConnection): { type: string; sdp: string } {
  const d = pc.localDescription;
  return { type: d?.type ?? "offer", sdp: d?.sdp ?? "" };
}

/** Candidates found after the description was sent go out one by one; before that they are
 * already in the description. `send(null)` marks the end. */
export function trickleAfterSend(pc: RTCPeerConnection, send: (c: RTCIceCandidateInit | null) => void): { sent(): void } {
  let open = false;
  let ended = false;
  pc.addEventListener("icecandidate", (e) => {
    if (!open) {
      if (!e.candidate) ended = true;
      return;
    }
    send(e.candidate ? e.candidate.toJSON() : null);
  });
  return {
    sent() {
      if (open) return;
      open = true;
      if (ended || pc.iceGatheringState === "complete") send(null);
    },
  };
}
