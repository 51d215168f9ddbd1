import { violation, type Violation } from './errors.js';
import { buildUpgradeRequest, checkUpgradeHeaders, headerValues, readResponseHead, type Header, type ResponseHead } from './handshake.js';
import { acceptDeflateResponse, formatDeflateOffer, PerMessageDeflate, DEFAULT_DEFLATE_OFFER, type DeflateOffer } from './permessage-deflate.js';
import { parseExtensions } from './extension-header.js';
import { maskCredentials } from './credentials.js';
import { readFailedUpgradeBody } from './failed-upgrade-body.js';
import type { Output } from './output.js';

export interface HandshakeOptions {
  url: URL;
  headers?: Header[];
  subprotocols?: string[];
  origin?: string;
  /** offer permessage-deflate; true offers the defaults */
  deflate?: DeflateOffer | boolean;
  /** a 3xx answer with a Location waits in `redirect` for followRedirect or refuseRedirect, instead of failing */
  followRedirects?: boolean;
}

/** What the answer so far decides: nothing yet (null), a failed upgrade, or an open connection. */
export type HandshakeOutcome = null | { failed: Violation } | Upgraded;

interface Upgraded {
  protocol: string;
  /** the accepted Sec-WebSocket-Extensions value, '' if none */
  extensions: string;
  deflate: PerMessageDeflate | null;
  /** bytes after the answer's head: the first frames */
  rest: Uint8Array;
}

const enum Step {
  Request,
  Head,
  /** a 3xx answer, waiting for followRedirect or refuseRedirect */
  Redirect,
  /** a failed upgrade's body, read for the log */
  Body,
  Done,
}

/**
 * The client's opening handshake (RFC 6455 section 4.1), apart from framing
 * and closing, as python-websockets keeps it in client.py: the upgrade
 * request, then the answer read as it arrives. It logs the request and the
 * response; what it decides goes back to the engine as an outcome.
 */
export class ClientHandshake {
  private step = Step.Request;
  /** the answer's bytes so far; after a failed upgrade's head, its body's */
  private buf: Buffer = Buffer.alloc(0);
  /** a failed upgrade's head, logged once its body is read */
  private failedHead: ResponseHead | null = null;
  private location: string | null = null;
  private redirectRefused: string | null = null;
  private readonly key: string;
  private readonly offer: DeflateOffer | null;

  constructor(
    private readonly o: HandshakeOptions,
    random: (n: number) => Uint8Array,
    private readonly out: Output,
  ) {
    this.key = Buffer.from(random(16)).toString('base64');
    this.offer = o.deflate === true ? DEFAULT_DEFLATE_OFFER : o.deflate || null;
  }

  /** Writes the upgrade request and logs it; a violation, and nothing written, when a header would break it. */
  request(): Violation | null {
    if (this.step !== Step.Request) return null;
    const request = buildUpgradeRequest({
      url: this.o.url,
      key: this.key,
      subprotocols: this.o.subprotocols,
      origin: this.o.origin,
      extensions: this.offer ? formatDeflateOffer(this.offer) : undefined,
      headers: this.o.headers,
    });
    if ('code' in request) return request;
    const shown = maskCredentials(this.o.url, request.headers);
    this.out.handshakeRequest(shown.url, shown.headers);
    this.step = Step.Head;
    this.out.write([Buffer.from(request.head, 'latin1')]);
    return null;
  }

  receive(chunk: Uint8Array): HandshakeOutcome {
    switch (this.step) {
      case Step.Head:
        this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        return this.readHead();
      case Step.Redirect:
        this.buf = Buffer.concat([this.buf, chunk]);
        return null;
      case Step.Body:
        this.buf = Buffer.concat([this.buf, chunk]);
        return this.readBody(false);
      default:
        return null;
    }
  }

  /** The TCP connection ended, or the connect timer fired: a body read so far is the whole body. */
  end(why: Violation): HandshakeOutcome {
    if (this.step === Step.Body) return this.readBody(true);
    this.step = Step.Done;
    return { failed: why };
  }

  /** The Location of a 3xx answer, waiting for followRedirect or refuseRedirect. */
  get redirect(): string | null {
    return this.step === Step.Redirect ? this.location : null;
  }

  /** Logs the 3xx answer, which another engine follows. */
  followRedirect(): void {
    this.step = Step.Done;
    this.out.handshakeResponse(this.failedHead!);
  }

  refuseRedirect(why: string): HandshakeOutcome {
    this.redirectRefused = why;
    this.step = Step.Body;
    return this.readBody(false);
  }

  private readHead(): HandshakeOutcome {
    const r = readResponseHead(this.buf);
    if (r === null) return null;
    if ('code' in r) return this.fail(r);
    const { head, rest } = r;
    if (head.status !== 101) {
      const location = headerValues(head.headers, 'location')[0];
      this.failedHead = head;
      this.buf = rest;
      if (this.o.followRedirects && location && head.status >= 300 && head.status < 400) {
        this.location = location;
        this.step = Step.Redirect;
        return null;
      }
      this.step = Step.Body;
      return this.readBody(false);
    }
    this.step = Step.Done;
    this.buf = Buffer.alloc(0);
    this.out.handshakeResponse(head);
    const checked = checkUpgradeHeaders(head, this.key, this.o.subprotocols ?? []);
    if ('code' in checked) return this.fail(checked);
    const extensions = this.negotiateExtensions(head);
    if ('code' in extensions) return this.fail(extensions);
    return { protocol: checked.protocol, ...extensions, rest };
  }

  private negotiateExtensions(head: ResponseHead): Pick<Upgraded, 'extensions' | 'deflate'> | Violation {
    const values = headerValues(head.headers, 'sec-websocket-extensions');
    if (values.length === 0) return { extensions: '', deflate: null };
    const value = values.join(', ');
    let exts;
    try {
      exts = parseExtensions(value);
    } catch (e) {
      return violation('WS_ERR_HANDSHAKE_EXTENSION', undefined, `malformed Sec-WebSocket-Extensions: ${(e as Error).message}`);
    }
    let deflate: PerMessageDeflate | null = null;
    for (const ext of exts) {
      if (ext.name !== 'permessage-deflate' || !this.offer) {
        return violation('WS_ERR_HANDSHAKE_EXTENSION', undefined, `the server accepted extension "${ext.name}", which was not offered`);
      }
      if (deflate) return violation('WS_ERR_HANDSHAKE_EXTENSION', undefined, 'the server accepted permessage-deflate more than once');
      const params = acceptDeflateResponse(this.offer, ext);
      if ('code' in params) return params;
      deflate = new PerMessageDeflate(params);
    }
    return { extensions: value, deflate };
  }

  private readBody(ended: boolean): HandshakeOutcome {
    const head = this.failedHead!;
    const body = readFailedUpgradeBody(head.headers, this.buf, ended);
    if (body === null) return null;
    this.step = Step.Done;
    this.out.handshakeResponse(head, body);
    const where = this.redirectRefused ? ` (redirect not followed: ${this.redirectRefused})` : '';
    const snippet = body.trim() ? `: ${body.trim().slice(0, 200)}` : '';
    return this.fail(violation('WS_ERR_HANDSHAKE_STATUS', undefined, `the server answered the upgrade with ${head.status} ${head.statusText}${where}${snippet}`));
  }

  private fail(v: Violation): HandshakeOutcome {
    this.step = Step.Done;
    return { failed: v };
  }
}
