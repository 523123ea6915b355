// ← → Home End step through the selected connection from anywhere on the page, except where those
// keys already mean something: text fields, menus, and any element whose own handler used the key
// (the flow list uses Home/End to move between rows and marks the event handled).
import { useEffect } from 'react';

export type StepKey = 'first' | 'prev' | 'next' | 'last';

const KEYS: Record<string, StepKey> = { ArrowLeft: 'prev', ArrowRight: 'next', Home: 'first', End: 'last' };

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return type !== 'button' && type !== 'checkbox' && type !== 'radio' && type !== 'file';
}

export function useStepKeys(onStep: (k: StepKey) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const step = KEYS[e.key];
      if (!step || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (typingInto(e.target)) return;
      e.preventDefault();
      onStep(step);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onStep]);
}
