// The TCP connections of the capture, one row each. The ladder diagram per flow comes in issue 5.
import type { FlowRow } from '../worker/analysis-api';
import { formatBytes, formatCount } from './format';

/** Rows rendered at most: a plain table of 100 000 rows would freeze the page (issue 5 virtualizes the list). */
const MAX_ROWS = 1000;

export function FlowTable({ flows }: { flows: readonly FlowRow[] }) {
  if (flows.length === 0) return <p>No TCP connections in this capture.</p>;
  const shown = flows.length > MAX_ROWS ? flows.slice(0, MAX_ROWS) : flows;
  return (
    <div className="table-scroll">
      <table className="flow-table">
        <caption>
          {formatCount(flows.length)} TCP connection{flows.length === 1 ? '' : 's'}
          {shown.length < flows.length && (
            <span className="muted"> (the first {formatCount(shown.length)} are listed)</span>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col">Client</th>
            <th scope="col">Server</th>
            <th scope="col" className="num">
              Packets
            </th>
            <th scope="col" className="num">
              Bytes
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.stream} data-testid="flow-row" data-stream={f.stream}>
              <td className="stream">{f.stream}</td>
              <td className="endpoint">{f.client}</td>
              <td className="endpoint">{f.server}</td>
              <td
                className="num"
                title={`${formatCount(f.packetsClientToServer)} client → server, ${formatCount(f.packetsServerToClient)} server → client`}
              >
                {formatCount(f.packetsClientToServer + f.packetsServerToClient)}
              </td>
              <td
                className="num"
                title={`${formatCount(f.bytesClientToServer)} B client → server, ${formatCount(f.bytesServerToClient)} B server → client`}
              >
                {formatBytes(f.bytesClientToServer + f.bytesServerToClient)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
