// Pieces the integrations pages share: the organisation's chats integrations may use,
// choosing chats, and a secret shown once with a copy button.
import { useEffect, useId, useRef, useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { useI18n, useT, type Key, type T } from "../../i18n";
import { StatusNote, useLoad, type Loaded } from "./kit";

export type IntegrationChat = Schemas["IntegrationChatOut"];

export function useIntegrationChats(orgId: string): Loaded<IntegrationChat[]> {
  return useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/integrations/chats", { params: { path: { org_id: orgId } } })),
    [orgId],
  );
}

/** A chat's name as the console shows it: its title (or kind), "archived" when it is. */
export function chatLabel(t: T, chats: readonly IntegrationChat[] | null, id: string): string {
  const c = chats?.find((x) => x.id === id);
  if (!c) return t("int.unknownChat");
  const title = c.title || t(`kind.${c.kind}` as Key);
  return c.archived ? `${title} (${t("int.archived")})` : title;
}

function optionLabel(t: T, c: IntegrationChat): string {
  return `${c.title || t(`kind.${c.kind}` as Key)} — ${t(`kind.${c.kind}` as Key)}`;
}

export function ChatSelect({
  chats,
  value,
  onChange,
  label,
  exclude = [],
  error,
}: {
  chats: readonly IntegrationChat[];
  value: string;
  onChange(id: string): void;
  label: string;
  exclude?: readonly string[];
  error?: string | null;
}) {
  const t = useT();
  const id = useId();
  const usable = chats.filter((c) => !c.archived && !exclude.includes(c.id));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        required
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
      >
        <option value="">{t("int.chooseChat")}</option>
        {usable.map((c) => (
          <option key={c.id} value={c.id}>
            {optionLabel(t, c)}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Several chats (an outgoing webhook's): a group of checkboxes. */
export function ChatChecks({
  chats,
  value,
  onChange,
  legend,
  error,
}: {
  chats: readonly IntegrationChat[];
  value: ReadonlySet<string>;
  onChange(next: Set<string>): void;
  legend: string;
  error?: string | null;
}) {
  const t = useT();
  const id = useId();
  const usable = chats.filter((c) => !c.archived || value.has(c.id));
  return (
    <fieldset className="int-checks" aria-describedby={error ? `${id}-err` : undefined}>
      <legend>{legend}</legend>
      {usable.length === 0 && <p className="muted">{t("int.noChats")}</p>}
      {usable.map((c) => (
        <label key={c.id} className="check">
          <input
            type="checkbox"
            checked={value.has(c.id)}
            onChange={(e) => {
              const next = new Set(value);
              if (e.target.checked) next.add(c.id);
              else next.delete(c.id);
              onChange(next);
            }}
          />
          {optionLabel(t, c)}
        </label>
      ))}
      {error && (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A secret the server shows once (a token, a webhook address, a signing secret): read-only,
 *  focused when it appears, with a copy button and the warning that it is shown only now. */
export function SecretBox({ label, value, hint, onDone }: { label: string; value: string; hint: string; onDone(): void }) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [value]);
  const copy = async () => {
    setCopied(null);
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard permission (or an old browser): select the text and use the command.
      input.current?.select();
      document.execCommand?.("copy");
    }
    setCopied(t("int.copied"));
  };
  return (
    <div className="int-secret">
      <div className="field">
        <label htmlFor={`${id}-v`}>
          {label}
        </label>
        <div className="adm-copy">
          <input
            ref={input}
            id={`${id}-v`}
            readOnly
            value={value}
            spellCheck={false}
            aria-describedby={`${id}-h`}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className="primary" onClick={() => void copy()}>
            {t("int.copy")}
          </button>
        </div>
        <p className="hint int-once" id={`${id}-h`}>
          <strong>{t("int.shownOnce")}</strong> {hint}
        </p>
      </div>
      <StatusNote text={copied} />
      <p>
        <button type="button" onClick={onDone}>
          {t("int.secretDone")}
        </button>
      </p>
    </div>
  );
}
