import { useApp } from '../../store/app-store';
import type { Header } from '../../../../shared/log-events';

function HeaderList({ headers, label }: { headers: Header[]; label: string }) {
  return (
    <table className="kv" aria-label={label}>
      <tbody>
        {headers.map(([n, v], i) => (
          <tr key={i}>
            <th scope="row">{n}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The upgrade as it went over the wire, what was negotiated, and where it went. */
export function HandshakePanel() {
  const request = useApp((s) => s.request);
  const response = useApp((s) => s.response);
  const open = useApp((s) => s.open);
  if (!request) return <p className="empty">No handshake yet: press Connect, and the request and response headers show here as they went over the wire.</p>;
  const url = new URL(request.url);
  return (
    <div className="handshake">
      <h3>Request</h3>
      {/* the URL as dialled: {{variables}} resolved, which the start line's path alone would not show */}
      <code className="start-line request-url">{request.url}</code>
      <code className="start-line">
        {request.method} {url.pathname}
        {url.search} HTTP/1.1
      </code>
      <HeaderList headers={request.headers} label="Request headers" />
      {response && (
        <>
          <h3>Response</h3>
          <code className="start-line">
            HTTP/1.1 {response.status} {response.statusText}
          </code>
          <HeaderList headers={response.headers} label="Response headers" />
          {response.body !== undefined && <pre className="body">{response.body}</pre>}
        </>
      )}
      {open && (
        <>
          <h3>Negotiated</h3>
          <table className="kv">
            <tbody>
              <tr>
                <th scope="row">Subprotocol</th>
                <td>{open.protocol || '(none)'}</td>
              </tr>
              <tr>
                <th scope="row">Extensions</th>
                <td>{open.extensions || '(none)'}</td>
              </tr>
              {open.remoteAddress && (
                <tr>
                  <th scope="row">Remote address</th>
                  <td>
                    {open.remoteAddress}:{open.remotePort}
                  </td>
                </tr>
              )}
              {open.proxy && (
                <tr>
                  <th scope="row">Proxy</th>
                  <td>{open.proxy}</td>
                </tr>
              )}
              {open.tls && (
                <>
                  <tr>
                    <th scope="row">TLS</th>
                    <td>
                      {open.tls.version} {open.tls.cipher} (ALPN {open.tls.alpn ?? 'none'})
                    </td>
                  </tr>
                  {open.tls.peerCertificate && (
                    <tr>
                      <th scope="row">Certificate</th>
                      <td>
                        {open.tls.peerCertificate.subject}; issuer {open.tls.peerCertificate.issuer}; valid {open.tls.peerCertificate.validFrom} to{' '}
                        {open.tls.peerCertificate.validTo}
                        {open.tls.peerCertificate.subjectAltName ? `; ${open.tls.peerCertificate.subjectAltName}` : ''}
                      </td>
                    </tr>
                  )}
                </>
              )}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** A failed upgrade, shown in the connection's view whatever panel is open. */
export function FailedUpgrade() {
  const response = useApp((s) => s.response);
  if (!response || response.status === 101) return null;
  return (
    <div className="failed-upgrade" role="alert">
      <strong>
        Upgrade failed: HTTP {response.status} {response.statusText}
      </strong>
      {response.body ? <pre>{response.body.slice(0, 2000)}</pre> : <p>(empty body)</p>}
    </div>
  );
}
