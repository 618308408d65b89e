/**
 * Deterministic random input for the fuzz campaigns: a seeded xorshift32 generator, so a
 * failing run can be replayed with the seed it prints (FUZZ_SEED).
 */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** A float in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

export function seedFromEnv(): number {
  const given = Number(process.env.FUZZ_SEED);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

/** Hostile JSON values, as text: each is spliced into an otherwise valid payload. */
export function hostileValue(rng: Rng): string {
  const depth = 1 + rng.int(3000);
  const choices = [
    () => `${'['.repeat(depth)}${']'.repeat(depth)}`,
    () => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    () => rng.pick(['1e400', '-1e400', '1e308', '123456789012345678901234567890', '-0', '5e-324']),
    () => rng.pick(['"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"\\udfff\\ud800"']),
    () => rng.pick(['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}']),
    () => `[${Array.from({ length: rng.int(3000) }, (_, i) => i).join(',')}]`,
    () => JSON.stringify('x'.repeat(rng.int(70_000))),
    () => rng.pick(['null', 'true', '[]', '{}', '""', '0', '-1', '"2026-13-45T99:99:99Z"']),
  ];
  return rng.pick(choices)();
}

/** One random edit of a JSON text: a field replaced, dropped, or the text cut or corrupted. */
export function mutateJson(rng: Rng, value: Record<string, unknown>): Buffer {
  const keys = Object.keys(value);
  const copy: Record<string, unknown> = { ...value };
  const marker = '"__HOSTILE__"';
  switch (rng.int(7)) {
    case 0:
      delete copy[rng.pick(keys)];
      return Buffer.from(JSON.stringify(copy));
    case 1:
      copy[rng.pick(keys)] = '__HOSTILE__';
      return Buffer.from(JSON.stringify(copy).replace(marker, hostileValue(rng)));
    case 2:
      copy[rng.pick(['__proto__', 'constructor', 'prototype', 'extra'])] = '__HOSTILE__';
      return Buffer.from(JSON.stringify(copy).replace(marker, hostileValue(rng)));
    case 3: {
      const text = Buffer.from(JSON.stringify(copy));
      return text.subarray(0, rng.int(text.length));
    }
    case 4: {
      const text = Buffer.from(JSON.stringify(copy));
      for (let i = 0; i < 1 + rng.int(4); i++) text[rng.int(text.length)] = rng.int(256);
      return text;
    }
    case 5: {
      // Invalid UTF-8 inside a string value.
      const text = JSON.stringify(copy);
      const at = text.indexOf('"', 2) + 1;
      return Buffer.concat([
        Buffer.from(text.slice(0, at)),
        Buffer.from([rng.pick([0xff, 0xc3, 0xed, 0xf8]), 0xa0, 0x80]),
        Buffer.from(text.slice(at)),
      ]);
    }
    default:
      return Buffer.from(JSON.stringify(copy));
  }
}
