#!/usr/bin/env node
// A clone must build and test on any machine: no file may point above the repository root
// or at one machine's home or work folders. System paths the project uses on purpose
// (/usr/bin/chromium, /etc/mosquitto, /proc, /tmp…) are not machine-specific and pass.
// Usage: node scripts/check-self-contained.mjs [root]; exit 1 names each file and line.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SKIPPED = new Set(['package-lock.json']);

// A relative path that starts by climbing; not when it continues a longer path or URL.
const RELATIVE = /(?<![\w./~$-])\.\.\/[^\s'"`)\]>,;*]*/g;
// Jest's `<rootDir>/…`: relative to the config's rootDir, not to the file.
const JEST_ROOT_DIR = /<rootDir>\/([^\s'"`]*)/g;
const ROOT_DIR_VALUE = /\brootDir\s*:\s*['"]([^'"]+)['"]/;
// A join or resolve from __dirname spells a relative path in separate literals.
const DIRNAME_CALL =
  /\b(?:join|resolve)\(\s*(?:__dirname|import\.meta\.dirname)((?:\s*,\s*(['"])[^'"\n]*\2)+)/g;
const LITERAL = /(['"])([^'"\n]*)\1/g;
const MACHINE_PATH =
  /(?<![\w./\\~$:-])(?:\/(?:work|home|root|Users)(?![\w.-])[^\s'"`)\]>,;]*|[A-Za-z]:(?:\\{1,2}|\/)(?=[\w.$%])[^\s'"`)\]>,;]*)/g;

/** True when `path`, taken from the folder `base` (both relative to the root), leaves the root. */
function climbsOut(base, path) {
  const target = posix.normalize(posix.join(base, path));
  return target === '..' || target.startsWith('../');
}

function lineOf(text, index) {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The places where `text`, the content of `file` (a path relative to the repository root,
 * with `/`), reaches outside the repository: `{ line, path, reason }`, in text order.
 */
export function findViolations(file, text) {
  const folder = posix.dirname(file);
  const found = new Map();
  const add = (index, path, reason) => {
    const line = lineOf(text, index);
    found.set(`${line}\0${path}`, { line, path, reason });
  };

  for (const m of text.matchAll(RELATIVE))
    if (climbsOut(folder, m[0])) add(m.index, m[0], 'climbs above the repository root');

  const rootDir = ROOT_DIR_VALUE.exec(text)?.[1] ?? '.';
  for (const m of text.matchAll(JEST_ROOT_DIR))
    if (climbsOut(posix.join(folder, rootDir), m[1] ?? ''))
      add(m.index, m[0], 'climbs above the repository root');

  for (const m of text.matchAll(DIRNAME_CALL)) {
    const parts = [...(m[1] ?? '').matchAll(LITERAL)].map((l) => l[2] ?? '');
    const path = posix.join(...parts);
    if (climbsOut(folder, path)) add(m.index, path, 'climbs above the repository root');
  }

  for (const m of text.matchAll(MACHINE_PATH))
    add(m.index, m[0], "is an absolute path of one machine's files");

  return [...found.values()].sort((a, b) => a.line - b.line);
}

/** Files git tracks, and new files it would track, under `root`. */
function repositoryFiles(root) {
  const out = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return [...new Set(out.split('\0').filter(Boolean))];
}

/** Every violation in the repository at `root`: `{ file, line, path, reason }`. */
export function checkRepository(root) {
  const violations = [];
  for (const file of repositoryFiles(root)) {
    if (SKIPPED.has(posix.basename(file))) continue;
    let content;
    try {
      content = readFileSync(resolve(root, file));
    } catch {
      continue; // deleted in the working tree, not yet staged
    }
    if (content.subarray(0, 8000).includes(0)) continue; // binary
    for (const v of findViolations(file, content.toString('utf8'))) violations.push({ file, ...v });
  }
  return violations;
}

function main() {
  const root = resolve(process.argv[2] ?? process.cwd());
  const violations = checkRepository(root);
  for (const v of violations) console.error(`${v.file}:${v.line}: ${v.path} ${v.reason}`);
  if (violations.length > 0) {
    console.error(
      `check-self-contained: ${violations.length} reference(s) outside the repository; ` +
        'point inside it (a path from the file, or from the repository root at run time).',
    );
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
