import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { uploadError } from "./api";

describe("uploadError", () => {
  it("reads the limit from the server's message, or uses the known one", () => {
    const e = new ApiError(413, "file_too_large", "The file is too large. The limit is 25 MB.");
    expect(uploadError(e, null)).toEqual({ code: "file_too_large", limit: 25 * 1024 * 1024 });
    const bare = new ApiError(413, "file_too_large", "Too large.");
    expect(uploadError(bare, 1024)).toEqual({ code: "file_too_large", limit: 1024 });
  });
  it("keeps quota, virus and emptiness apart from size", () => {
    expect(uploadError(new ApiError(413, "quota_exceeded", "Storage full."), 5)).toEqual({ code: "quota_exceeded" });
    expect(uploadError(new ApiError(422, "file_infected", "Virus."), null)).toEqual({ code: "file_infected" });
    expect(uploadError(new ApiError(422, "empty_file", "Empty."), null)).toEqual({ code: "empty_file" });
  });
  it("names refused types, the network and a cancel", () => {
    expect(uploadError(new ApiError(415, "unsupported_media_type", "No."), null)).toEqual({ code: "type" });
    expect(uploadError(new ApiError(0, "network", "offline"), null)).toEqual({ code: "network" });
    expect(uploadError(new ApiError(0, "aborted", "aborted"), null)).toEqual({ code: "aborted" });
    expect(uploadError(new Error("boom"), null)).toEqual({ code: "network" });
  });
});
