/** A frame header as it was on the wire. */
export interface FrameHeader {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  /** null when the mask bit is clear */
  maskKey: Uint8Array | null;
  /** payload length from the header */
  length: number;
}

/** A whole frame; `payload` has any mask removed. */
export interface Frame extends FrameHeader {
  payload: Uint8Array;
}

/** What to put on the wire; anything goes, which is how servers get tested. */
export interface FrameSpec {
  opcode: number;
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  /** default true, as RFC 6455 requires of a client */
  mask?: boolean;
  /** a given key; default a fresh random one */
  maskKey?: Uint8Array;
  /** unmasked payload */
  payload?: Uint8Array;
}
