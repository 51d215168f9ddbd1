import type { ViolationCode } from '../../shared/violation-codes.js';

/**
 * A violation found by the engine. `closeCode` is what the client fails the
 * connection with; `lenient` marks violations that lenient mode may let pass.
 */
export interface Violation {
  code: ViolationCode;
  message: string;
  closeCode?: number;
  lenient?: boolean;
}

export function violation(code: ViolationCode, closeCode: number | undefined, message: string, lenient = false): Violation {
  return { code, closeCode, message, lenient };
}
