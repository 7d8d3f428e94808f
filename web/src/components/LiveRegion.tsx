// One polite live region for the app: screen readers hear incoming messages without
// losing their place. Messages are appended (and old ones pruned) so repeats are read too.
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";

type Announce = (text: string) => void;
const Ctx = createContext<Announce>(() => {});

export function LiveRegion({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<{ id: number; text: string }[]>([]);
  const next = useRef(0);
  const announce = useCallback<Announce>((text) => {
    const id = ++next.current;
    setItems((list) => [...list.slice(-4), { id, text }]);
  }, []);
  return (
    <Ctx.Provider value={announce}>
      {children}
      <div className="sr-only" aria-live="polite" aria-relevant="additions" data-testid="announcer">
        {items.map((i) => (
          <p key={i.id}>{i.text}</p>
        ))}
      </div>
    </Ctx.Provider>
  );
}

export function useAnnouncer(): Announce {
  return useContext(Ctx);
}
