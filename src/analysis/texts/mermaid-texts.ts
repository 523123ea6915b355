// Words of the Mermaid sequence-diagram export (mermaid.ts) and of its section in the Markdown report,
// in English and Simplified Chinese with the same keys. Frame numbers are written as the seed
// write-ups do ("包 17" in Chinese). These strings are plain text: mermaid.ts escapes everything.

import type { ANALYSIS_NAMES } from '../../flows/model';
import type { Lang } from '../diagnose';
import { seconds } from './format';

export type Role = 'client' | 'server';
type AnalysisName = (typeof ANALYSIS_NAMES)[number];

export interface MermaidTexts {
  role: Record<Role, string>;
  /** Appended to a participant's address when no SYN showed who opened the connection. */
  roleGuessed: string;
  frame(n: number): string;
  /** A frame range, "frames 30–149". */
  frames(from: number, to: number): string;
  noFlags: string;
  /** Tags for Wireshark's tcp.analysis flags, as its Info column shows them. */
  analysis: Record<AnalysisName, string>;
  stateChange(role: Role, state: string): string;
  /** Between the items of a list of state changes. */
  listSeparator: string;
  /** `states` is a list of stateChange texts, possibly empty. */
  fin(who: Role, frame: number, states: string): string;
  rst(who: Role, frame: number, states: string): string;
  dataAfterPeerFin(who: Role, frame: number): string;
  dataAfterOwnFin(who: Role, frame: number): string;
  idle(secs: number, from: number, to: number): string;
  /** A run of ordinary packets replaced by one note. */
  collapsed(count: number, withData: number, bytes: number, from: number, to: number): string;
  midStream: string;
  diagnosis(title: string): string;
  /** Markdown report: section heading, one chart's heading, the streams that look the same. */
  reportHeading: string;
  reportChart(stream: number, label: string): string;
  reportSame(streams: string): string;
  reportMore(count: number): string;
}

const bytesEn = (n: number): string =>
  n < 1024 ? `${n} bytes` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
const bytesZh = (n: number): string =>
  n < 1024 ? `${n} 字节` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
const Cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const colon = (states: string): string => (states ? `: ${states}` : '');
const colonZh = (states: string): string => (states ? `：${states}` : '');

const en: MermaidTexts = {
  role: { client: 'client', server: 'server' },
  roleGuessed: 'role guessed from the ports',
  frame: (n) => `frame ${n}`,
  frames: (a, b) => (a === b ? `frame ${a}` : `frames ${a}–${b}`),
  noFlags: '(no flags)',
  analysis: {
    retransmission: 'TCP Retransmission',
    'fast-retransmission': 'TCP Fast Retransmission',
    'spurious-retransmission': 'TCP Spurious Retransmission',
    'out-of-order': 'TCP Out-Of-Order',
    'lost-segment': 'TCP Previous segment not captured',
    'ack-unseen': 'TCP ACKed unseen segment',
    'dup-ack': 'TCP Dup ACK',
    'zero-window': 'TCP ZeroWindow',
    'zero-window-probe': 'TCP ZeroWindowProbe',
    'zero-window-probe-ack': 'TCP ZeroWindowProbeAck',
    'window-full': 'TCP Window Full',
    'window-update': 'TCP Window Update',
    'keep-alive': 'TCP Keep-Alive',
    'keep-alive-ack': 'TCP Keep-Alive ACK',
    'port-reused': 'TCP Port numbers reused',
  },
  stateChange: (role, state) => `${role} → ${state}`,
  listSeparator: ', ',
  fin: (who, f, states) => `${Cap(who)} closes its sending side (FIN, frame ${f})${colon(states)}`,
  rst: (who, f, states) => `${Cap(who)} resets the connection (RST, frame ${f})${colon(states)}`,
  dataAfterPeerFin: (who, f) =>
    `${Cap(who)} still sends data after the ${who === 'client' ? 'server' : 'client'}'s FIN (frame ${f})`,
  dataAfterOwnFin: (who, f) => `${Cap(who)} sends data after its own FIN (frame ${f})`,
  idle: (s, a, b) => `idle ${seconds(s)} (frames ${a} → ${b})`,
  collapsed: (n, data, bytes, a, b) =>
    `… ${n} packets, ${data} with data (${bytesEn(bytes)}), ${n - data} without (frames ${a}–${b}) …`,
  midStream: 'the capture begins mid-connection (no handshake seen)',
  diagnosis: (t) => `Diagnosis: ${t}`,
  reportHeading: 'Sequence diagrams',
  reportChart: (s, l) => `Stream ${s}: ${l}`,
  reportSame: (s) => `Same diagnosis with the same server: streams ${s}.`,
  reportMore: (n) => `${n} more problem connections are not drawn here.`,
};

const zhCN: MermaidTexts = {
  role: { client: '客户端', server: '服务端' },
  roleGuessed: '角色按端口推测',
  frame: (n) => `包 ${n}`,
  frames: (a, b) => (a === b ? `包 ${a}` : `包 ${a}–${b}`),
  noFlags: '（无标志位）',
  analysis: {
    retransmission: 'TCP 重传',
    'fast-retransmission': 'TCP 快速重传',
    'spurious-retransmission': 'TCP 伪重传',
    'out-of-order': 'TCP 乱序',
    'lost-segment': 'TCP 前一个分段未抓到',
    'ack-unseen': 'TCP 确认了未抓到的分段',
    'dup-ack': 'TCP 重复 ACK',
    'zero-window': 'TCP 零窗口',
    'zero-window-probe': 'TCP 零窗口探测',
    'zero-window-probe-ack': 'TCP 零窗口探测的 ACK',
    'window-full': 'TCP 窗口已满',
    'window-update': 'TCP 窗口更新',
    'keep-alive': 'TCP 保活',
    'keep-alive-ack': 'TCP 保活 ACK',
    'port-reused': 'TCP 端口复用',
  },
  stateChange: (role, state) => `${zhRole(role)} → ${state}`,
  listSeparator: '，',
  fin: (who, f, states) => `${zhRole(who)}关闭发送方向（FIN，包 ${f}）${colonZh(states)}`,
  rst: (who, f, states) => `${zhRole(who)}重置连接（RST，包 ${f}）${colonZh(states)}`,
  dataAfterPeerFin: (who, f) =>
    `${zhRole(who)}在收到${zhRole(who === 'client' ? 'server' : 'client')}的 FIN 之后仍发送数据（包 ${f}）`,
  dataAfterOwnFin: (who, f) => `${zhRole(who)}在自己发出 FIN 之后仍发送数据（包 ${f}）`,
  idle: (s, a, b) => `空闲 ${seconds(s)}（包 ${a} → 包 ${b}）`,
  collapsed: (n, data, bytes, a, b) =>
    `…… ${n} 个包，其中 ${data} 个带数据（${bytesZh(bytes)}），${n - data} 个不带数据（包 ${a}–${b}）……`,
  midStream: '抓包开始时连接已经建立（没有抓到三次握手）',
  diagnosis: (t) => `诊断：${t}`,
  reportHeading: '时序图',
  reportChart: (s, l) => `流 ${s}：${l}`,
  reportSame: (s) => `同一服务端、相同诊断的还有：流 ${s}。`,
  reportMore: (n) => `另有 ${n} 个有问题的连接未在此画出。`,
};

function zhRole(r: Role): string {
  return r === 'client' ? '客户端' : '服务端';
}

export const MERMAID_TEXTS: Record<Lang, MermaidTexts> = { en, 'zh-CN': zhCN };
