// Wireshark-style TCP sequence analysis (tcp.analysis.* in packet-tcp.c), one analyzer per TCP flow.
// The implementation lives in ./tcp-analysis/; docs/tcp-analysis.md describes the flags.
export { TcpAnalyzer } from './tcp-analysis/analyzer';
export { MAX_UNACKED_SEGMENTS } from './tcp-analysis/unacked-segments';
