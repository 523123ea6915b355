// What Wirelens is and the ways to open a capture: drop anywhere, pick a file, or open an example.
import { EXAMPLES, type Example } from './examples';
import { FilePicker } from './file-picker';

export function Landing({
  onFile,
  onExample,
}: {
  onFile: (f: File) => void;
  onExample: (e: Example) => void;
}) {
  return (
    <section className="landing" aria-labelledby="landing-title">
      <h2 id="landing-title">Open a capture</h2>
      <p className="drop-hint">Drop a .pcap or .pcapng file anywhere on this page, or choose one.</p>
      <div className="actions">
        <FilePicker onFile={onFile} label="Choose a capture file…" />
        {EXAMPLES.map((e) => (
          <button key={e.file} type="button" className="button" onClick={() => onExample(e)} title={e.title}>
            Open example
            <span className="visually-hidden">: {e.title}</span>
          </button>
        ))}
      </div>
      <p className="privacy">
        Your capture is read on this computer, in this browser tab. Nothing is uploaded.
      </p>
    </section>
  );
}
