// The key to the ladder: each arrow style drawn with the same CSS classes the diagram uses, and the
// words that say it (every cue is a shape or a text tag too, never colour alone).
import type { LadderWords, LegendArrow } from './ladder-words';

function Swatch({ kind, head }: Pick<LegendArrow, 'kind' | 'head'>) {
  return (
    <svg
      className="ladder-swatch"
      width="46"
      height="14"
      viewBox="0 0 46 14"
      aria-hidden="true"
      focusable="false"
    >
      <g className={`ladder-packet k-${kind}`}>
        <line className="ladder-shaft" x1="2" y1="7" x2={head === 'cross' ? 30 : 38} y2="7" />
        {head === 'cross' && <path className="ladder-cross" d="M33,2 L43,12 M33,12 L43,2" />}
        {head !== 'cross' && <path className="ladder-head" d="M44,7 L35,2.5 L35,11.5 Z" />}
        {head === 'double' && <path className="ladder-head" d="M36,7 L27,2.5 L27,11.5 Z" />}
      </g>
    </svg>
  );
}

export function LadderLegend({ words }: { words: LadderWords }) {
  return (
    <details className="ladder-legend" open>
      <summary>{words.legend}</summary>
      <ul>
        {words.arrows.map((a) => (
          <li key={a.kind}>
            <Swatch kind={a.kind} head={a.head} />
            {a.text}
          </li>
        ))}
        <li>
          <svg
            className="ladder-swatch"
            width="46"
            height="14"
            viewBox="0 0 46 14"
            aria-hidden="true"
            focusable="false"
          >
            <line className="ladder-lifeline" x1="0" y1="7" x2="16" y2="7" />
            <line className="ladder-lifeline is-closed" x1="18" y1="7" x2="46" y2="7" />
          </svg>
          {words.lifeline}
        </li>
        <li>
          <svg
            className="ladder-swatch"
            width="46"
            height="14"
            viewBox="0 0 46 14"
            aria-hidden="true"
            focusable="false"
          >
            <rect className="ladder-gap-band" x="0" y="0" width="46" height="14" />
            <path className="ladder-gap-zigzag" d="M13,10 l5,-6 l5,6 l5,-6 l5,6" />
          </svg>
          {words.gap}
        </li>
        <li>
          <svg
            className="ladder-swatch"
            width="46"
            height="14"
            viewBox="0 0 46 14"
            aria-hidden="true"
            focusable="false"
          >
            <rect className="ladder-state-pill" x="3" y="1" width="40" height="12" rx="6" />
          </svg>
          {words.state}
        </li>
      </ul>
    </details>
  );
}
