// Test helper: runs the whole engine over a scripted capture.
import { type Diagnosis, diagnose, type Lang } from '../diagnose';
import type { Finding } from '../types';
import { buildCapture, type ConnSpec, type ScriptPacket } from './capture-script';

export function diagnoseScript(
  packets: ScriptPacket[],
  conns: ConnSpec[] = [],
  lang: Lang = 'en',
): Diagnosis {
  const { table, flows } = buildCapture(packets, conns);
  return diagnose(table, flows, { lang });
}

/** The findings of `rule` that label connection `conn`. */
export function findingsFor(d: Diagnosis, rule: string, conn: number): Finding[] {
  return d.findings.filter((f) => f.rule === rule && f.flows.includes(conn));
}
