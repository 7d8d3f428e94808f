import { describe, expect, it } from "vitest";
import { attemptOutcome, curlExample, orderedEvents, outgoingPatch } from "./IntegrationsLogic";

describe("incoming webhook example", () => {
  it("quotes the address and the JSON body for the shell", () => {
    const cmd = curlExample("https://parta.example/api/v1/hooks/phk_x", "Новое задание: № 5");
    expect(cmd).toContain("curl -X POST 'https://parta.example/api/v1/hooks/phk_x'");
    expect(cmd).toContain("-H 'Content-Type: application/json'");
    expect(cmd).toContain(`-d '{"text":"Новое задание: № 5","client_id":"homework-1"}'`);
  });

  it("escapes single quotes so the command stays one argument", () => {
    const cmd = curlExample("https://x/h", "it's", "a");
    expect(cmd).toContain(`-d '{"text":"it'\\''s","client_id":"a"}'`);
  });
});

describe("outgoing webhooks", () => {
  it("orders events as the console lists them", () => {
    expect(orderedEvents(["poll.updated", "message.new", "x.y"])).toEqual(["message.new", "poll.updated", "x.y"]);
  });

  it("says how an attempt went", () => {
    expect(attemptOutcome({ status_code: 204, error: "" })).toEqual({ ok: true, text: "HTTP 204" });
    expect(attemptOutcome({ status_code: 500, error: "" })).toEqual({ ok: false, text: "HTTP 500" });
    expect(attemptOutcome({ status_code: 503, error: "busy" })).toEqual({ ok: false, text: "HTTP 503: busy" });
    expect(attemptOutcome({ status_code: null, error: "timed out" })).toEqual({ ok: false, text: "timed out" });
    expect(attemptOutcome({ status_code: null, error: "" })).toEqual({ ok: false, text: "—" });
  });

  it("sends only what changed", () => {
    const hook = { name: "Журнал", url: "https://a/h", events: ["message.new"], chat_ids: ["c1", "c2"] };
    const same = { name: " Журнал ", url: "https://a/h", events: new Set(["message.new"]), chats: new Set(["c2", "c1"]) };
    expect(outgoingPatch(hook, same)).toEqual({});
    expect(
      outgoingPatch(hook, { ...same, url: "https://b/h", events: new Set(["poll.updated", "message.new"]) }),
    ).toEqual({ url: "https://b/h", events: ["message.new", "poll.updated"] });
    expect(outgoingPatch(hook, { ...same, chats: new Set(["c1"]) })).toEqual({ chat_ids: ["c1"] });
  });
});
