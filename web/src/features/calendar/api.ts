// The calendar's server calls (typed client): the events of a range, one event, organise,
// change, cancel, answer, the organiser's answers, the audience picker's places and the
// personal feed.
import { api, ok, type Schemas } from "../../api/client";

export type CalEvent = Schemas["EventOut"];
export type EventIn = Schemas["EventIn"];
export type EventPatch = Schemas["EventPatch"];
export type Responses = Schemas["ResponsesOut"];
export type ResponseRow = Schemas["ResponseRow"];
export type Feed = Schemas["FeedOut"];
export type Places = Schemas["OrganiserPlaces"];
export type Answer = "going" | "maybe" | "not_going";
export type MyState = NonNullable<CalEvent["my_answer"]>;

export const KINDS = [
  "parent_meeting",
  "teachers_council",
  "class_hour",
  "excursion",
  "olympiad",
  "contest",
  "club",
  "other",
] as const;
export type Kind = (typeof KINDS)[number];

const path = (orgId: string) => ({ params: { path: { org_id: orgId } } });
const one = (orgId: string, eventId: string) => ({ params: { path: { org_id: orgId, event_id: eventId } } });

export function listEvents(orgId: string, from: string, to: string): Promise<CalEvent[]> {
  return ok(api.GET("/api/v1/orgs/{org_id}/events", { params: { path: { org_id: orgId }, query: { from, to } } }));
}

export function getEvent(orgId: string, eventId: string): Promise<CalEvent> {
  return ok(api.GET("/api/v1/orgs/{org_id}/events/{event_id}", one(orgId, eventId)));
}

export function createEvent(orgId: string, body: EventIn): Promise<CalEvent> {
  return ok(api.POST("/api/v1/orgs/{org_id}/events", { ...path(orgId), body }));
}

export function updateEvent(orgId: string, eventId: string, body: EventPatch): Promise<CalEvent> {
  return ok(api.PATCH("/api/v1/orgs/{org_id}/events/{event_id}", { ...one(orgId, eventId), body }));
}

export function cancelEvent(orgId: string, eventId: string): Promise<CalEvent> {
  return ok(api.POST("/api/v1/orgs/{org_id}/events/{event_id}/cancel", one(orgId, eventId)));
}

export function answerEvent(orgId: string, eventId: string, answer: Answer): Promise<CalEvent> {
  return ok(api.PUT("/api/v1/orgs/{org_id}/events/{event_id}/rsvp", { ...one(orgId, eventId), body: { answer } }));
}

export function eventResponses(orgId: string, eventId: string): Promise<Responses> {
  return ok(api.GET("/api/v1/orgs/{org_id}/events/{event_id}/responses", one(orgId, eventId)));
}

export function organiserPlaces(orgId: string): Promise<Places> {
  return ok(api.GET("/api/v1/orgs/{org_id}/events/places", path(orgId)));
}

export function feedStatus(): Promise<Feed> {
  return ok(api.GET("/api/v1/me/calendar-feed"));
}

export function renewFeed(): Promise<Feed> {
  return ok(api.POST("/api/v1/me/calendar-feed"));
}

export async function revokeFeed(): Promise<void> {
  await ok(api.DELETE("/api/v1/me/calendar-feed"));
}

export function getCall(orgId: string, callId: string): Promise<Schemas["CallOut"]> {
  return ok(api.GET("/api/v1/orgs/{org_id}/calls/{call_id}", { params: { path: { org_id: orgId, call_id: callId } } }));
}
