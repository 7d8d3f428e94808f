import { describe, expect, it } from "vitest";
import { hasConsole, invitableRoles, rightsOf, sectionsFor } from "./access";

describe("admin console access", () => {
  it("gives administrators every section", () => {
    expect(sectionsFor([{ role: "admin", verified: true }])).toEqual([
      "members",
      "parent-links",
      "invitations",
      "structure",
      "roster",
      "policies",
      "integrations",
      "support",
      "audit",
    ]);
  });

  it("gives a verified head members, links, invitations and the audit log", () => {
    expect(sectionsFor([{ role: "head", verified: true }])).toEqual([
      "members",
      "parent-links",
      "invitations",
      "audit",
    ]);
    expect(sectionsFor([{ role: "head", verified: false }])).toEqual([]);
  });

  it("gives class teachers their links and invitations only", () => {
    const teacher = [{ role: "teacher", verified: true }];
    expect(sectionsFor(teacher)).toEqual(["parent-links", "invitations"]);
    expect(sectionsFor(teacher, false)).toEqual([]);
    expect(hasConsole([{ role: "teacher", verified: false }])).toBe(false);
    expect(invitableRoles(teacher)).toEqual(["student", "parent"]);
  });

  it("hides the console from students, parents and staff", () => {
    for (const role of ["student", "parent", "staff"]) {
      expect(hasConsole([{ role, verified: true }])).toBe(false);
    }
    expect(rightsOf([{ role: "nobody", verified: true }]).size).toBe(0);
  });

  it("lets only administrators invite administrators", () => {
    expect(invitableRoles([{ role: "admin", verified: true }])).toContain("admin");
    expect(invitableRoles([{ role: "head", verified: true }])).not.toContain("admin");
    expect(invitableRoles([{ role: "parent", verified: true }])).toEqual([]);
  });
});
