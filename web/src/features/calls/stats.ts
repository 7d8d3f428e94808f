// Connection quality from RTCPeerConnection.getStats (pure, so it can be tested): the
// round-trip time of the selected candidate pair and the share of packets lost since the
// previous sample.

export type Quality = "good" | "fair" | "poor" | "unknown";

export interface StatSample {
  /** Round-trip time in seconds (the nominated candidate pair), or null. */
  rtt: number | null;
  received: number;
  lost: number;
  /** Frames decoded from inbound video (what the browser tests look at). */
  framesDecoded: number;
  /** The local candidate type of the selected pair: host, srflx, relay… */
  localType: string | null;
}

type Report = Record<string, unknown> & { type: string; id: string };

/** One sample from a list of stats reports (RTCStatsReport.values()). */
export function sample(reports: Iterable<Report>): StatSample {
  const byId = new Map<string, Report>();
  const all: Report[] = [];
  for (const r of reports) {
    byId.set(r.id, r);
    all.push(r);
  }
  let rtt: number | null = null;
  let localType: string | null = null;
  let received = 0;
  let lost = 0;
  let framesDecoded = 0;
  for (const r of all) {
    if (r.type === "candidate-pair" && (r.nominated === true || r.selected === true) && r.state === "succeeded") {
      if (typeof r.currentRoundTripTime === "number") rtt = r.currentRoundTripTime;
      const local = byId.get(String(r.localCandidateId));
      if (local && typeof local.candidateType === "string") localType = local.candidateType;
    }
    if (r.type === "inbound-rtp") {
      received += Number(r.packetsReceived ?? 0);
      lost += Math.max(0, Number(r.packetsLost ?? 0));
      if (r.kind === "video") framesDecoded += Number(r.framesDecoded ?? 0);
    }
    if (r.type === "remote-inbound-rtp" && rtt === null && typeof r.roundTripTime === "number") {
      rtt = r.roundTripTime;
    }
  }
  return { rtt, received, lost, framesDecoded, localType };
}

/** Quality between two samples: loss over the interval and the latest round trip. */
export function quality(prev: StatSample | null, cur: StatSample): Quality {
  const got = cur.received - (prev?.received ?? 0);
  const lost = cur.lost - (prev?.lost ?? 0);
  const total = got + lost;
  const lossPct = total > 0 ? (lost / total) * 100 : 0;
  if (cur.rtt === null && total === 0) return "unknown";
  const rttMs = (cur.rtt ?? 0) * 1000;
  if (lossPct > 8 || rttMs > 500) return "poor";
  if (lossPct > 2 || rttMs > 250) return "fair";
  return "good";
}

/** The worse of two qualities ("unknown" counts as nothing). */
export function worse(a: Quality, b: Quality): Quality {
  const order: Quality[] = ["unknown", "good", "fair", "poor"];
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}
