import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { makeTestCerts, type TestCerts } from './certs.js';
import { isolateProxyEnv } from './connect-log.js';

export interface NetworkSuite {
  /** the test certificates (a CA, a server pair and broken ones), made once for the file */
  readonly certs: TestCerts;
  /** runs `fn` once the current test ends, pass or fail */
  cleanup(fn: () => unknown): void;
  /** closes `thing` once the current test ends; returns it */
  closeAfter<T extends { close(): unknown }>(thing: T): T;
}

/**
 * The setup the network tests share, registered in the calling file: the
 * machine's proxy variables cleared for each test (they must not route test
 * connections), what a test opened closed after it, and test certificates
 * when the file asks for them.
 */
export function networkSuite(o: { certs?: boolean } = {}): NetworkSuite {
  const cleanups: (() => unknown)[] = [];
  let certs: TestCerts | undefined;
  let restoreEnv = () => {};
  if (o.certs) {
    beforeAll(() => {
      certs = makeTestCerts();
    });
    afterAll(() => certs?.cleanup());
  }
  beforeEach(() => {
    restoreEnv = isolateProxyEnv();
  });
  afterEach(async () => {
    restoreEnv();
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });
  return {
    get certs() {
      if (!certs) throw new Error('networkSuite({ certs: true }) makes the certificates');
      return certs;
    },
    cleanup: (fn) => void cleanups.push(fn),
    closeAfter: (thing) => {
      cleanups.push(() => thing.close());
      return thing;
    },
  };
}
