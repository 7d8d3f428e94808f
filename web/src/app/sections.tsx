// The signed-in app's sections beside the chats (calendar, materials, help...): each feature
// adds one entry here; the shell shows a link to it in the sidebar and renders its page in the
// main pane at /<path>[/<rest>]. Pages are lazily loaded so the first screen stays small.
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { Schemas } from "../api/client";
import type { Key } from "../i18n";
import { isCatalogueTeacher } from "../features/catalogue/grades";

export type MyOrg = Schemas["MyOrg"];

export interface SectionProps {
  orgId: string;
  org: MyOrg;
  myId: string;
  /** The path below the section's own, without the leading slash ("" on the section root). */
  rest: string;
}

export interface Section {
  id: string;
  /** First path segment, e.g. "calendar" for /calendar and /calendar/... */
  path: string;
  label: Key;
  Page: LazyExoticComponent<ComponentType<SectionProps>>;
  /** Whether the person sees the section in this organisation (default: everyone). */
  visible?: (org: MyOrg) => boolean;
}

/** A lazily loaded page: the module's default export. */
function page(load: () => Promise<{ default: ComponentType<SectionProps> }>): Section["Page"] {
  return lazy(load);
}

// Each entry: { id, path, label, Page: page(() => import("../features/x/XPage")), visible? }
export const SECTIONS: Section[] = [
  { id: "calendar", path: "calendar", label: "cal.nav", Page: page(() => import("../features/calendar/CalendarPage")) },
  { id: "materials", path: "materials", label: "mat.nav", Page: page(() => import("../features/materials/MaterialsPage")) },
  {
    id: "catalogue",
    path: "catalogue",
    label: "cat.nav",
    Page: page(() => import("../features/catalogue/CataloguePage")),
    visible: (org) => isCatalogueTeacher(org.roles),
  },
  { id: "help", path: "help", label: "help.section", Page: page(() => import("../features/help/HelpPage")) },
  {
    id: "communities",
    path: "communities",
    label: "communities.nav",
    Page: page(() => import("../features/communities/CommunitiesPage")),
    // Parents never take part in communities; everyone else may be sent by their school.
    visible: (org) => org.roles.some((r) => r.role !== "parent"),
  },
  {
    id: "moderation",
    path: "moderation",
    label: "mod.nav",
    Page: page(() => import("../features/moderation/ModerationPage")),
    // Reports are handled by chat moderators and safeguarding staff: verified staff.
    visible: (org) => org.roles.some((r) => r.role === "admin" || (r.verified && r.role !== "student" && r.role !== "parent")),
  },
  {
    id: "trust",
    path: "trust",
    label: "trust.nav",
    Page: page(() => import("../features/moderation/TrustPage")),
    visible: (org) => org.roles.some((r) => r.role === "student" || r.role === "parent"),
  },
  {
    id: "safety",
    path: "safety",
    label: "safety.nav",
    Page: page(() => import("../features/safety/SafetyQueuePage")),
    // Chat moderators and safeguarding staff: in practice the school's staff.
    visible: (org) => org.roles.some((r) => ["admin", "head", "teacher", "staff"].includes(r.role)),
  },
  // A call's link (/calls/<id>): reached from a shared link, not from the sidebar.
  {
    id: "call",
    path: "calls",
    label: "calls.pageTitle",
    Page: page(() => import("../features/calls/CallLinkPage")),
    visible: () => false,
  },
];

/** The section a path belongs to, and the rest of the path below it. */
export function sectionOf(path: string): { section: Section; rest: string } | null {
  const [first = "", ...rest] = path.split("/").filter(Boolean);
  const section = SECTIONS.find((s) => s.path === first);
  return section ? { section, rest: rest.join("/") } : null;
}
