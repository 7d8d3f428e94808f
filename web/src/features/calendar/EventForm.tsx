// Organise or change an event: title and type, for whom (the organisation, a class, a group
// or a chat — only the places the server says I may use), all day or from–to in a chosen
// time zone, place or online, sign-up with places, reminders, description, and files for
// chat events. A change sends only what changed, so a fixed typo does not e-mail everyone.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { navigate, useLocation } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { chatTitle } from "../chats/ChatList";
import { chatList } from "../chats/reducer";
import { cancelUpload } from "../files/api";
import { createEvent, getEvent, KINDS, updateEvent, type CalEvent, type EventIn, type Kind } from "./api";
import { dayIn, isDay } from "./dates";
import { changes, defaultDraft, FIELD_OF, fromEvent, moveStart, planOf, timesOf, type Draft, type Errors, type Scope } from "./draft";
import { audienceText, kindText, zoneLabel } from "./format";
import { FilesField, RemindersField, Row, zoneChoices, type Upload } from "./FormParts";
import { BackToCalendar, BackToChats, type CalContext } from "./kit";
import { MeetingFields } from "./MeetingFields";

export default function EventForm({ cal, eventId }: { cal: CalContext; eventId: string | null }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const { query } = useLocation();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const chatsState = useStore(runtime.store, (s) => s);
  const chats = useMemo(() => chatList(chatsState, cal.orgId).filter((c) => !c.archived), [chatsState, cal.orgId]);
  const places = cal.places;
  const scopes: Scope[] = [];
  if (places?.org) scopes.push("org");
  if (places?.classes.length) scopes.push("class");
  if (places?.groups.length) scopes.push("group");
  if (places?.may_organise && chats.length) scopes.push("chat");

  const [original, setOriginal] = useState<CalEvent | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [d, setD] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);

  // A new event: from the day (and chat) in the address, once I know where I may organise.
  useEffect(() => {
    if (eventId !== null || d !== null || places === null) return;
    const qDay = query.get("day");
    const qChat = query.get("chat");
    const day = isDay(qDay) ? qDay : dayIn(Date.now(), cal.tz);
    const chat = qChat && chats.some((c) => c.id === qChat) ? qChat : "";
    const scope: Scope | "" = chat ? "chat" : scopes.includes("class") ? "class" : (scopes[0] ?? "");
    const placeId = chat || (scope === "class" && places.classes.length === 1 ? (places.classes[0]?.id ?? "") : "");
    setD(defaultDraft(cal.tz, day, scope, placeId));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId, places]);

  // A change: from the event as it is now.
  useEffect(() => {
    if (eventId === null) return;
    let live = true;
    getEvent(cal.orgId, eventId)
      .then((ev) => {
        if (!live) return;
        setOriginal(ev);
        setD(fromEvent(ev, cal.tz));
      })
      .catch((err: unknown) => live && setLoadError(err));
    return () => {
      live = false;
    };
  }, [eventId, cal.orgId, cal.tz]);

  const ready = d !== null;
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [ready]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setD((cur) => {
      if (!cur) return cur;
      const next = { ...cur, [key]: value };
      return key === "startDay" || key === "startTime" ? moveStart(cur, next) : next;
    });
    const field = key === "startDay" || key === "startTime" ? "start" : key === "endDay" || key === "endTime" ? "end" : key;
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  // Files belong to one chat: choosing another drops them.
  const chatId = d?.scope === "chat" ? d.placeId : "";
  const uploadsChat = useRef("");
  useEffect(() => {
    if (uploadsChat.current && uploadsChat.current !== chatId) {
      for (const u of uploads) if (u.attachment) void cancelUpload(cal.orgId, uploadsChat.current, u.attachment.id);
      setUploads([]);
    }
    uploadsChat.current = chatId;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chatId]);

  if (loadError) {
    return (
      <>
        <header className="cal-head">
          <BackToChats />
          <BackToCalendar />
        </header>
        <Alert>{loadError instanceof ApiError && loadError.status === 404 ? t("cal.notFound") : errorText(t, loadError)}</Alert>
      </>
    );
  }
  const editing = eventId !== null;
  const back = editing ? `/calendar/e/${eventId}` : "/calendar";
  if (places !== null && !places.may_organise && !editing) {
    return (
      <>
        <header className="cal-head">
          <BackToChats />
          <BackToCalendar />
        </header>
        <h1>{t("cal.form.newTitle")}</h1>
        <Alert kind="info">{t("cal.form.noRights")}</Alert>
      </>
    );
  }
  if (!d) return <p className="loading">{t("common.loading")}</p>;

  const check = (): Errors => {
    const errs: Errors = {};
    if (!d.title.trim()) errs.title = t("cal.form.needTitle");
    if (!editing && (!d.scope || (d.scope !== "org" && !d.placeId))) errs.scope = t("cal.form.needPlace");
    const n = Number(d.capacity);
    if (d.signUp && !(Number.isInteger(n) && n >= 1 && n <= 100000)) errs.capacity = t("cal.form.needCapacity");
    const times = timesOf(d, t);
    if (!times.ok) Object.assign(errs, times.errors);
    return errs;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = check();
    setErrors(errs);
    setError(null);
    const times = timesOf(d, t);
    if (Object.keys(errs).length || !times.ok) {
      const first = Object.keys(errs)[0];
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      let saved: CalEvent;
      if (!editing) {
        const scope = d.scope as Scope;
        const body: EventIn = {
          scope,
          kind: d.kind,
          title: d.title.trim(),
          description: d.description,
          place: d.place.trim(),
          online: d.online || Boolean(d.meeting),
          call: planOf(d),
          capacity: d.signUp ? Number(d.capacity) : null,
          reminders: d.reminders,
          attachment_ids: scope === "chat" ? uploads.flatMap((u) => (u.attachment ? [u.attachment.id] : [])) : [],
          ...(scope === "class" ? { class_id: d.placeId } : scope === "group" ? { group_id: d.placeId } : scope === "chat" ? { chat_id: d.placeId } : {}),
          ...times.value,
        };
        saved = await createEvent(cal.orgId, body);
      } else {
        saved = await updateEvent(cal.orgId, eventId, changes(original as CalEvent, d, times.value));
      }
      navigate(`/calendar/e/${saved.id}`);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.fields) {
        const mapped: Errors = {};
        for (const [k, v] of Object.entries(err.fields)) {
          const f = FIELD_OF[k];
          if (f) mapped[f] = v;
        }
        setErrors(mapped);
      }
    } finally {
      setBusy(false);
    }
  };

  const zones = zoneChoices(cal, d.zone, lang, t);
  const err = (k: keyof Errors) => (errors[k] ? `${id}-${k}-err` : undefined);
  const pickLabel = d.scope === "class" || d.scope === "group" || d.scope === "chat" ? t(`cal.form.pick.${d.scope}`) : "";
  const choices: { id: string; name: string }[] =
    d.scope === "class" ? (places?.classes ?? []) : d.scope === "group" ? (places?.groups ?? []) : d.scope === "chat" ? chats.map((c) => ({ id: c.id, name: chatTitle(c, t) })) : [];

  return (
    <form className="cal-form stack" aria-labelledby={`${id}-h`} noValidate onSubmit={(e) => void submit(e)}>
      <header className="cal-head">
        <BackToChats />
        <BackToCalendar to={back} event={editing} />
      </header>
      <h1 id={`${id}-h`} ref={heading} tabIndex={-1}>
        {editing ? t("cal.form.editTitle") : t("cal.form.newTitle")}
      </h1>
      {error !== null && <Alert>{Object.keys(errors).length ? t("cal.form.fixErrors") : errorText(t, error)}</Alert>}

      <Row id={`${id}-title`} label={t("cal.form.title")} error={errors.title}>
        <input id={`${id}-title`} value={d.title} maxLength={200} required aria-invalid={errors.title ? true : undefined} aria-describedby={err("title")} onChange={(e) => set("title", e.target.value)} />
      </Row>
      <Row id={`${id}-kind`} label={t("cal.form.kind")}>
        <select id={`${id}-kind`} value={d.kind} onChange={(e) => set("kind", e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {kindText(k, t)}
            </option>
          ))}
        </select>
      </Row>

      {editing && original ? (
        <p>
          <strong>{t("cal.form.audience")}:</strong> {audienceText(original, t)}
        </p>
      ) : (
        <fieldset className="cal-audience">
          <legend>{t("cal.form.audience")}</legend>
          <div className="cal-choice">
            {scopes.map((s) => (
              <label key={s} className="check">
                <input type="radio" name={`${id}-scope`} id={s === scopes[0] ? `${id}-scope` : undefined} value={s} checked={d.scope === s} onChange={() => setD({ ...d, scope: s, placeId: s === "class" && places?.classes.length === 1 ? (places.classes[0]?.id ?? "") : "" })} />
                {t(`cal.form.scope.${s}`)}
              </label>
            ))}
          </div>
          {d.scope && d.scope !== "org" && (
            <Row id={`${id}-place-pick`} label={pickLabel}>
              <select id={`${id}-place-pick`} value={d.placeId} aria-invalid={errors.scope ? true : undefined} aria-describedby={err("scope")} onChange={(e) => set("placeId", e.target.value)}>
                <option value="">{t("cal.form.choose")}</option>
                {choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Row>
          )}
          {d.scope && <p className="hint">{t(`cal.form.hint.${d.scope}`)}</p>}
          {errors.scope && (
            <p className="field-error" id={`${id}-scope-err`}>
              {errors.scope}
            </p>
          )}
        </fieldset>
      )}

      <fieldset className="cal-when">
        <legend>{t("cal.when")}</legend>
        <label className="check">
          <input type="checkbox" checked={d.allDay} onChange={(e) => set("allDay", e.target.checked)} />
          {t("cal.form.allDay")}
        </label>
        <div className="cal-when-grid">
          <Row id={`${id}-start`} label={t("cal.form.startDate")} error={errors.start}>
            <input id={`${id}-start`} type="date" value={d.startDay} aria-invalid={errors.start ? true : undefined} aria-describedby={err("start")} onChange={(e) => set("startDay", e.target.value)} />
          </Row>
          {!d.allDay && (
            <Row id={`${id}-start-time`} label={t("cal.form.startTime")}>
              <input id={`${id}-start-time`} type="time" step={300} value={d.startTime} onChange={(e) => set("startTime", e.target.value)} />
            </Row>
          )}
          <Row id={`${id}-end`} label={t("cal.form.endDate")} error={errors.end}>
            <input id={`${id}-end`} type="date" value={d.endDay} min={d.startDay} aria-invalid={errors.end ? true : undefined} aria-describedby={err("end")} onChange={(e) => set("endDay", e.target.value)} />
          </Row>
          {!d.allDay && (
            <Row id={`${id}-end-time`} label={t("cal.form.endTime")}>
              <input id={`${id}-end-time`} type="time" step={300} value={d.endTime} onChange={(e) => set("endTime", e.target.value)} />
            </Row>
          )}
        </div>
        {d.allDay ? (
          <p className="hint">{t("cal.form.allDayZone", { zone: zoneLabel(cal.orgTz, lang) })}</p>
        ) : (
          <Row id={`${id}-zone`} label={t("cal.form.zone")}>
            <select id={`${id}-zone`} value={d.zone} onChange={(e) => set("zone", e.target.value)}>
              {zones.map((z) => (
                <option key={z.value} value={z.value}>
                  {z.label}
                </option>
              ))}
            </select>
          </Row>
        )}
      </fieldset>

      <fieldset>
        <legend>{t("cal.where")}</legend>
        <Row id={`${id}-place`} label={t("cal.form.place")} hint={t("cal.form.placeHint")} error={errors.place}>
          <input id={`${id}-place`} value={d.place} maxLength={300} aria-describedby={[`${id}-place-hint`, err("place")].filter(Boolean).join(" ")} onChange={(e) => set("place", e.target.value)} />
        </Row>
        <label className="check">
          <input type="checkbox" checked={d.online} onChange={(e) => set("online", e.target.checked)} />
          {t("cal.form.online")}
        </label>
        <MeetingFields id={id} d={d} set={set} chats={chats.map((c) => ({ id: c.id, name: chatTitle(c, t) }))} />
      </fieldset>

      <fieldset>
        <legend>{t("cal.form.placesLegend")}</legend>
        <label className="check">
          <input type="checkbox" checked={d.signUp} aria-describedby={`${id}-signup-hint`} onChange={(e) => set("signUp", e.target.checked)} />
          {t("cal.form.signUp")}
        </label>
        <p className="hint" id={`${id}-signup-hint`}>
          {t("cal.form.signUpHint")}
        </p>
        {d.signUp && (
          <Row id={`${id}-capacity`} label={t("cal.form.capacity")} error={errors.capacity}>
            <input id={`${id}-capacity`} type="number" inputMode="numeric" min={1} max={100000} value={d.capacity} aria-invalid={errors.capacity ? true : undefined} aria-describedby={err("capacity")} onChange={(e) => set("capacity", e.target.value)} />
          </Row>
        )}
      </fieldset>

      <RemindersField id={id} value={d.reminders} onChange={(v) => set("reminders", v)} />

      <Row id={`${id}-desc`} label={t("cal.form.description")} hint={t("cal.form.descriptionHint")} error={errors.description}>
        <textarea id={`${id}-desc`} rows={5} maxLength={10000} value={d.description} aria-describedby={[`${id}-desc-hint`, errors.description ? `${id}-desc-err` : ""].filter(Boolean).join(" ")} onChange={(e) => set("description", e.target.value)} />
      </Row>

      {!editing && d.scope === "chat" && d.placeId && (
        <FilesField id={id} orgId={cal.orgId} chatId={d.placeId} uploads={uploads} setUploads={setUploads} onError={setError} />
      )}

      <div className="cal-actions">
        <button type="submit" className="primary" disabled={busy || uploads.some((u) => !u.attachment)}>
          {editing ? t("cal.form.save") : t("cal.form.create")}
        </button>
        <button type="button" onClick={() => navigate(back)}>
          {t("cal.form.cancel")}
        </button>
      </div>
    </form>
  );
}

