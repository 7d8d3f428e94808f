// Admin console → Policies: safe mode for students, quiet hours, per-role message limits
// and the word filter's lists (with a box to try a text against them).
import { useEffect, useId, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useT, type Key } from "../../i18n";
import { useAdmin } from "../admin/AdminConsole";
import { LoadState, StatusNote, formError, useAction, useLoad, type Loaded } from "../admin/kit";
import "./safety.css";

type Settings = Schemas["SafetySettings"];
type Scope = Settings["quiet_hours"]["chats"][number];
type WordList = Schemas["WordListOut"];
type Action = WordList["action"];
type Applies = WordList["applies_to"];

const SCOPES: Scope[] = ["class_parents", "parent_direct", "class", "student_direct", "group"];
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const ROLES = ["student", "parent", "staff"] as const;
const ACTIONS: Action[] = ["hide", "hold"];
const APPLIES: Applies[] = ["students", "members", "everyone"];

export function SafetyRules() {
  const admin = useAdmin();
  const settings = useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/safety/settings", { params: { path: { org_id: admin.orgId } } })),
    [admin.orgId],
  );
  return (
    <>
      <SafeModeCard settings={settings} />
      <QuietCard settings={settings} />
      <RatesCard settings={settings} />
      <WordListsCard />
    </>
  );
}

function usePatch(settings: Loaded<Settings>) {
  const t = useT();
  const admin = useAdmin();
  const act = useAction();
  const patch = (body: Schemas["SafetyPatch"]) =>
    void act.run(
      () =>
        ok(
          api.PATCH("/api/v1/orgs/{org_id}/safety/settings", {
            params: { path: { org_id: admin.orgId } },
            body,
          }),
        ),
      {
        then: (saved) => {
          settings.set(saved);
          return t("admin.saved");
        },
      },
    );
  return { act, patch };
}

function SafeModeCard({ settings }: { settings: Loaded<Settings> }) {
  const t = useT();
  const { act, patch } = usePatch(settings);
  const [draft, setDraft] = useState<Settings["safe_mode"] | null>(null);
  useEffect(() => setDraft(settings.data?.safe_mode ?? null), [settings.data]);
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (draft) patch({ safe_mode: draft });
  };
  return (
    <section aria-labelledby="pol-safe" className="adm-card">
      <h2 id="pol-safe">{t("safety.admin.safeTitle")}</h2>
      <p className="lead">{t("safety.admin.safeIntro")}</p>
      <LoadState state={settings}>
        {() =>
          draft && (
            <form className="stack" onSubmit={save}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.enabled}
                  onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
                />
                {t("safety.admin.safeOn")}
              </label>
              <fieldset disabled={!draft.enabled}>
                <legend className="sr-only">{t("safety.admin.safeTitle")}</legend>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={draft.classmates}
                    onChange={(e) => setDraft({ ...draft, classmates: e.target.checked })}
                  />
                  {t("safety.admin.classmates")}
                </label>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={draft.classmate_calls}
                    onChange={(e) => setDraft({ ...draft, classmate_calls: e.target.checked })}
                  />
                  {t("safety.admin.classmateCalls")}
                </label>
              </fieldset>
              <fieldset disabled={!draft.enabled}>
                <legend>{t("safety.admin.teachers")}</legend>
                {(["all", "own"] as const).map((v) => (
                  <label key={v} className="check">
                    <input
                      type="radio"
                      name="safe-teachers"
                      checked={draft.teachers === v}
                      onChange={() => setDraft({ ...draft, teachers: v })}
                    />
                    {t(`safety.admin.teachers.${v}`)}
                  </label>
                ))}
              </fieldset>
              <p className="hint">{t("safety.admin.safeNote")}</p>
              {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
              <div className="adm-save">
                <button type="submit" className="primary" disabled={act.busy}>
                  {t("safety.admin.save")}
                </button>
                <StatusNote text={act.note} />
              </div>
            </form>
          )
        }
      </LoadState>
    </section>
  );
}

