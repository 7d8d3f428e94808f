// A poll in a message: the options to choose before voting; afterwards (and for its author,
// and once closed) the results as bars with percentages and counts, my choice marked, quiz
// answers, voters' names of public polls; change or take back a vote, add an option, close,
// download the results. Live: the chat store applies poll.updated / poll.mine.
import { useId, useState, type FormEvent } from "react";
import { useRuntime } from "../../app/AppShell";
import { errorText } from "../../components/ui";
import { useI18n, type Lang } from "../../i18n";
import type { Message } from "../chats/types";
import { addOption, closePoll, resultsUrl, vote } from "./api";
import type { Poll } from "./events";
import { isClosed, percentages } from "./maths";
import "./polls.css";

const MAX_OPTIONS = 10;

export function whenLabel(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

interface Props {
  m: Message;
  poll: Poll;
  /** My message: I asked the question. */
  mine: boolean;
  /** The author or a chat moderator: may close the poll. */
  canClose: boolean;
}

export function PollCard({ m, poll, mine, canClose }: Props) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const id = useId();
  const orgId = runtime.store.getState().chats[m.chat_id]?.org_id ?? "";
  const [changing, setChanging] = useState(false);
  const [choice, setChoice] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showVoters, setShowVoters] = useState(false);
  const [adding, setAdding] = useState<string | null>(null);
  const [askClose, setAskClose] = useState(false);

  const closed = isClosed(poll, Date.now());
  const myIds = poll.options.filter((o) => o.mine).map((o) => o.id);
  const voted = myIds.length > 0;
  const voting = !closed && (changing || (!voted && !mine));
  const single = !poll.multiple;
  const pct = percentages(
    poll.options.map((o) => o.votes),
    poll.total_voters,
  );
  const correctKnown = poll.options.some((o) => o.correct != null);
  const gotRight = poll.quiz && voted && poll.options.some((o) => o.mine && o.correct === true);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(errorText(t, err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submitVote = async (e: FormEvent) => {
    e.preventDefault();
    if (choice.length === 0) return;
    if (await run(() => vote(runtime, orgId, m, poll, choice))) setChanging(false);
  };

  const startChange = () => {
    setChoice(myIds);
    setChanging(true);
  };

  const toggle = (optionId: string, on: boolean) =>
    setChoice((c) => (single ? [optionId] : on ? [...c.filter((x) => x !== optionId), optionId] : c.filter((x) => x !== optionId)));

  const kindLabel = poll.quiz ? t("polls.kindQuiz") : poll.anonymous ? t("polls.kindAnonymous") : t("polls.kindPublic");
  const questionId = `${id}-q`;

  return (
    <div className={`poll${closed ? " closed" : ""}`} role="group" aria-labelledby={questionId}>
      <p className="poll-kind">
        {kindLabel}
        {poll.multiple && <> · {t("polls.kindMultiple")}</>}
      </p>
      <p className="poll-question" id={questionId}>
        {poll.question}
      </p>

      {voting ? (
        <form onSubmit={(e) => void submitVote(e)} className="poll-vote">
          <fieldset>
            <legend className="sr-only">{poll.question}</legend>
            {poll.options.map((o) => (
              <label key={o.id} className="check poll-choice">
                <input
                  type={single ? "radio" : "checkbox"}
                  name={`${id}-choice`}
                  value={o.id}
                  checked={choice.includes(o.id)}
                  onChange={(e) => toggle(o.id, e.target.checked)}
                />
                <span>{o.text}</span>
              </label>
            ))}
          </fieldset>
          <div className="poll-actions">
            <button type="submit" className="small primary" disabled={busy || choice.length === 0}>
              {busy ? t("polls.pendingVote") : poll.quiz ? t("polls.answer") : t("polls.vote")}
            </button>
            {changing && (
              <button type="button" className="small ghost" onClick={() => setChanging(false)}>
                {t("polls.cancelChange")}
              </button>
            )}
          </div>
        </form>
      ) : (
        <ul className="poll-results" aria-label={t("polls.showResults")}>
          {poll.options.map((o, i) => {
            const p = pct[i] ?? 0;
            const marks: string[] = [];
            if (o.mine) marks.push(t("polls.yourChoice"));
            if (o.correct === true) marks.push(t("polls.correctMark"));
            else if (o.mine && o.correct === false) marks.push(t("polls.wrongMark"));
            return (
              <li
                key={o.id}
                className={`poll-result${o.mine ? " mine" : ""}${o.correct === true ? " correct" : ""}${o.mine && o.correct === false ? " wrong" : ""}`}
              >
                <div className="poll-result-line">
                  <span className="poll-result-text">
                    {o.mine && <span aria-hidden="true">✓ </span>}
                    {o.text}
                    {marks.length > 0 && <span className="poll-marks"> — {marks.join(", ")}</span>}
                  </span>
                  <span className="poll-result-num">
                    {t("polls.optionResult", { percent: p, votes: t("polls.optionVotes", { count: o.votes }) })}
                  </span>
                </div>
                <div className="poll-bar" aria-hidden="true">
                  <span style={{ width: `${p}%` }} />
                </div>
                {showVoters && o.voters && (
                  <p className="poll-voters">{o.voters.length ? o.voters.join(", ") : t("polls.noVoters")}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {poll.quiz && voted && !voting && (
        <p className={gotRight ? "poll-verdict right" : "poll-verdict"}>
          {correctKnown ? (gotRight ? t("polls.youRight") : t("polls.youWrong")) : t("polls.answered")}
        </p>
      )}

      <p className="poll-meta">
        <span aria-live="polite">
          {poll.total_voters > 0 ? t("polls.voted", { count: poll.total_voters }) : t("polls.nobodyVoted")}
        </span>
        {(closed || poll.deadline) && (
          <span>
            {" · "}
            {closed ? t("polls.closed") : poll.deadline ? t("polls.until", { when: whenLabel(poll.deadline, lang) }) : null}
          </span>
        )}
      </p>

      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}

      {adding !== null && (
        <form
          className="poll-add"
          onSubmit={(e) => {
            e.preventDefault();
            const text = adding.trim();
            if (text) void run(() => addOption(runtime, orgId, m, poll, text)).then((okay) => okay && setAdding(null));
          }}
        >
          <label htmlFor={`${id}-add`} className="sr-only">
            {t("polls.addYoursLabel")}
          </label>
          <input id={`${id}-add`} value={adding} maxLength={100} autoFocus placeholder={t("polls.addYoursLabel")} onChange={(e) => setAdding(e.target.value)} />
          <button type="submit" className="small" disabled={busy || !adding.trim()}>
            {t("polls.add")}
          </button>
          <button type="button" className="small ghost" onClick={() => setAdding(null)}>
            {t("common.cancel")}
          </button>
        </form>
      )}

      {askClose && (
        <div className="poll-confirm" role="group" aria-label={t("polls.close")}>
          <p>{t("polls.closeAsk")}</p>
          <button
            type="button"
            className="small danger"
            autoFocus
            disabled={busy}
            onClick={() => void run(() => closePoll(runtime, orgId, m, poll)).then(() => setAskClose(false))}
          >
            {t("polls.closeYes")}
          </button>
          <button type="button" className="small ghost" onClick={() => setAskClose(false)}>
            {t("common.cancel")}
          </button>
        </div>
      )}

      <div className="poll-actions">
        {!voting && !closed && mine && !voted && (
          <button type="button" className="small" onClick={startChange}>
            {poll.quiz ? t("polls.answer") : t("polls.vote")}
          </button>
        )}
        {!voting && !closed && voted && !poll.quiz && (
          <>
            <button type="button" className="small" onClick={startChange}>
              {t("polls.changeVote")}
            </button>
            <button type="button" className="small ghost" disabled={busy} onClick={() => void run(() => vote(runtime, orgId, m, poll, []))}>
              {t("polls.retract")}
            </button>
          </>
        )}
        {!voting && !poll.anonymous && poll.total_voters > 0 && (
          <button type="button" className="small ghost" aria-expanded={showVoters} onClick={() => setShowVoters((v) => !v)}>
            {showVoters ? t("polls.hideVoters") : t("polls.showVoters")}
          </button>
        )}
        {!closed && poll.allow_add_options && poll.options.length < MAX_OPTIONS && adding === null && (
          <button type="button" className="small ghost" onClick={() => setAdding("")}>
            {t("polls.addYours")}
          </button>
        )}
        {!closed && canClose && !askClose && (
          <button type="button" className="small ghost" onClick={() => setAskClose(true)}>
            {t("polls.close")}
          </button>
        )}
        {mine && (
          <a className="button small ghost" href={resultsUrl(orgId, poll.id)} download>
            {t("polls.download")}
          </a>
        )}
      </div>
    </div>
  );
}
