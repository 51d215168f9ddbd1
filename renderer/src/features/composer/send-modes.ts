import type { AppState } from '../../store/app-store';
import { helperOf } from '../decoding/decoding';
import { HELPER_NAMES } from '../../../../shared/subprotocols/helpers';

/** The ways of sending a tab offers: Compose, Raw frame, and the composer of the subprotocol helper in force. */
export function sendModesOf(s: AppState): string[] {
  const helper = helperOf(s);
  return ['Compose', 'Raw frame', ...(helper ? [HELPER_NAMES[helper]] : [])];
}

/** The way of sending shown: the tab's pick while it is offered (a helper's goes with its subprotocol), else Compose. */
export function sendModeShown(s: AppState): string {
  return sendModesOf(s).includes(s.sendMode) ? s.sendMode : 'Compose';
}
