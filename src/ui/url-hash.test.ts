import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './url-hash';

describe('url hash', () => {
  it('reads and writes #stream=N&frame=M', () => {
    expect(parseHash('#stream=3&frame=42')).toEqual({ stream: 3, frame: 42 });
    expect(parseHash('stream=0')).toEqual({ stream: 0, frame: null });
    expect(formatHash({ stream: 3, frame: 42 })).toBe('#stream=3&frame=42');
    expect(formatHash({ stream: 0, frame: null })).toBe('#stream=0');
  });

  it('ignores what is not a position', () => {
    expect(parseHash('')).toBeNull();
    expect(parseHash('#frame=3')).toBeNull();
    expect(parseHash('#stream=-1&frame=2')).toBeNull();
    expect(parseHash('#stream=1&frame=0')).toEqual({ stream: 1, frame: null });
    expect(parseHash('#stream=1&frame=abc')).toEqual({ stream: 1, frame: null });
  });
});
