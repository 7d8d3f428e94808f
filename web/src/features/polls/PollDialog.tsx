// "New poll": question, 2–10 options, one or several choices, anonymous (default), quiz with
// its correct answer, voters adding options, an optional deadline. Sent as its own request
// (POST …/polls); the answer and the message.new event put the poll in the chat.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { Alert, errorText } from "../../components/ui";
import { useT } from "../../i18n";
import type { Chat } from "../chats/types";
import { createPoll } from "./api";
import { deadlineIso } from "./maths";
import "./polls.css";

const MIN = 2;
const MAX = 10;

function newClientId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Today as yyyy-mm-dd in local time (the date picker's lower bound). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const key = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

export function PollDialog({ chat, onClose }: { chat: Chat; onClose(): void }) {
  const t = useT();
  const runtime = useRuntime();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const optionRefs = useRef<(HTMLInputElement | null)[]>([]);
  const [clientId] = useState(newClientId);
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState<string[]>(["", ""]);
  const [multiple, setMultiple] = useState(false);
  const [anonymous, setAnonymous] = useState(true);
  const [quiz, setQuiz] = useState(false);
  const [correct, setCorrect] = useState<number | null>(null);
  const [allowAdd, setAllowAdd] = useState(false);
  const [date, setDate] = useState("");
  const [time, setTime] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const focusOption = useRef<number | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    const i = focusOption.current;
    if (i !== null) {
      optionRefs.current[i]?.focus();
      focusOption.current = null;
    }
  }, [options.length]);

  const setOption = (i: number, v: string) => setOptions((os) => os.map((o, j) => (j === i ? v : o)));
  const addOption = () => {
    if (options.length >= MAX) return;
    focusOption.current = options.length;
    setOptions((os) => [...os, ""]);
  };
  const removeOption = (i: number) => {
    if (options.length <= MIN) return;
    setOptions((os) => os.filter((_, j) => j !== i));
    setCorrect((c) => (c === null || c === i ? null : c > i ? c - 1 : c));
    focusOption.current = Math.max(0, i - 1);
  };

  const check = (): Record<string, string> => {
    const errs: Record<string, string> = {};
    if (!question.trim()) errs.question = t("polls.needQuestion");
    const filled = options.map((o) => o.trim()).filter(Boolean);
    if (filled.length < MIN || new Set(filled.map(key)).size !== filled.length) errs.options = t("polls.needOptions");
    if (quiz && (correct === null || !options[correct]?.trim())) errs.correct = t("polls.needCorrect");
    const at = deadlineIso(date, time);
    if (at && Date.parse(at) <= Date.now()) errs.deadline = t("polls.needFuture");
    return errs;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // React events bubble through the portal to the composer's form: not its business.
    e.stopPropagation();
    setError(null);
    const errs = check();
    setFieldErrors(errs);
    if (Object.keys(errs).length) {
      const first = ref.current?.querySelector<HTMLElement>("[aria-invalid='true']");
      first?.focus();
      return;
    }
    // Empty option boxes are left out; the correct answer's index follows.
    const kept = options.map((o, i) => ({ text: o.trim(), i })).filter((o) => o.text);
    const correctIndex = quiz && correct !== null ? kept.findIndex((o) => o.i === correct) : null;
    setBusy(true);
    try {
      await createPoll(runtime, chat, {
        client_id: clientId,
        question: question.trim(),
        options: kept.map((o) => o.text),
        multiple: quiz ? false : multiple,
        anonymous,
        quiz,
        correct_option: correctIndex,
        allow_add_options: quiz ? false : allowAdd,
        deadline: deadlineIso(date, time),
      });
      ref.current?.close();
    } catch (err) {
      setBusy(false);
      setError(errorText(t, err));
      if (err instanceof ApiError && err.fields) {
        const f: Record<string, string> = {};
        for (const name of Object.keys(err.fields)) {
          const k = name.startsWith("options") ? "options" : name === "correct_option" ? "correct" : name;
          f[k] = errorText(t, err);
        }
        setFieldErrors(f);
      }
    }
  };

  const fe = (k: string) => fieldErrors[k];
  const errId = (k: string) => `${id}-${k}-err`;

  return (
    <dialog ref={ref} className="dialog wide-dialog poll-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{t("polls.dialogTitle")}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t("polls.question")}</label>
          <textarea
            id={`${id}-q`}
            rows={2}
            maxLength={300}
            value={question}
            autoFocus
            aria-invalid={fe("question") ? true : undefined}
            aria-describedby={fe("question") ? errId("question") : undefined}
            onChange={(e) => setQuestion(e.target.value)}
          />
          {fe("question") && (
            <p className="field-error" id={errId("question")}>
              {fe("question")}
            </p>
          )}
        </div>

        <fieldset className="poll-options-edit" aria-describedby={`${id}-opts-hint${fe("options") ? ` ${errId("options")}` : ""}`}>
          <legend>{t("polls.options")}</legend>
          <p className="hint" id={`${id}-opts-hint`}>
            {t("polls.optionsHint")}
          </p>
          <ol className="poll-option-rows">
            {options.map((o, i) => (
              <li key={i} className="poll-option-row">
                <label htmlFor={`${id}-o${i}`} className="sr-only">
                  {t("polls.optionN", { n: i + 1 })}
                </label>
                <input
                  id={`${id}-o${i}`}
                  ref={(el) => {
                    optionRefs.current[i] = el;
                  }}
                  value={o}
                  maxLength={100}
                  placeholder={t("polls.optionN", { n: i + 1 })}
                  aria-invalid={fe("options") && !o.trim() ? true : undefined}
                  onChange={(e) => setOption(i, e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      if (i === options.length - 1) addOption();
                      else optionRefs.current[i + 1]?.focus();
                    }
                  }}
                />
                {options.length > MIN && (
                  <button type="button" className="small ghost" aria-label={t("polls.removeOption", { n: i + 1 })} onClick={() => removeOption(i)}>
                    <span aria-hidden="true">✕</span>
                  </button>
                )}
              </li>
            ))}
          </ol>
          {options.length < MAX && (
            <button type="button" className="small secondary" onClick={addOption}>
              {t("polls.addOption")}
            </button>
          )}
          {fe("options") && (
            <p className="field-error" id={errId("options")}>
              {fe("options")}
            </p>
          )}
        </fieldset>

        {!quiz && (
          <fieldset className="choice">
            <legend>{t("polls.answers")}</legend>
            <label className="check">
              <input type="radio" name={`${id}-multi`} checked={!multiple} onChange={() => setMultiple(false)} />
              {t("polls.single")}
            </label>
            <label className="check">
              <input type="radio" name={`${id}-multi`} checked={multiple} onChange={() => setMultiple(true)} />
              {t("polls.multiple")}
            </label>
          </fieldset>
        )}

        <div>
          <label className="check">
            <input type="checkbox" checked={anonymous} aria-describedby={`${id}-anon-hint`} onChange={(e) => setAnonymous(e.target.checked)} />
            {t("polls.anonymous")}
          </label>
          <p className="hint" id={`${id}-anon-hint`}>
            {t("polls.anonymousHint")}
          </p>
        </div>

        <label className="check">
          <input
            type="checkbox"
            checked={quiz}
            onChange={(e) => {
              setQuiz(e.target.checked);
              if (e.target.checked) {
                setMultiple(false);
                setAllowAdd(false);
              }
            }}
          />
          {t("polls.quiz")}
        </label>
        {quiz && (
          <fieldset aria-describedby={fe("correct") ? errId("correct") : undefined}>
            <legend>{t("polls.correct")}</legend>
            {options.map((o, i) => (
              <label key={i} className="check">
                <input
                  type="radio"
                  name={`${id}-correct`}
                  checked={correct === i}
                  disabled={!o.trim()}
                  aria-invalid={fe("correct") ? true : undefined}
                  onChange={() => setCorrect(i)}
                />
                {o.trim() || t("polls.optionN", { n: i + 1 })}
              </label>
            ))}
            {fe("correct") && (
              <p className="field-error" id={errId("correct")}>
                {fe("correct")}
              </p>
            )}
          </fieldset>
        )}

        {!quiz && (
          <label className="check">
            <input type="checkbox" checked={allowAdd} onChange={(e) => setAllowAdd(e.target.checked)} />
            {t("polls.allowAdd")}
          </label>
        )}

        <fieldset aria-describedby={`${id}-dl-hint${fe("deadline") ? ` ${errId("deadline")}` : ""}`}>
          <legend>{t("polls.deadline")}</legend>
          <div className="poll-deadline">
            <div className="field">
              <label htmlFor={`${id}-date`}>{t("polls.deadlineDate")}</label>
              <input
                id={`${id}-date`}
                type="date"
                value={date}
                min={today()}
                aria-invalid={fe("deadline") ? true : undefined}
                onChange={(e) => setDate(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-time`}>{t("polls.deadlineTime")}</label>
              <input id={`${id}-time`} type="time" value={time} disabled={!date} onChange={(e) => setTime(e.target.value)} />
            </div>
          </div>
          <p className="hint" id={`${id}-dl-hint`}>
            {t("polls.deadlineHint")}
          </p>
          {fe("deadline") && (
            <p className="field-error" id={errId("deadline")}>
              {fe("deadline")}
            </p>
          )}
        </fieldset>

        <Alert>{error}</Alert>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("polls.create")}
          </button>
          <button type="button" onClick={() => ref.current?.close()}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
