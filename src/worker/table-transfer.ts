// Moves a PacketTable from the worker to the page without copying its columns.
// Structured clone keeps typed arrays and plain fields but drops prototypes, so a PacketTable arrives
// as a bag of fields with no methods. toTransferable() snapshots the fields and lists every column's
// ArrayBuffer for postMessage's transfer list (Comlink.transfer); fromTransferable() puts the
// prototypes back. Transferred buffers are detached in the worker: the worker must not touch the
// table afterwards.
import { AddressTable } from '../capture/address-table';
import { EndpointPairs } from '../capture/endpoint-pairs';
import { OptionTable, PacketTable } from '../capture/packet-table';
import { RecordIndex } from '../capture/record-index';

/** The data members of a class instance (what structured clone keeps). */
type Fields<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };

/** The layout this page reads: 2 since rows hold an endpoint pair and the record fields are sparse. */
const LAYOUT = 2;

export interface TransferableTable {
  /** Bumped when the layout changes, so a stale worker bundle is caught instead of misread. */
  readonly layout: typeof LAYOUT;
  readonly table: Omit<Fields<PacketTable>, 'options' | 'addresses' | 'pairs' | 'records'>;
  readonly options: Fields<OptionTable>;
  readonly addresses: Fields<AddressTable>;
  readonly pairs: Fields<EndpointPairs>;
  readonly records: Fields<RecordIndex>;
}

export interface Transferable<T> {
  value: T;
  transfer: ArrayBuffer[];
}

/** Every ArrayBuffer behind a typed-array field of `objects`, each once (a duplicate makes postMessage throw). */
function typedArrayBuffers(...objects: object[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const o of objects) {
    for (const v of Object.values(o)) {
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) seen.add(v.buffer);
    }
  }
  return [...seen];
}

/**
 * Trims the table (no slack rows cross the boundary) and returns a plain snapshot of it with the list
 * of buffers to transfer. The spread copies own fields only, including TypeScript-private ones such
 * as the address table's hash slots, which is what the rebuilt table needs to keep working.
 */
export function toTransferable(table: PacketTable): Transferable<TransferableTable> {
  table.trim();
  const { options, addresses, pairs, records, ...fields } = table;
  const value: TransferableTable = {
    layout: LAYOUT,
    table: fields,
    options: { ...options },
    addresses: { ...addresses },
    pairs: { ...pairs },
    records: { ...records },
  };
  const transfer = typedArrayBuffers(fields, options, addresses, pairs, records);
  for (const b of table.buffers()) if (!transfer.includes(b)) transfer.push(b);
  return { value, transfer };
}

/** Rebuilds a PacketTable (with working methods) from what toTransferable produced after a structured clone. */
export function fromTransferable(data: TransferableTable): PacketTable {
  if (data.layout !== LAYOUT)
    throw new Error(`packet table layout ${String(data.layout)} is not the one this page reads`);
  return Object.assign(new PacketTable(), data.table, {
    options: Object.assign(new OptionTable(), data.options),
    addresses: Object.assign(new AddressTable(), data.addresses),
    pairs: Object.assign(new EndpointPairs(), data.pairs),
    records: Object.assign(new RecordIndex(), data.records),
  });
}
