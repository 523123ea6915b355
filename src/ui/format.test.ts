import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  formatBytes,
  formatDuration,
  formatRate,
  formatShortSeconds,
  linkTypeName,
  progressPercent,
} from './format';
import { translator } from './i18n/i18n';

const en = translator('en');
const zh = translator('zh-CN');

describe('format', () => {
  it('writes sizes in decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1436)).toBe('1.4 kB');
    expect(formatBytes(16 * 1024 * 1024)).toBe('16.8 MB');
  });

  it('writes durations with the unit that keeps them short', () => {
    expect(formatDuration(0.000059)).toBe('0.059 ms');
    expect(formatDuration(0.812)).toBe('812 ms');
    expect(formatDuration(3.0017)).toBe('3.002 s');
    expect(formatDuration(65.4)).toBe('1 m 05 s');
    expect(formatDuration(7380)).toBe('2 h 03 m');
    expect(formatShortSeconds(2.002)).toBe('2.0 s');
    expect(formatShortSeconds(65.2)).toBe('65 s');
  });

  it('gives percent and MB/s from a progress report, and no percent without a size', () => {
    const p = { bytesRead: 50e6, bytesTotal: 200e6, packets: 10, elapsedMs: 500 };
    expect(progressPercent(p)).toBe(25);
    expect(formatRate(p)).toBe('100.0 MB/s');
    expect(progressPercent({ ...p, bytesTotal: undefined })).toBeNull();
  });

  it('names link types with their number', () => {
    expect(linkTypeName(276)).toBe('Linux cooked v2 (SLL2) (276)');
    expect(linkTypeName(9999)).toBe('Link type (9999)');
  });

  it('names the file and says what it looks like when it is not a capture', () => {
    const d = describeFailure(en, 'cat.png', { kind: 'not-a-capture', message: 'this is a PNG image' }, 0);
    expect(d.title).toBe('“cat.png” is not a packet capture.');
    expect(d.detail).toMatch(/^This is a PNG image\. Wirelens reads pcap and pcapng/);
  });

  it('gives the frame and offset of damage and says the packets before it are kept', () => {
    const d = describeFailure(
      en,
      'x.pcap',
      { kind: 'corrupt', message: 'record length 4294967295', frame: 7, offset: 1234 },
      6,
    );
    expect(d.title).toBe('“x.pcap” is damaged (at frame 7, byte offset 1,234).');
    expect(d.detail).toContain('The 6 packets read before the fault are shown below.');
    const one = describeFailure(en, 'x.pcap', { kind: 'io', message: 'gone' }, 1);
    expect(one.detail).toContain('The 1 packet read before');
  });

  it('says the same in Chinese, with the frame and offset', () => {
    const d = describeFailure(
      zh,
      'x.pcap',
      { kind: 'corrupt', message: 'record length 4294967295', frame: 7, offset: 1234 },
      6,
    );
    expect(d.title).toBe('“x.pcap”已损坏（第 7 帧，字节偏移 1,234）。');
    expect(d.detail).toContain('故障之前读到的 6 个包显示在下方。');
  });
});
