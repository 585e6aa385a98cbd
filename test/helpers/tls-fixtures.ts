import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Test-only TLS material (test/fixtures/tls/make-certs.sh): a CA, a loopback server, a client. */
const dir = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));

export const TLS = {
  caPath: dir('ca.pem'),
  serverKey: readFileSync(dir('server.key'), 'utf8'),
  serverCert: readFileSync(dir('server.pem'), 'utf8'),
  /** Key and certificate in one PEM, as AZURE_CLIENT_CERTIFICATE_PATH takes it. */
  clientPemPath: dir('client.pem'),
  clientCert: readFileSync(dir('client-cert.pem'), 'utf8'),
};
