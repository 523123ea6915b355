// Why a capture named by `?url=` could not be fetched, in plain words and with the way out: most
// often the server does not send CORS headers, and the answer is to download the file and drop it
// here, or to host it on the same site as Wirelens.
import { useEffect, useRef } from 'react';
import type { UrlFailure } from '../worker/url-source';
import { type Translate, useI18n } from './i18n/i18n';

function detail(t: Translate, f: UrlFailure): string {
  const host = f.host;
  switch (f.reason) {
    case 'bad-url':
      return t('url.badUrl', { url: f.url });
    case 'cors':
      return t('url.cors', { host });
    case 'unreachable':
      return t('url.unreachable', { host });
    case 'insecure':
      return t('url.insecure', { url: f.url });
    case 'http':
      return t('url.http', { host, status: `${f.status ?? ''} ${f.statusText ?? ''}`.trim() });
    case 'no-body':
      return t('url.noBody', { host });
    case 'offline':
      return t('url.offline');
  }
}

export function UrlLoadError({ failure }: { failure: UrlFailure }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div
      className="load-error"
      role="alert"
      data-testid="load-error"
      data-kind="url"
      data-reason={failure.reason}
    >
      <h2 ref={heading} tabIndex={-1}>
        {t('url.title', { url: failure.url })}
      </h2>
      <p data-testid="url-error-detail">{detail(t, failure)}</p>
    </div>
  );
}
