import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose';
import { diagnosisJson, flowDiagnosisJson } from './diagnosis-json';
import { markdownReport } from './markdown-report';
import { buildCapture, byTime } from './testing/capture-script';
import { idleServerClose } from './testing/rule-cases';

/** Five connections to a server that idle-closes after 20 s; the last one is reused stale. */
function tomcatLike() {
  const parts = [0, 1, 2, 3, 4].map((k) => idleServerClose(k * 25, 20 + k * 0.01, k));
  for (const [k, p] of parts.slice(0, 4).entries()) {
    const fin = p.find((x) => x.flags === 'FA')?.t ?? 0;
    p.push(
      { t: fin + 0.001, from: 'c', flags: 'FA', conn: k },
      { t: fin + 0.0015, from: 's', flags: 'A', conn: k },
    );
  }
  const last = parts[4] ?? [];
  const finT = last.find((p) => p.flags === 'FA')?.t ?? 0;
  last.push({
    t: finT + 3,
    from: 'c',
    flags: 'PA',
    len: 90,
    conn: 4,
    http: { method: 'POST', target: '/orders' },
  });
  last.push({ t: finT + 3.001, from: 's', flags: 'R', conn: 4 });
  return buildCapture(byTime(...parts));
}

describe('capture summary', () => {
  it('counts connections, failures and diagnoses, and names the inferred idle timeout', () => {
    const { table, flows } = tomcatLike();
    const d = diagnose(table, flows);
    expect(d.summary.connections).toBe(5);
    expect(d.summary.endedBadly).toBe(1);
    expect(d.summary.counts).toEqual({ healthy: 4, 'stale-keepalive-reuse': 1 });
    expect(d.summary.idleTimeouts[0]).toMatchObject({ server: '10.0.0.2:8080', samples: 5 });
    expect(d.summary.headline).toContain('the shipped Tomcat server.xml default');
    expect(d.summary.headlines['zh-CN']).toContain('Tomcat');
    expect(d.summary.headlines['zh-CN']).toContain('5 个连接');
  });

  it('says all is well when it is', () => {
    const { table, flows } = buildCapture([
      { t: 0, from: 'c', flags: 'S' },
      { t: 0.001, from: 's', flags: 'SA' },
      { t: 0.002, from: 'c', flags: 'A' },
      { t: 0.003, from: 'c', flags: 'FA' },
      { t: 0.004, from: 's', flags: 'FA' },
      { t: 0.005, from: 'c', flags: 'A' },
    ]);
    expect(diagnose(table, flows).summary.headline).toBe('All 1 connection look healthy.');
  });
});

describe('JSON and markdown', () => {
  it('gives the CLI diagnosis and labels per flow and the findings with texts, frames and numbers', () => {
    const { table, flows } = tomcatLike();
    const d = diagnose(table, flows, { lang: 'zh-CN' });
    const j = JSON.parse(JSON.stringify(diagnosisJson(d)));
    expect(Object.keys(j).sort()).toEqual(['findings', 'idleTimeouts', 'lang', 'ruleErrors', 'summary']);
    const [f] = j.findings;
    expect(f.rule).toBe('stale-keepalive-reuse');
    expect(f.streams).toEqual([4]);
    expect(f.fixes).toHaveLength(15);
    expect(f.title).toMatch(/[\u4e00-\u9fff]/);
    expect(f.numbers.serverIdleTimeoutSeconds).toBeCloseTo(20.02, 2);
    expect(j.idleTimeouts[0].match.en).toBe('the shipped Tomcat server.xml default');
    expect(flowDiagnosisJson(d, 4)).toEqual({ diagnosis: 'stale-keepalive-reuse', labels: [] });
    expect(flowDiagnosisJson(d, 0)).toEqual({ diagnosis: 'healthy', labels: [] });
  });

  it('prints a markdown report with the headline, the finding, the fixes and the connection table', () => {
    const { table, flows } = tomcatLike();
    const md = markdownReport(table, flows, diagnose(table, flows), { fileName: 'x.pcap' });
    expect(md).toContain('# Wirelens diagnosis — x.pcap');
    expect(md).toContain('Stale keep-alive connection reused: POST /orders');
    expect(md).toContain('**OkHttp**');
    expect(md).toContain('| 4 | 10.0.0.1:40004 | 10.0.0.2:8080 | stale-keepalive-reuse |  |');
  });
});
