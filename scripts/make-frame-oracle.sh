#!/usr/bin/env bash
# Writes the per-frame tshark oracle used by the flows and decoder tests: one TSV per capture of
# ../shared/captures/real and ../shared/scenarios, into testdata/tshark/. Only tshark's answers are
# stored (derived facts, not the captures themselves, whose licences vary).
# Usage: scripts/make-frame-oracle.sh   (needs tshark, Debian package `tshark`; made with 4.0.17)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
out=$here/testdata/tshark
mkdir -p "$out"
command -v tshark >/dev/null || { echo "tshark not installed (apt-get install tshark)" >&2; exit 1; }

fields=(frame.number frame.len frame.cap_len frame.time_epoch frame.protocols
  ip.src ip.dst ipv6.src ipv6.dst ip.flags.mf ip.frag_offset
  tcp.srcport tcp.dstport tcp.stream tcp.flags tcp.seq_raw tcp.ack_raw tcp.window_size_value tcp.window_size
  tcp.len tcp.hdr_len tcp.options.mss_val tcp.options.wscale.shift tcp.options.timestamp.tsval
  tcp.options.timestamp.tsecr tcp.options.sack_perm
  udp.srcport udp.dstport udp.stream
  tcp.analysis.retransmission tcp.analysis.fast_retransmission tcp.analysis.spurious_retransmission
  tcp.analysis.out_of_order tcp.analysis.lost_segment tcp.analysis.ack_lost_segment
  tcp.analysis.duplicate_ack tcp.analysis.duplicate_ack_num tcp.analysis.zero_window
  tcp.analysis.zero_window_probe tcp.analysis.zero_window_probe_ack tcp.analysis.window_full
  tcp.analysis.window_update tcp.analysis.keep_alive tcp.analysis.keep_alive_ack tcp.analysis.reused_ports
  tcp.analysis.bytes_in_flight
  http.request.method http.request.uri http.request.version http.response.code http.response.phrase
  http.response_in http.request_in)
args=()
for f in "${fields[@]}"; do args+=(-e "$f"); done

emit() { # $1 capture, $2 output name
  { printf '%s\n' "$(IFS=$'\t'; echo "${fields[*]}")"
    tshark -n -r "$1" -T fields -E occurrence=l -E separator=/t "${args[@]}" 2>/dev/null || true
  } > "$out/$2.tsv"
}

n=0
for f in "$shared"/captures/real/*; do
  case "$f" in *.md) continue ;; esac
  emit "$f" "$(basename "$f")"; n=$((n + 1))
done
for f in "$shared"/scenarios/*/*.pcap; do
  emit "$f" "scenario__$(basename "$(dirname "$f")")__$(basename "$f")"; n=$((n + 1))
done
tshark --version | head -1 > "$out/VERSION"
echo "make-frame-oracle.sh: wrote $n oracle files to $out" >&2
