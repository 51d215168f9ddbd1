/**
 * A violation found by the engine. `closeCode` is what the client fails the
 * connection with; `lenient` marks violations that lenient mode may let pass.
 */
export interface Violation {
  code: string;
  message: string;
  closeCode?: number;
  lenient?: boolean;
}

export function violation(code: string, closeCode: number | undefined, message: string, lenient = false): Violation {
  return { code, closeCode, message, lenient };
}
