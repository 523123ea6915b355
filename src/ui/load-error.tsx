// A read failure in plain words, naming the file (issue 2 item 6, issue 5 item 2).
import { useEffect, useRef } from 'react';
import type { LoadFailure } from '../worker/analysis-api';
import { describeFailure } from './format';
import { useI18n } from './i18n/i18n';
import { readerReason } from './i18n/reader-reasons';

export function LoadError({
  fileName,
  failure,
  packetsKept,
}: {
  fileName: string;
  failure: LoadFailure;
  packetsKept: number;
}) {
  const { t, lang } = useI18n();
  const reason = readerReason(lang, failure.message);
  // words the page cannot translate are shown as the reader wrote them, below, as program output
  const message = reason.original === null ? reason.text : '';
  const { title, detail } = describeFailure(t, fileName, { ...failure, message }, packetsKept);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="load-error" role="alert" data-testid="load-error" data-kind={failure.kind}>
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {detail && <p>{detail}</p>}
      {reason.original !== null && (
        <p>
          {reason.text}
          <code>{reason.original}</code>
        </p>
      )}
    </div>
  );
}
