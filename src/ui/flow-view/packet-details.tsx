// The current packet in full: frame, times, direction, flags, relative seq/ack, window, length,
// Wireshark's analysis flags, both endpoints' TCP states after it, the HTTP line, and the first
// payload bytes as escaped text and hex (read from the file on demand). Payload bytes are shown as
// text only, never interpreted as markup.
import type { ReactNode } from 'react';
import { formatCount } from '../format';
import { type MessageKey, useI18n } from '../i18n/i18n';
import {
  type AnalysisName,
  formatAbsoluteTime,
  formatSeconds,
  PAYLOAD_PREVIEW,
  type PacketFacts,
} from './packet-facts';
import { escapeBytes, hexDump } from './payload-format';
import type { FrameBytes } from './use-frame-bytes';

interface Props {
  facts: PacketFacts;
  bytes: FrameBytes;
  client: string;
  server: string;
}

function Row({
  label,
  children,
  testId,
  wide = false,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'wide' : undefined}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

export function PacketDetails({ facts: f, bytes, client, server }: Props) {
  const { t } = useI18n();
  const from = f.dir === 'c2s' ? client : server;
  const to = f.dir === 'c2s' ? server : client;
  return (
    <section
      className="packet-details"
      data-testid="packet-details"
      data-frame={f.frame}
      aria-labelledby="packet-details-title"
    >
      <h3 id="packet-details-title">{t('details.title', { frame: f.frame })}</h3>
      <dl className="details-list">
        <Row label={t('details.frame')} testId="detail-frame">
          {f.frame}
        </Row>
        <Row label={t('details.time')} wide>
          {formatAbsoluteTime(f.epochSeconds, f.nanos)}
        </Row>
        <Row label={t('details.sinceStart')} testId="detail-since-start">
          +{formatSeconds(f.sinceStart)}
        </Row>
        <Row label={t('details.sincePrevious')} testId="detail-delta">
          {f.sincePrevious === null ? t('details.firstPacket') : `+${formatSeconds(f.sincePrevious)}`}
        </Row>
        <Row label={t('details.direction')} testId="detail-direction" wide>
          {f.dir === 'c2s' ? t('details.c2s') : t('details.s2c')} ({from} → {to})
        </Row>
        <Row label={t('details.flags')} testId="detail-flags">
          {f.flags || t('details.noFlags')}
        </Row>
        <Row label={t('details.seq')} testId="detail-seq">
          {f.seq}
        </Row>
        <Row label={t('details.ack')} testId="detail-ack">
          {f.ack ?? '—'}
        </Row>
        <Row label={t('details.window')} testId="detail-window">
          {formatCount(f.window)}
          {f.window !== f.windowRaw && (
            <span className="muted"> ({t('details.windowRaw', { raw: formatCount(f.windowRaw) })})</span>
          )}
        </Row>
        <Row label={t('details.length')} testId="detail-len">
          {t('details.bytes', { n: f.len, count: formatCount(f.len) })}
        </Row>
        <Row label={t('details.analysis')} testId="detail-analysis" wide>
          {f.analysis.length === 0 ? '—' : f.analysis.map((a) => analysisText(t, a, f.dupAckNum)).join(', ')}
        </Row>
        <Row label={t('details.clientState')} testId="detail-client-state">
          {f.clientState}
        </Row>
        <Row label={t('details.serverState')} testId="detail-server-state">
          {f.serverState}
        </Row>
        {f.http && (
          <Row label={t('details.http')} testId="detail-http" wide>
            <code>{f.http}</code>
          </Row>
        )}
      </dl>
      {f.payload && <Payload bytes={bytes} total={f.payloadLength} />}
    </section>
  );
}

function analysisText(
  t: (k: MessageKey, p?: Record<string, string | number>) => string,
  a: AnalysisName,
  dup: number,
): string {
  const text = t(`analysis.${a}` as MessageKey);
  return a === 'dup-ack' && dup > 0 ? `${text} #${dup}` : text;
}

function Payload({ bytes, total }: { bytes: FrameBytes; total: number }) {
  const { t } = useI18n();
  if (bytes.state === 'loading' || bytes.state === 'none')
    return <p className="muted">{t('details.payloadLoading')}</p>;
  if (bytes.state === 'failed')
    return <p className="note">{t('details.payloadFailed', { message: bytes.message })}</p>;
  const shown = bytes.bytes.length;
  return (
    <div className="payload" data-testid="payload">
      <h4>
        {shown < total
          ? t('details.payloadFirst', { n: formatCount(shown), total: formatCount(total) })
          : t('details.payloadAll', { n: formatCount(shown) })}
      </h4>
      <pre className="payload-text" data-testid="payload-text">
        {escapeBytes(bytes.bytes)}
      </pre>
      <pre className="payload-hex" data-testid="payload-hex">
        {hexDump(bytes.bytes)}
      </pre>
      {shown === PAYLOAD_PREVIEW && shown < total && <p className="muted">{t('details.payloadMore')}</p>}
    </div>
  );
}
