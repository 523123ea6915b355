// How the end of an HTTP/1.x message is found, from its start line and header fields (RFC 9112 §6.3).
import { BAD_LENGTH, type HeaderFields, NO_LENGTH } from './header-block';

export const Framing = {
  /** No body: the message ends with its header section. */
  None: 0,
  /** Content-Length bytes of body. */
  Length: 1,
  Chunked: 2,
  /** The body runs until the sender closes the connection (responses only). */
  UntilClose: 3,
  /** The message ends with its header section and the connection stops being HTTP/1.x
   * (101 Switching Protocols, 2xx to CONNECT). */
  Tunnel: 4,
  /** 1xx other than 101: an interim response; the final response is still to come (RFC 9110 §15.2). */
  Interim: 5,
  /** The framing fields are unusable (bad Content-Length, non-chunked Transfer-Encoding on a request):
   * RFC 9112 §6.3 items 4 and 5 make the message end unknowable. */
  Unknown: 6,
} as const;
export type FramingValue = (typeof Framing)[keyof typeof Framing];

/** Framing of a request (RFC 9112 §6.3 items 4-6). */
export function requestFraming(f: HeaderFields): FramingValue {
  if (f.transferEncoding) return f.chunked ? Framing.Chunked : Framing.Unknown;
  if (f.contentLength === BAD_LENGTH) return Framing.Unknown;
  return f.contentLength > 0 ? Framing.Length : Framing.None;
}

/** Framing of a response with status code `status`, given the method of the request it answers
 * (undefined when not captured). */
export function responseFraming(
  status: number,
  f: HeaderFields,
  requestMethod: string | undefined,
): FramingValue {
  // §6.3 item 1: HEAD responses, 1xx, 204 and 304 never have a body.
  if (status === 101) return Framing.Tunnel;
  if (status >= 100 && status < 200) return Framing.Interim;
  // §6.3 item 2: a 2xx to CONNECT switches the connection to a tunnel.
  if (requestMethod === 'CONNECT' && status >= 200 && status < 300) return Framing.Tunnel;
  if (requestMethod === 'HEAD' || status === 204 || status === 304) return Framing.None;
  // §6.3 item 3: Transfer-Encoding overrides Content-Length; a non-chunked final coding runs to close.
  if (f.transferEncoding) return f.chunked ? Framing.Chunked : Framing.UntilClose;
  if (f.contentLength === BAD_LENGTH) return Framing.Unknown;
  if (f.contentLength === NO_LENGTH) return Framing.UntilClose;
  return f.contentLength > 0 ? Framing.Length : Framing.None;
}
