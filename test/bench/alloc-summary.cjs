// Summarizes an allocation profile from bench/alloc-profile.cjs: what the hub allocated,
// grouped by the part of the ingest path it served, by package and by function.
//   node test/bench/alloc-summary.cjs <file.heapprofile> [top]
const { readFileSync } = require('node:fs');

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 25);
/** The innermost frame of a stack naming one of these decides its group. */
const GROUPS = [
  ['incident.publisher', 'announcement: ioc/incidents/{id} publish (JSON, Aedes, mqtt-packet)'],
  ['live.gateway', 'announcement: socket.io broadcast (encode, adapter, frames)'],
  ['writeOnce', 'write batch: snapshots (toIncident), rows'],
  ['submitEvent', 'correlation, duplicate filter, event row'],
  ['validateEvent', 'validation (zod)'],
  ['handleEvents', 'ingest: JSON.parse and the rest'],
  ['nextBatch', 'Aedes: device packets in, PUBACKs out'],
];
const OTHER = 'other (timers, streams, inspector, start-up)';
const where = (url) => {
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (!url) return '(native)';
  const project = /\/(server|shared|simulators)\/dist\/(?:src\/)?(.*)$/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
};
const byGroup = new Map();
const byPackage = new Map();
const byFunction = new Map();
let total = 0;
const add = (map, key, size) => map.set(key, (map.get(key) ?? 0) + size);

function walk(node, stack) {
  const frame = node.callFrame;
  const here = [...stack, `${frame.functionName} ${frame.url}`];
  if (node.selfSize > 0) {
    total += node.selfSize;
    let group = OTHER;
    for (let i = here.length - 1; i >= 0 && group === OTHER; i--) {
      const hit = GROUPS.find(([needle]) => here[i].includes(needle));
      if (hit) group = hit[1];
    }
    add(byGroup, group, node.selfSize);
    add(byPackage, where(frame.url).split('/').slice(0, 2).join('/'), node.selfSize);
    add(
      byFunction,
      `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`,
      node.selfSize,
    );
  }
  for (const child of node.children) walk(child, here);
}

walk(profile.head, []);
console.log(`sampled allocations: ${(total / 1e9).toFixed(2)} GB`);
for (const [title, map, n] of [
  ['by what they were for', byGroup, 20],
  ['by package', byPackage, top],
  ['by function', byFunction, top],
]) {
  console.log(`\n${title}:`);
  for (const [key, size] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n))
    console.log(`${((100 * size) / total).toFixed(1).padStart(6)} %  ${key}`);
}
