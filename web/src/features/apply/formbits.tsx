// Labelled select and textarea in the style of components/ui Field (hint and error tied to the
// control with aria-describedby). Used by the application form and the operator console.
import { useId, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

interface Described {
  label: string;
  hint?: string | undefined;
  error?: string | null | undefined;
}

function describe(fid: string, hint?: string, error?: string | null) {
  const hintId = hint ? `${fid}-hint` : undefined;
  const errId = error ? `${fid}-err` : undefined;
  return { hintId, errId, describedBy: [hintId, errId].filter(Boolean).join(" ") || undefined };
}

function Extra({ fid, hint, error }: { fid: string; hint?: string | undefined; error?: string | null | undefined }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${fid}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${fid}-err`}>
          {error}
        </p>
      )}
    </>
  );
}

export function SelectField({
  label,
  hint,
  error,
  id,
  children,
  ref,
  ...select
}: Described & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode; ref?: Ref<HTMLSelectElement> }) {
  const auto = useId();
  const fid = id ?? auto;
  const { describedBy } = describe(fid, hint, error);
  return (
    <div className="field">
      <label htmlFor={fid}>{label}</label>
      <select ref={ref} id={fid} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
      <Extra fid={fid} hint={hint} error={error} />
    </div>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  id,
  ref,
  ...area
}: Described & TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  const auto = useId();
  const fid = id ?? auto;
  const { describedBy } = describe(fid, hint, error);
  return (
    <div className="field">
      <label htmlFor={fid}>{label}</label>
      <textarea ref={ref} id={fid} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...area} />
      <Extra fid={fid} hint={hint} error={error} />
    </div>
  );
}
