/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, as `npm run bench -- --cpu-prof` writes
 * for the hub): self time by package or project folder, and the hottest functions.
 *
 *   npx tsx bench/profile-summary.ts test/artifacts/profiles/<run>/<file>.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, a project folder, node itself, or V8. */
function owner(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1] ?? path;
  if (path.startsWith('node:')) return 'node:' + (path.slice(5).split('/')[0] ?? '');
  const project = /\/(server|shared|simulators)\/dist\/(?:src\/)?([^/]+)/.exec(path);
  if (project) return `${project[1]}/${project[2]}`;
  return path;
}

export function summarize(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = profile.endTime - profile.startTime;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const o = owner(url, functionName);
    byOwner.set(o, (byOwner.get(o) ?? 0) + micros);
    const key = `${functionName || '(anonymous)'} ${o}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  // Inclusive time of the project's own functions (server/, shared/): who the cost is for.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, micros] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node) break;
      const { functionName, url, lineNumber } = node.callFrame;
      const o = owner(url, functionName);
      if (!/^(server|shared)\//.test(o) || !functionName) continue;
      const key = `${functionName} ${o}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  }
  const pct = (micros: number): string => `${((micros / total) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`profile: ${(total / 1e6).toFixed(1)} s`, '', 'self time by package / folder:'];
  for (const [o, micros] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(micros)}  ${o}`);
  lines.push('', 'hottest functions (self time):');
  for (const [f, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(micros)}  ${f}`);
  lines.push('', "the project's functions, inclusive time (with everything they call):");
  for (const [f, micros] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(micros)}  ${f}`);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: profile-summary <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, top ? Number(top) : 25));
}
