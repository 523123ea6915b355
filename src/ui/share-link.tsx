// "Copy link": the address that opens this capture at the selected packet (`?example=` or `?url=`
// plus `#stream=N&frame=M`). A capture from the user's disk cannot travel in a link; then the
// button explains that the file has to be shared too, or just the selected connection exported as
// a pcap. The link is also shown in a read-only field, for browsers that refuse the clipboard.
import { useState } from 'react';
import { type CaptureSource, shareLink } from './capture-source';
import { useI18n } from './i18n/i18n';
import './share-link.css';

interface Shown {
  link: string | null;
  copied: boolean;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function ShareLink({ source }: { source: CaptureSource }) {
  const { t } = useI18n();
  const [shown, setShown] = useState<Shown | null>(null);
  const copy = async () => {
    // The hash at the moment of the click: the packet selected now.
    const link = shareLink(source, window.location.href);
    setShown({ link, copied: link !== null && (await copyText(link)) });
  };
  return (
    <div className="share-link">
      <button type="button" className="button" data-testid="copy-link" onClick={copy}>
        {t('share.copy')}
      </button>
      {shown && (
        <div className="share-note" data-testid="share-note" data-source={source.kind}>
          {shown.link === null ? (
            <p role="status">{t('share.localFile')}</p>
          ) : (
            <>
              <p role="status">{shown.copied ? t('share.copied') : t('share.manual')}</p>
              <input
                readOnly
                className="share-url"
                data-testid="share-url"
                value={shown.link}
                aria-label={t('share.linkLabel')}
                onFocus={(e) => e.currentTarget.select()}
              />
            </>
          )}
          <button type="button" className="button" onClick={() => setShown(null)}>
            {t('share.close')}
          </button>
        </div>
      )}
    </div>
  );
}