function QuietCard({ settings }: { settings: Loaded<Settings> }) {
  const t = useT();
  const { act, patch } = usePatch(settings);
  const [draft, setDraft] = useState<Settings["quiet_hours"] | null>(null);
  useEffect(() => setDraft(settings.data?.quiet_hours ?? null), [settings.data]);
  const toggle = <V,>(list: V[], v: V, on: boolean): V[] => (on ? [...list, v] : list.filter((x) => x !== v));
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (draft) patch({ quiet_hours: draft });
  };
  return (
    <section aria-labelledby="pol-quiet" className="adm-card">
      <h2 id="pol-quiet">{t("safety.admin.quietTitle")}</h2>
      <p className="lead">{t("safety.admin.quietIntro", { zone: settings.data?.timezone ?? "" })}</p>
      <LoadState state={settings}>
        {() =>
          draft && (
            <form className="stack" onSubmit={save}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.enabled}
                  onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
                />
                {t("safety.admin.quietOn")}
              </label>
              <div className="safety-times">
                <label>
                  {t("safety.admin.from")}{" "}
                  <input
                    type="time"
                    required
                    value={draft.start}
                    onChange={(e) => setDraft({ ...draft, start: e.target.value })}
                  />
                </label>
                <label>
                  {t("safety.admin.to")}{" "}
                  <input type="time" required value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} />
                </label>
              </div>
              <fieldset className="safety-days">
                <legend>{t("safety.admin.daysOff")}</legend>
                {DAYS.map((d) => (
                  <label key={d} className="check">
                    <input
                      type="checkbox"
                      checked={draft.days_off.includes(d)}
                      onChange={(e) => setDraft({ ...draft, days_off: toggle(draft.days_off, d, e.target.checked) })}
                    />
                    {t(`safety.day.${d}` as Key)}
                  </label>
                ))}
              </fieldset>
              <fieldset>
                <legend>{t("safety.admin.scopes")}</legend>
                {SCOPES.map((s) => (
                  <label key={s} className="check">
                    <input
                      type="checkbox"
                      checked={draft.chats.includes(s)}
                      onChange={(e) => setDraft({ ...draft, chats: toggle(draft.chats, s, e.target.checked) })}
                    />
                    {t(`safety.admin.scope.${s}`)}
                  </label>
                ))}
              </fieldset>
              {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
              <div className="adm-save">
                <button type="submit" className="primary" disabled={act.busy}>
                  {t("safety.admin.save")}
                </button>
                <StatusNote text={act.note} />
              </div>
            </form>
          )
        }
      </LoadState>
    </section>
  );
}

function RatesCard({ settings }: { settings: Loaded<Settings> }) {
  const t = useT();
  const { act, patch } = usePatch(settings);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    const r = settings.data?.rate_limits;
    if (r) setDraft({ student: String(r.student), parent: String(r.parent), staff: String(r.staff) });
  }, [settings.data]);
  const valid = (v: string | undefined) => /^\d+$/.test((v ?? "").trim()) && Number(v) >= 1 && Number(v) <= 1000;
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!ROLES.every((r) => valid(draft[r]))) {
      setLocal(t("safety.admin.rateRange"));
      return;
    }
    setLocal(null);
    patch({
      rate_limits: { student: Number(draft.student), parent: Number(draft.parent), staff: Number(draft.staff) },
    });
  };
  return (
    <section aria-labelledby="pol-rates" className="adm-card">
      <h2 id="pol-rates">{t("safety.admin.ratesTitle")}</h2>
      <p className="lead">{t("safety.admin.ratesIntro")}</p>
      <LoadState state={settings}>
        {() => (
          <form className="stack" onSubmit={save} noValidate>
            <div className="safety-rates">
              {ROLES.map((r) => (
                <Field
                  key={r}
                  label={t(`safety.admin.rate.${r}`)}
                  hint={t("safety.admin.perMinute")}
                  inputMode="numeric"
                  value={draft[r] ?? ""}
                  error={draft[r] !== undefined && !valid(draft[r]) ? t("safety.admin.rateRange") : null}
                  onChange={(e) => setDraft({ ...draft, [r]: e.target.value })}
                />
              ))}
            </div>
            {local ? <Alert>{local}</Alert> : null}
            {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
            <div className="adm-save">
              <button type="submit" className="primary" disabled={act.busy}>
                {t("safety.admin.save")}
              </button>
              <StatusNote text={act.note} />
            </div>
          </form>
        )}
      </LoadState>
    </section>
  );
}

