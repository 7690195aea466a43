import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Keyboard flow: "put focus on <data-testid> once it is on screen". The request is kept in state
 * and honoured after the first render that has the element, so a focus move never races the render.
 */
export function useFocusRequest(): (testId: string, opts?: { select?: boolean }) => void {
  const [request, setRequest] = useState<{ testId: string; select: boolean; n: number } | null>(null);
  const done = useRef(0);
  useEffect(() => {
    if (!request || done.current === request.n) return;
    const el = document.querySelector<HTMLElement>(`[data-testid="${request.testId}"]`);
    if (!el) return;
    done.current = request.n;
    el.focus();
    if (request.select && el instanceof HTMLInputElement) el.select();
  });
  return useCallback((testId, opts) => setRequest((r) => ({ testId, select: opts?.select ?? false, n: (r?.n ?? 0) + 1 })), []);
}
