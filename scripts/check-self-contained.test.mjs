// node --test scripts/check-self-contained.test.mjs
// Fixtures spell the forbidden paths in pieces, so this file passes the check itself.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkRepository, findViolations } from './check-self-contained.mjs';

const UP = '..' + '/';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'check-self-contained.mjs');
const paths = (file, text) => findViolations(file, text).map((v) => `${v.line} ${v.path}`);

describe('findViolations', () => {
  it('flags a relative path that climbs above the root from the file’s folder', () => {
    assert.deepEqual(paths('README.md', `See [the brief](${UP}shared/DESIGN.md).`), [
      `1 ${UP}shared/DESIGN.md`,
    ]);
    assert.deepEqual(paths('test/e2e/a.e2e.ts', `\nimport x from '${UP.repeat(3)}x';`), [
      `2 ${UP.repeat(3)}x`,
    ]);
    assert.deepEqual(paths('scripts/a.mjs', `const f = '${UP}x/${UP}${UP}y';`), [
      `1 ${UP}x/${UP}${UP}y`,
    ]);
  });

  it('passes relative paths that stay inside the repository', () => {
    assert.deepEqual(
      paths('client/tsconfig.json', `{ "paths": ["${UP}shared/src/index.ts"] }`),
      [],
    );
    assert.deepEqual(paths('test/e2e/a.e2e.ts', `import x from '${UP}${UP}server/dist/main';`), []);
    assert.deepEqual(paths('a/b.md', `https://example.org/a/${UP}${UP}${UP}b`), []);
  });

  it('resolves jest’s <rootDir> from the config’s rootDir', () => {
    const config = (target) => `rootDir: 'src',\nmap: '<rootDir>/${target}shared/src/index.ts'`;
    assert.deepEqual(paths('client/jest.config.js', config(UP + UP)), []);
    assert.deepEqual(paths('client/jest.config.js', config(UP.repeat(3))), [
      `2 <rootDir>/${UP.repeat(3)}shared/src/index.ts`,
    ]);
  });

  it('adds up the literals of a join or resolve from __dirname', () => {
    const call = (n) => `join(__dirname,\n  ${Array(n).fill("'..'").join(', ')}, 'package.json')`;
    assert.deepEqual(paths('simulators/src/cli.ts', call(2)), []);
    assert.deepEqual(paths('simulators/src/cli.ts', call(3)), [`1 ${UP.repeat(3)}package.json`]);
  });

  it('flags absolute paths of a machine and passes the system paths the project uses', () => {
    const machine = ['/wo' + 'rk/main/x', '/ho' + 'me/me/x', '/ro' + 'ot/.npm', '/Us' + 'ers/me'];
    machine.push('C:' + '\\\\repo\\x', 'D:' + '/repo');
    for (const path of machine)
      assert.deepEqual(paths('a.ts', `const p = '${path}';`), [`1 ${path}`], path);
    const system =
      "'/usr/bin/chromium' /etc/mosquitto/mosquitto.conf /dev/null '/tmp/x' /proc/stat";
    assert.deepEqual(paths('a.ts', system), []);
    assert.deepEqual(paths('a.ts', 'https://example.org/ho' + 'me/x and /^\\d\\d:\\d\\d$/'), []);
  });
});

describe('the command', () => {
  const root = mkdtempSync(join(tmpdir(), 'self-contained-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  const write = (file, text) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };

  it('exits 0 for a repository that stays inside itself', () => {
    git('init', '-q');
    write('test/e2e/ok.ts', `import x from '${UP}support/x';\n`);
    write('package-lock.json', `{ "resolved": "${UP.repeat(4)}x" }\n`);
    write('image.png', Buffer.from([0x89, 0, 0x2e, 0x2e, 0x2f, 0x2e, 0x2e, 0x2f]));
    git('add', '.');
    assert.deepEqual(checkRepository(root), []);
    const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });

  it('exits 1 naming the file and line of each violation, tracked or new', () => {
    write('docs/a.md', `# A\n\nSee [x](${UP}${UP}outside.md).\n`);
    git('add', 'docs/a.md');
    write('scripts/new.mjs', `const p = '/ho${'me'}/me/data';\n`);
    const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^docs\/a\.md:3: \.\.\/\.\.\/outside\.md climbs above/m);
    assert.match(run.stderr, /^scripts\/new\.mjs:1: \/home\/me\/data is an absolute path/m);
  });
});
