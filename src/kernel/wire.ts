// The Jupyter wire protocol: signed multipart messages over ZeroMQ.
// https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol

import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** Protocol version we speak. */
export const PROTOCOL_VERSION = "5.3";

const DELIM = "<IDS|MSG>";

export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A decoded message; `identities` route replies on ROUTER sockets. */
export interface Message {
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

/** HMAC-SHA256 signature over the four JSON frames (empty key = unsigned). */
export function sign(key: string, frames: (string | Buffer)[]): string {
  if (!key) return "";
  const h = createHmac("sha256", key);
  for (const f of frames) h.update(f);
  return h.digest("hex");
}

/** Parse raw frames; throws on a missing delimiter or a bad signature. */
export function decode(key: string, raw: Buffer[]): Message {
  const at = raw.findIndex((b) => b.toString() === DELIM);
  if (at < 0) throw new Error("message without <IDS|MSG> delimiter");
  const [sig, h, p, m, c, ...buffers] = raw.slice(at + 1);
  if (!h || !p || !m || !c) throw new Error("message with missing frames");
  if (key) {
    const want = Buffer.from(sign(key, [h, p, m, c]));
    const got = Buffer.from(sig?.toString() ?? "");
    if (want.length !== got.length || !timingSafeEqual(want, got)) throw new Error("message with invalid signature");
  }
  return {
    identities: raw.slice(0, at),
    header: JSON.parse(h.toString()),
    parent_header: JSON.parse(p.toString()),
    metadata: JSON.parse(m.toString()),
    content: JSON.parse(c.toString()),
    buffers,
  };
}

/** A new header in the session of `parent` (or a fresh one). */
export function header(msgType: string, session: string): Header {
  return { msg_id: randomUUID(), msg_type: msgType, session, username: "descent", date: new Date().toISOString(), version: PROTOCOL_VERSION };
}

/** Encode a message (with routing identities and signature) into frames. */
export function encode(key: string, identities: Buffer[], hdr: Header, parent: Header | Record<string, never>, content: unknown, metadata: Record<string, unknown> = {}): (Buffer | string)[] {
  const frames = [JSON.stringify(hdr), JSON.stringify(parent), JSON.stringify(metadata), JSON.stringify(content)];
  return [...identities, DELIM, sign(key, frames), ...frames];
}
