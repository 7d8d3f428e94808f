import { describe, expect, it } from "vitest";
import { quality, sample, worse } from "./stats";

const reports = (rtt: number, received: number, lost: number) => [
  { id: "p1", type: "candidate-pair", nominated: true, state: "succeeded", currentRoundTripTime: rtt, localCandidateId: "l1" },
  { id: "l1", type: "local-candidate", candidateType: "relay" },
  { id: "i1", type: "inbound-rtp", kind: "video", packetsReceived: received, packetsLost: lost, framesDecoded: 42 },
];

describe("connection quality from getStats", () => {
  it("reads the selected pair, loss and decoded frames", () => {
    const s = sample(reports(0.05, 1000, 3));
    expect(s).toEqual({ rtt: 0.05, received: 1000, lost: 3, framesDecoded: 42, localType: "relay" });
  });

  it("grades loss over the interval and the round trip", () => {
    const a = sample(reports(0.05, 1000, 0));
    expect(quality(null, a)).toBe("good");
    expect(quality(a, sample(reports(0.05, 1100, 5)))).toBe("fair"); // ~4.5 % lost
    expect(quality(a, sample(reports(0.05, 1100, 20)))).toBe("poor");
    expect(quality(a, sample(reports(0.7, 1100, 0)))).toBe("poor");
    expect(quality(null, sample([]))).toBe("unknown");
    expect(worse("good", "poor")).toBe("poor");
    expect(worse("unknown", "fair")).toBe("fair");
  });
});
