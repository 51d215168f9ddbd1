import { CallError } from '../../shared/ipc/api.js';
import { FilterError } from '../../shared/log-filter.js';
import type { EventLog } from '../capture/event-log.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import { decodeContextFor, decodeOne, withDecoded } from '../codecs/log-decoding.js';
import type { ProtoTypes } from '../codecs/proto-types.js';

/**
 * The log.* calls: pages of a log's events and rows, filtered and decoded,
 * for a live session's log and a recording opened read-only alike.
 * `logOf` finds the log (NOT_FOUND when there is none); `protos` are the
 * workspace's .proto types, if any.
 */
export function logHandlers(logOf: (sessionId: string) => EventLog, protos: () => ProtoTypes | undefined): HandlersFor<'log'> {
  return {
    'log.range': async ({ sessionId, from, count }) => {
      const log = logOf(sessionId);
      return { events: await log.range(from, count), total: log.size };
    },
    'log.frames': async ({ sessionId, filter, from, count, collapsed, decoding }) => {
      try {
        const log = logOf(sessionId);
        return await log.frameRows(filter, from, count, collapsed, decoding && (await decodeContextFor(decoding, log, protos())));
      } catch (e) {
        if (e instanceof FilterError) throw new CallError('INVALID_INPUT', `log.frames: filter: ${e.message}`);
        throw e;
      }
    },
    'log.messages': async ({ sessionId, filter, from, count, decoding }) => {
      try {
        const log = logOf(sessionId);
        if (!decoding) return await log.messageRows(filter, from, count);
        const decoder = await decodeContextFor(decoding, log, protos());
        const page = await log.messageRows(filter, from, count, decoder);
        return {
          ...page,
          rows: await withDecoded(page.rows, log, decoder.ctx),
        };
      } catch (e) {
        if (e instanceof FilterError) throw new CallError('INVALID_INPUT', `log.messages: filter: ${e.message}`);
        throw e;
      }
    },
    'log.cancelScan': ({ sessionId }) => {
      logOf(sessionId).cancelScan();
      return {};
    },
    'log.rowOf': ({ sessionId, seq, view, filter }) => logOf(sessionId).rowOf(seq, view, filter),
    'log.event': async ({ sessionId, seq }) => {
      const e = await logOf(sessionId).get(seq);
      if (!e) throw new CallError('NOT_FOUND', `no event ${seq} in this log`);
      return { event: e };
    },
    'log.decode': async ({ sessionId, seq, decoding }) => {
      const log = logOf(sessionId);
      if (seq >= log.size) throw new CallError('NOT_FOUND', `no event ${seq} in this log`);
      return decodeOne(log, seq, (await decodeContextFor(decoding, log, protos())).ctx);
    },
  };
}
