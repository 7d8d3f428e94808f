// Browsing verified items: subject, grade and words (kept in the address, so Back restores
// them), newest first, more on demand.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { navigate } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { SelectField, useLoad } from "../admin/kit";
import { usePaged } from "../operator/kit";
import { browse, subjects, type Filters, type Item } from "./api";
import { GRADES, gradeParam } from "./grades";
import { ItemSummary } from "./ItemParts";
import { subjectLabel } from "./labels";

export function filtersOf(query: URLSearchParams): Filters {
  return { subject: query.get("subject") || null, grade: gradeParam(query.get("grade")), q: query.get("q") ?? "" };
}

function href(f: Filters): string {
  const p = new URLSearchParams();
  if (f.subject) p.set("subject", f.subject);
  if (f.grade) p.set("grade", String(f.grade));
  if (f.q.trim()) p.set("q", f.q.trim());
  const s = p.toString();
  return s ? `/catalogue?${s}` : "/catalogue";
}

export function Browse({ query }: { query: URLSearchParams }) {
  const { t } = useI18n();
  const id = useId();
  const applied = filtersOf(query);
  const key = href(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  useEffect(() => setDraft(filtersOf(new URLSearchParams(key.split("?")[1] ?? ""))), [key]);
  const subjectList = useLoad(() => subjects(), []);
  const list = usePaged<Item>((cursor) => browse(applied, cursor), key);
  const results = useRef<HTMLHeadingElement>(null);
  const searched = useRef(false);

  // After a search, the keyboard lands on the results' heading (it says how many).
  useEffect(() => {
    if (searched.current && list.items !== null) {
      searched.current = false;
      results.current?.focus();
    }
  }, [list.items]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    searched.current = true;
    navigate(href(draft));
  };
  const filtered = Boolean(applied.subject || applied.grade || applied.q.trim());

  return (
    <>
      <form className="cat-filters" role="search" aria-label={t("cat.search")} onSubmit={submit}>
        <SelectField
          label={t("cat.subject")}
          value={draft.subject ?? ""}
          onChange={(e) => setDraft((d) => ({ ...d, subject: e.target.value || null }))}
        >
          <option value="">{t("cat.anySubject")}</option>
          {(subjectList.data ?? []).map((s) => (
            <option key={s.code} value={s.code}>
              {subjectLabel(t, s.code, s.name)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("cat.grade")}
          value={draft.grade ?? ""}
          onChange={(e) => setDraft((d) => ({ ...d, grade: gradeParam(e.target.value) }))}
        >
          <option value="">{t("cat.anyGrade")}</option>
          {GRADES.map((g) => (
            <option key={g} value={g}>
              {t("cat.gradeOption", { grade: g })}
            </option>
          ))}
        </SelectField>
        <div className="field cat-q">
          <label htmlFor={`${id}-q`}>{t("cat.words")}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={draft.q}
            maxLength={200}
            onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
          />
        </div>
        <div className="cat-filter-buttons">
          <button type="submit" className="primary">
            {t("cat.find")}
          </button>
          {filtered && (
            <button
              type="button"
              onClick={() => {
                searched.current = true;
                navigate("/catalogue");
              }}
            >
              {t("cat.reset")}
            </button>
          )}
        </div>
      </form>
      <h2 className="cat-results-head" ref={results} tabIndex={-1}>
        {list.items === null
          ? t("cat.results")
          : list.items.length === 0
            ? t("cat.nothing")
            : list.hasMore
              ? t("cat.foundMore", { count: list.items.length })
              : t("cat.found", { count: list.items.length })}
      </h2>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <p className="loading" role="status">
          {t("common.loading")}
        </p>
      ) : list.items.length === 0 ? (
        <p className="muted">{filtered ? t("cat.nothingHint") : t("cat.emptyCatalogue")}</p>
      ) : (
        <ul className="cat-list">
          {list.items.map((item) => (
            <li key={item.id} className="cat-card">
              <ItemSummary item={item} href={`/catalogue/items/${item.id}`} />
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {list.loadingMore ? t("common.loading") : t("cat.more")}
        </button>
      )}
    </>
  );
}
