/**
 * A minimal XML writer for flat, fixed-order documents like CAP: every text and attribute
 * value is escaped, and characters XML 1.0 forbids (most control characters) are dropped,
 * so no input — a citizen's description included — can break the document.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  private depth = 0;

  open(name: string, attributes: Record<string, string> = {}): this {
    this.parts.push(`${this.indent()}<${name}${this.attributes(attributes)}>\n`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.parts.push(`${this.indent()}</${name}>\n`);
    return this;
  }

  /** An element with attributes only (Atom's `link`, `category`). */
  empty(name: string, attributes: Record<string, string>): this {
    this.parts.push(`${this.indent()}<${name}${this.attributes(attributes)}/>\n`);
    return this;
  }

  /** An element with text content; skipped when the value is null or undefined. */
  leaf(name: string, value: string | number | null | undefined): this {
    if (value === null || value === undefined) return this;
    this.parts.push(`${this.indent()}<${name}>${escapeXml(String(value))}</${name}>\n`);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }

  private attributes(attributes: Record<string, string>): string {
    return Object.entries(attributes)
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('');
  }

  private indent(): string {
    return '  '.repeat(this.depth);
  }
}