interface ListDraft {
  name: string;
  action: Action;
  applies_to: Applies;
  words: string;
  enabled: boolean;
}

const EMPTY: ListDraft = { name: "", action: "hide", applies_to: "members", words: "", enabled: true };

function WordListsCard() {
  const t = useT();
  const admin = useAdmin();
  const path = { params: { path: { org_id: admin.orgId } } };
  const lists = useLoad(() => ok(api.GET("/api/v1/orgs/{org_id}/safety/word-lists", path)), [admin.orgId]);
  const act = useAction();
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [draft, setDraft] = useState<ListDraft>(EMPTY);

  const open = (list: WordList | null) => {
    act.setError(null);
    act.setNote(null);
    setEditing(list ? list.id : "new");
    setDraft(
      list
        ? { name: list.name, action: list.action, applies_to: list.applies_to, words: list.words.join("\n"), enabled: list.enabled }
        : EMPTY,
    );
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name: draft.name,
      action: draft.action,
      applies_to: draft.applies_to,
      words: draft.words.split("\n").map((w) => w.trim()).filter(Boolean),
      enabled: draft.enabled,
    };
    const id = editing;
    void act.run(
      () =>
        id === "new" || id === null
          ? ok(api.POST("/api/v1/orgs/{org_id}/safety/word-lists", { ...path, body }))
          : ok(
              api.PATCH("/api/v1/orgs/{org_id}/safety/word-lists/{list_id}", {
                params: { path: { org_id: admin.orgId, list_id: id } },
                body,
              }),
            ),
      {
        then: () => {
          setEditing(null);
          lists.reload();
          return t("admin.saved");
        },
      },
    );
  };

  const remove = (list: WordList) =>
    void act.run(
      () =>
        ok(
          api.DELETE("/api/v1/orgs/{org_id}/safety/word-lists/{list_id}", {
            params: { path: { org_id: admin.orgId, list_id: list.id } },
          }),
        ),
      {
        confirm: {
          title: t("safety.admin.deleteListConfirm", { name: list.name }),
          action: t("safety.admin.deleteList"),
          danger: true,
        },
        then: () => {
          setEditing(null);
          lists.reload();
          return null;
        },
      },
    );

  return (
    <section aria-labelledby="pol-words" className="adm-card">
      <h2 id="pol-words">{t("safety.admin.listsTitle")}</h2>
      <p className="lead">{t("safety.admin.listsIntro")}</p>
      <LoadState state={lists}>
        {(data) => (
          <div className="stack">
            <h3>{t("safety.admin.lists")}</h3>
            {data.length === 0 ? (
              <p className="muted">{t("safety.admin.listsNone")}</p>
            ) : (
              <ul className="safety-lists">
                {data.map((l) => (
                  <li key={l.id}>
                    <button type="button" className="linklike" aria-expanded={editing === l.id} onClick={() => open(l)}>
                      {l.name}
                    </button>{" "}
                    <span className="muted">
                      {t("safety.admin.listSummary", {
                        count: l.words.length,
                        action: t(`safety.admin.action.${l.action}`),
                      })}
                      {l.enabled ? "" : ` · ${t("safety.admin.off")}`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {editing === null ? (
              <p>
                <button type="button" onClick={() => open(null)}>
                  {t("safety.admin.newList")}
                </button>
              </p>
            ) : (
              <ListForm
                draft={draft}
                setDraft={setDraft}
                onSubmit={save}
                onCancel={() => setEditing(null)}
                onDelete={editing !== "new" ? () => {
                  const l = data.find((x) => x.id === editing);
                  if (l) remove(l);
                } : null}
                busy={act.busy}
                isNew={editing === "new"}
              />
            )}
            {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
            <StatusNote text={act.note} />
            <TryText />
          </div>
        )}
      </LoadState>
    </section>
  );
}

function ListForm({
  draft,
  setDraft,
  onSubmit,
  onCancel,
  onDelete,
  busy,
  isNew,
}: {
  draft: ListDraft;
  setDraft(d: ListDraft): void;
  onSubmit(e: FormEvent): void;
  onCancel(): void;
  onDelete: (() => void) | null;
  busy: boolean;
  isNew: boolean;
}) {
  const t = useT();
  const id = useId();
  return (
    <form className="stack safety-list-form" onSubmit={onSubmit} aria-label={isNew ? t("safety.admin.newList") : draft.name}>
      <Field label={t("safety.admin.listName")} value={draft.name} required maxLength={100} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      <div className="field">
        <label htmlFor={`${id}-words`}>{t("safety.admin.listWords")}</label>
        <textarea
          id={`${id}-words`}
          rows={6}
          value={draft.words}
          onChange={(e) => setDraft({ ...draft, words: e.target.value })}
        />
      </div>
      <fieldset>
        <legend>{t("safety.admin.listAction")}</legend>
        {ACTIONS.map((a) => (
          <label key={a} className="check">
            <input type="radio" name={`${id}-action`} checked={draft.action === a} onChange={() => setDraft({ ...draft, action: a })} />
            {t(`safety.admin.action.${a}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("safety.admin.appliesTo")}</legend>
        {APPLIES.map((a) => (
          <label key={a} className="check">
            <input
              type="radio"
              name={`${id}-applies`}
              checked={draft.applies_to === a}
              onChange={() => setDraft({ ...draft, applies_to: a })}
            />
            {t(`safety.admin.applies.${a}`)}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
        {t("safety.admin.listEnabled")}
      </label>
      <div className="adm-save">
        <button type="submit" className="primary" disabled={busy}>
          {isNew ? t("safety.admin.addList") : t("safety.admin.saveList")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        {onDelete && (
          <button type="button" className="danger" onClick={onDelete}>
            {t("safety.admin.deleteList")}
          </button>
        )}
      </div>
    </form>
  );
}

function TryText() {
  const t = useT();
  const admin = useAdmin();
  const [text, setText] = useState("");
  const [result, setResult] = useState<Schemas["CheckOut"] | null>(null);
  const act = useAction();
  const run = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/safety/word-lists/check", {
            params: { path: { org_id: admin.orgId } },
            body: { text },
          }),
        ),
      {
        then: (r) => {
          setResult(r);
          return null;
        },
      },
    );
  };
  const verdict = !result
    ? null
    : result.action === "hold"
      ? t("safety.admin.checkHold")
      : result.action === "hide"
        ? t("safety.admin.checkHide")
        : t("safety.admin.checkPass");
  return (
    <form className="stack safety-try" onSubmit={run}>
      <h3>{t("safety.admin.check")}</h3>
      <Field label={t("safety.admin.checkText")} value={text} onChange={(e) => setText(e.target.value)} />
      <div>
        <button type="submit" disabled={act.busy || !text.trim()}>
          {t("safety.admin.checkRun")}
        </button>
      </div>
      {result && (
        <div role="status">
          <p>{verdict}</p>
          {result.matches.length > 0 && (
            <ul>
              {result.matches.map((m) => (
                <li key={`${m.list_id}-${m.entry}`}>
                  {t("safety.admin.checkMatch", { found: m.found, entry: m.entry, list: m.list_name })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
    </form>
  );
}
