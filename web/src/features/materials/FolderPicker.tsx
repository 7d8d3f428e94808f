// Choosing a folder of one library (to move an item, or to save a chat's file into): the
// path so far with steps back up, and the folders inside to step into.
import { useRef } from "react";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { useLoad } from "../admin/kit";
import { folder, type Where } from "./api";
import { useFocusOn } from "./kit";

export function FolderPicker({
  orgId,
  where,
  placeTitle,
  value,
  onChange,
  exclude = null,
  legend,
}: {
  orgId: string;
  where: Where;
  placeTitle: string;
  value: string | null;
  onChange(folderId: string | null): void;
  /** A folder that cannot be chosen or entered (the one being moved). */
  exclude?: string | null;
  legend: string;
}) {
  const { t } = useI18n();
  const page = useLoad(() => folder(orgId, where, value), [orgId, where.place, where.placeId, value]);
  const here = useRef<HTMLParagraphElement>(null);
  useFocusOn(value, here);
  const path = page.data?.path ?? [];
  const folders = (page.data?.items ?? []).filter((i) => i.kind === "folder" && i.id !== exclude);
  const shown = [placeTitle, ...path.map((f) => f.title)].join(" / ");
  return (
    <fieldset className="mat-picker">
      <legend>{legend}</legend>
      <p className="mat-picker-here" ref={here} tabIndex={-1}>
        {t("mat.picker.chosen")} <strong>{page.data || value === null ? shown : t("common.loading")}</strong>
      </p>
      {page.error ? <Alert>{errorText(t, page.error)}</Alert> : null}
      <div className="mat-picker-row">
        {value !== null && (
          <button
            type="button"
            className="small"
            onClick={() => onChange(path.length > 1 ? (path[path.length - 2]?.id ?? null) : null)}
          >
            <span aria-hidden="true">↑ </span>
            {t("mat.picker.up")}
          </button>
        )}
        {value !== null && path.length > 1 && (
          <button type="button" className="small" onClick={() => onChange(null)}>
            {t("mat.picker.top")}
          </button>
        )}
      </div>
      {page.data === null ? (
        <p className="loading" role="status">
          {t("common.loading")}
        </p>
      ) : folders.length === 0 ? (
        <p className="muted mat-picker-empty">{t("mat.picker.noFolders")}</p>
      ) : (
        <ul className="mat-picker-list" aria-label={t("mat.picker.inside")}>
          {folders.map((f) => (
            <li key={f.id}>
              <button type="button" className="small ghost" onClick={() => onChange(f.id)}>
                <span aria-hidden="true">📁 </span>
                {t("mat.picker.open", { name: f.title })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
