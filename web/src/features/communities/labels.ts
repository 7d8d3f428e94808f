// Labels of community values in the person's language.
import type { Key } from "../../i18n";

export function kindLabel(t: (k: Key) => string, kind: string): string {
  return t(`communities.kind.${kind}` as Key);
}
