// The calendar section (/calendar): month, week and agenda views of my events, an event's
// page (/calendar/e/<id>), the organiser's form (/calendar/new, /calendar/e/<id>/edit) and
// answers (/calendar/e/<id>/answers), and the personal feed (/calendar/feed). Times are in
// the person's own zone (the browser's); an event's page adds the school's when it differs.
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { api, ok } from "../../api/client";
import { Link } from "../../app/router";
import type { SectionProps } from "../../app/sections";
import { Spinner } from "../../components/ui";
import { useI18n } from "../../i18n";
import { isVerifiedStaff } from "../chats/NewChat";
import { organiserPlaces, type Places } from "./api";
import { localZone } from "./dates";
import { CalendarViews } from "./CalendarViews";
import { BackToChats, type CalContext } from "./kit";
import "./calendar.css";

const EventPage = lazy(() => import("./EventPage"));
const EventForm = lazy(() => import("./EventForm"));
const AnswersPage = lazy(() => import("./AnswersPage"));
const FeedPanel = lazy(() => import("./FeedPanel"));

const NO_PLACES: Places = { may_organise: false, org: false, classes: [], groups: [] };

export default function CalendarPage({ orgId, org, myId, rest }: SectionProps) {
  const { t } = useI18n();
  const [orgTz, setOrgTz] = useState<string | null>(null);
  const [places, setPlaces] = useState<Places | null>(null);
  const staff = isVerifiedStaff(org.roles);

  useEffect(() => {
    let live = true;
    ok(api.GET("/api/v1/orgs/{org_id}", { params: { path: { org_id: orgId } } }))
      .then((o) => live && setOrgTz(o.timezone))
      .catch(() => live && setOrgTz(localZone()));
    if (staff) {
      organiserPlaces(orgId)
        .then((p) => live && setPlaces(p))
        .catch(() => live && setPlaces(NO_PLACES));
    } else {
      setPlaces(NO_PLACES);
    }
    return () => {
      live = false;
    };
  }, [orgId, staff]);

  const ctx = useMemo<CalContext | null>(
    () => (orgTz ? { orgId, myId, tz: localZone(), orgTz, places } : null),
    [orgId, myId, orgTz, places],
  );
  const parts = rest.split("/").filter(Boolean);
  const loading = <Spinner label={t("common.loading")} />;
  let body = loading;
  if (ctx) {
    if (parts.length === 0) body = <CalendarViews cal={ctx} />;
    else if (parts[0] === "new" && parts.length === 1) body = <EventForm cal={ctx} eventId={null} />;
    else if (parts[0] === "feed" && parts.length === 1) body = <FeedPanel />;
    else if (parts[0] === "e" && parts[1] && parts.length === 2) body = <EventPage cal={ctx} eventId={parts[1]} />;
    else if (parts[0] === "e" && parts[1] && parts[2] === "edit" && parts.length === 3) body = <EventForm cal={ctx} eventId={parts[1]} />;
    else if (parts[0] === "e" && parts[1] && parts[2] === "answers" && parts.length === 3) body = <AnswersPage cal={ctx} eventId={parts[1]} />;
    else body = <NotHere />;
  }
  return (
    <div className="section-page cal-page">
      <Suspense fallback={loading}>{body}</Suspense>
    </div>
  );
}

function NotHere() {
  const { t } = useI18n();
  return (
    <div className="cal-head">
      <BackToChats />
      <h1>{t("notFound.title")}</h1>
      <p>
        <Link href="/calendar">{t("cal.back")}</Link>
      </p>
    </div>
  );
}
