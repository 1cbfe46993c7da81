import { Redactor } from '../redaction/redactor.js';

/**
 * Reduces whatever the caller called a path to the bare path: no scheme, no host, no
 * `user:password@`, no query string, no fragment. Errors and log lines name the endpoint, and the
 * rest is where credentials hide (`?api-key=...`, `https://sid:key@host/...`).
 */
export function toSafePath(pathOrUrl: string, redactor: Redactor = Redactor.none): string {
  let path = String(pathOrUrl);
  const absolute = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.exec(path);
  if (absolute) {
    const rest = path.slice(absolute[0].length);
    const slash = rest.search(/[/?#]/);
    path = slash === -1 ? '' : rest.slice(slash);
  }
  const end = path.search(/[?#]/);
  if (end !== -1) path = path.slice(0, end);
  return path === '' ? '/' : redactor.text(path);
}
