/** A broker URL fit for a log: its password (and user) replaced, so no secret is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '***';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Not a URL the WHATWG parser takes: drop anything before an @ in its authority.
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}
