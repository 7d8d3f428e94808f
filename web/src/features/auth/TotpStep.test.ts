import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { challengeOf } from "./TotpStep";

describe("challengeOf", () => {
  it("reads the challenge of a totp_required answer only", () => {
    expect(challengeOf(new ApiError(401, "totp_required", "", { challenge: "pmc_x" }))).toBe("pmc_x");
    expect(challengeOf(new ApiError(401, "invalid_credentials", "", { challenge: "pmc_x" }))).toBeNull();
    expect(challengeOf(new ApiError(401, "totp_required", ""))).toBeNull();
    expect(challengeOf(new Error("x"))).toBeNull();
  });
});
