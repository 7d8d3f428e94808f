// Signed links expire: an attachment whose picture or player fails to load, or whose link's
// expiry is past at the moment of a download, is fetched anew once and retried.
import { useCallback, useRef, useState } from "react";
import { latest, refreshAttachment } from "./api";
import { downloadUrl, linkExpired, type Attachment } from "./format";

export function useFreshAttachment(a: Attachment, orgId: string | undefined): [Attachment, () => void] {
  const [current, setCurrent] = useState(() => latest(a));
  const tried = useRef(new Set<string>());
  const shown = current.id === a.id ? current : latest(a);
  const onError = useCallback(() => {
    if (tried.current.has(a.id) || !orgId) return;
    tried.current.add(a.id);
    refreshAttachment(orgId, a.id).then(setCurrent, () => undefined);
  }, [orgId, a.id]);
  return [shown, onError];
}

/** Start a download; renews the link first when it has run out. */
export async function download(a: Attachment, orgId: string | undefined): Promise<void> {
  let url = latest(a).url;
  if (orgId && linkExpired(url, Date.now())) {
    try {
      url = (await refreshAttachment(orgId, a.id)).url;
    } catch {
      // the old link answers with an explanation
    }
  }
  const link = document.createElement("a");
  link.href = downloadUrl(url);
  link.download = a.name;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
}
