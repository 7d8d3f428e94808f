// What the admin console shows to whom: the server's role table (auth/roles.py) mirrored
// for the interface only. The server still decides every request; this just hides sections
// a person could not use.

export type RoleName = "admin" | "head" | "teacher" | "staff" | "student" | "parent";
export type Section =
  | "structure"
  | "roster"
  | "members"
  | "parent-links"
  | "invitations"
  | "policies"
  | "integrations"
  | "support"
  | "audit";

export const SECTIONS: Section[] = [
  "members",
  "parent-links",
  "invitations",
  "structure",
  "roster",
  "policies",
  "integrations",
  "support",
  "audit",
];

export type Right =
  | "manage_org"
  | "manage_structure"
  | "manage_members"
  | "verify_staff"
  | "invite_any"
  | "invite_own_class"
  | "confirm_parent_links"
  | "import_roster"
  | "read_audit"
  | "see_members"
  | "see_pending";

const ALL: Right[] = [
  "manage_org",
  "manage_structure",
  "manage_members",
  "verify_staff",
  "invite_any",
  "invite_own_class",
  "confirm_parent_links",
  "import_roster",
  "read_audit",
  "see_members",
  "see_pending",
];

const ROLE_RIGHTS: Record<RoleName, Right[]> = {
  admin: ALL,
  head: ["read_audit", "see_members", "see_pending", "verify_staff", "confirm_parent_links", "invite_any"],
  teacher: ["see_members", "invite_own_class", "see_pending"],
  staff: ["see_members"],
  student: ["see_members"],
  parent: ["see_members"],
};

const NEEDS_VERIFICATION = new Set<string>(["teacher", "staff", "head"]);

export interface RoleLike {
  role: string;
  verified: boolean;
}

function isRole(r: string): r is RoleName {
  return r in ROLE_RIGHTS;
}

/** The union of the rights of my memberships (unverified staff have student rights). */
export function rightsOf(roles: readonly RoleLike[]): Set<Right> {
  const out = new Set<Right>();
  for (const m of roles) {
    if (!isRole(m.role)) continue;
    const role: RoleName = NEEDS_VERIFICATION.has(m.role) && !m.verified ? "student" : m.role;
    for (const r of ROLE_RIGHTS[role]) out.add(r);
  }
  return out;
}

/** The console's sections one may open. A verified teacher: parent links and invitations
 *  of the classes they lead (`leadsClass`; unknown = assume yes until the classes load). */
export function sectionsFor(roles: readonly RoleLike[], leadsClass = true): Section[] {
  const rights = rightsOf(roles);
  const has = (r: Right) => rights.has(r);
  const ownClass = has("invite_own_class") && leadsClass;
  const allowed: Record<Section, boolean> = {
    members: has("manage_members") || has("verify_staff"),
    "parent-links": has("confirm_parent_links") || ownClass,
    invitations: has("invite_any") || ownClass,
    structure: has("manage_structure"),
    roster: has("import_roster"),
    policies: has("manage_org"),
    integrations: has("manage_org"),
    support: has("manage_org"), // the organisation's administrators answer its requests
    audit: has("read_audit"),
  };
  return SECTIONS.filter((s) => allowed[s]);
}

/** Whether the main layout offers the console at all. */
export function hasConsole(roles: readonly RoleLike[]): boolean {
  return sectionsFor(roles).length > 0;
}

/** Roles one may invite: admins any; the head any but admin; class teachers students and parents. */
export function invitableRoles(roles: readonly RoleLike[]): RoleName[] {
  const rights = rightsOf(roles);
  const isAdmin = roles.some((r) => r.role === "admin");
  if (rights.has("invite_any")) {
    const all: RoleName[] = ["student", "parent", "teacher", "staff", "head", "admin"];
    return isAdmin ? all : all.filter((r) => r !== "admin");
  }
  if (rights.has("invite_own_class")) return ["student", "parent"];
  return [];
}
