// A <video> showing a MediaStream (the local preview is muted and mirrored).
import { useEffect, useRef } from "react";

export function Video({ stream, local = false, label }: { stream: MediaStream | null; local?: boolean; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el && el.srcObject !== stream) {
      el.srcObject = stream;
      if (stream) void el.play().catch(() => undefined);
    }
  }, [stream]);
  return <video ref={ref} autoPlay playsInline muted={local} className={local ? "mirror" : undefined} aria-label={label} />;
}
