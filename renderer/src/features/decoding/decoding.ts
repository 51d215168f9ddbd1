import type { AppState } from '../../store/app-store';
import type { DecodingSettings } from '../../../../shared/decoding/decoding-settings';
import { chooseHelper, type HelperId } from '../../../../shared/subprotocols/helpers';

/** How the tab's log is read: its settings' codec, helper and protobuf types (the log calls take it). */
export function decodingOf(s: AppState): DecodingSettings {
  const { codec, helper, protoIn, protoOut } = s.settings;
  return { codec: codec ?? 'auto', helper: helper ?? 'auto', ...(protoIn ? { protoIn } : {}), ...(protoOut ? { protoOut } : {}) };
}

/** The same, as a string: a selector that changes only when the decoding does. */
export function decodingKey(s: AppState): string {
  return JSON.stringify(decodingOf(s));
}

/** The helper in force: as set, or from the negotiated subprotocol and the URL. */
export function helperOf(s: AppState): HelperId | null {
  return chooseHelper(s.settings.helper, s.open?.protocol, s.request?.url ?? s.settings.url);
}
