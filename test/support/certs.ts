import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A PEM certificate and its private key. */
export interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

/** Test certificates made with the openssl CLI at test time, in a temp dir removed by `cleanup`. */
export interface TestCerts {
  dir: string;
  /** the test CA (self-signed, trusted only when a test passes it as `ca`) */
  ca: KeyPair;
  /** localhost, IP 127.0.0.1 and ::1, signed by the CA */
  server: KeyPair;
  /** localhost, signed by itself */
  selfSigned: KeyPair;
  /** localhost, signed by the CA, valid only in January 2020 */
  expired: KeyPair;
  /** other.example only, signed by the CA */
  wrongHost: KeyPair;
  /** a client certificate signed by the CA */
  client: KeyPair;
  cleanup(): void;
}

const OPENSSL = process.env.OPENSSL ?? 'openssl';

function openssl(dir: string, args: string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** An EC P-256 key (fast to make) in `name`.key. */
function newKey(dir: string, name: string): void {
  openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
}

function newCsr(dir: string, name: string, cn: string): void {
  newKey(dir, name);
  openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`]);
}

/** Signs `name`.csr with the CA, with the extensions in section `ext` of ext.cnf. */
function signWithCa(dir: string, name: string, ext: string): void {
  openssl(dir, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '30', '-sha256', '-extfile', 'ext.cnf', '-extensions', ext, '-out', `${name}.pem`,
  ]);
}

function pair(dir: string, name: string): KeyPair {
  return { cert: readFileSync(path.join(dir, `${name}.pem`)), key: readFileSync(path.join(dir, `${name}.key`)) };
}

const EXTENSIONS = `
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1

[localhost]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1

[other]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:other.example

[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
`;

// OpenSSL 3.0's req and x509 cannot set a start date (-not_before came in
// 3.4), so the expired certificate goes through `openssl ca`, whose
// -startdate/-enddate can.
const CA_CONFIG = `
[ca]
default_ca = test_ca

[test_ca]
dir = .
database = index.txt
new_certs_dir = issued
serial = ca.serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none

[any]
commonName = supplied
`;

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(path.join(tmpdir(), 'framescope-certs-'));
  try {
    writeFileSync(path.join(dir, 'ext.cnf'), EXTENSIONS);
    writeFileSync(path.join(dir, 'ca.cnf'), CA_CONFIG);
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'ca.serial'), '1000\n');
    openssl(dir, ['req', '-x509', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
      '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Framescope Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);

    newCsr(dir, 'server', 'localhost');
    signWithCa(dir, 'server', 'server');

    newCsr(dir, 'other', 'other.example');
    signWithCa(dir, 'other', 'other');

    newCsr(dir, 'client', 'framescope-client');
    signWithCa(dir, 'client', 'client');

    openssl(dir, ['req', '-x509', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
      '-keyout', 'self.key', '-out', 'self.pem', '-days', '30', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);

    newCsr(dir, 'expired', 'localhost');
    mkdirSync(path.join(dir, 'issued'));
    openssl(dir, ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'expired.csr',
      '-startdate', '200101000000Z', '-enddate', '200131000000Z', '-extfile', 'ext.cnf', '-extensions', 'localhost',
      '-notext', '-out', 'expired.pem']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as Error & { stderr?: Buffer };
    throw new Error(`making test certificates with ${OPENSSL} failed: ${e.message}\n${e.stderr?.toString() ?? ''}`, { cause: err });
  }
  return {
    dir,
    ca: pair(dir, 'ca'),
    server: pair(dir, 'server'),
    selfSigned: pair(dir, 'self'),
    expired: pair(dir, 'expired'),
    wrongHost: pair(dir, 'other'),
    client: pair(dir, 'client'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
