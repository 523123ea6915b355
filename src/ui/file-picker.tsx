// The file input, styled as a button. The input stays in the tab order (visually hidden, not
// display:none) so the keyboard reaches it and screen readers announce its label. No `accept`
// filter: the format is sniffed from the content, and rotated or renamed captures (capture.pcap1,
// dump.cap0) must be pickable too.
import { type ChangeEvent, useId } from 'react';

export function FilePicker({ onFile, label }: { onFile: (file: File) => void; label: string }) {
  const id = useId();
  const change = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    // Clear the value so choosing the same file again still fires change.
    e.currentTarget.value = '';
    if (file) onFile(file);
  };
  return (
    <div className="file-picker">
      <input id={id} className="visually-hidden" type="file" data-testid="file-input" onChange={change} />
      <label htmlFor={id} className="button primary">
        {label}
      </label>
    </div>
  );
}
