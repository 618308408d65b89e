import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncidentList } from '@ioc/shared';
import { DEMO_PASSWORD, HubProcess, REPO_ROOT } from '../support/hub-process';
import { runSimulatorForResult, type SimulatorRun } from '../support/simulator-run';

// Every scenario of the library passes `verify` against the real hub (embedded broker,
// SQLite); a wrong expectation and a run that joins an earlier run's incident fail it.
// Build first: `npm run build` (or the simulators' and the server's tsconfig.build.json).

const LIBRARY = join(REPO_ROOT, 'simulators/scenarios');
const files = readdirSync(LIBRARY)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

interface Report {
  scenario: string;
  passed: boolean;
  checks: { ok: boolean; title: string; details: string[] }[];
  incidents: { id: string; category: string; sources: string[] }[];
  cleanedUp: number;
}

describe('the scenario library, verified against the hub', () => {
  let hub: HubProcess;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-scenarios-'));
    // Fire triage on, so morning-fog-langbiang's fog is held `unverified` (docs/correlation.md).
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(
      rulesFile,
      JSON.stringify({ categories: { fire: { triage: { minConfidence: 0.6 } } } }),
    );
    hub = await HubProcess.start('scenario-library', {
      broker: 'embedded',
      database: 'sqlite',
      env: { RULES_FILE: rulesFile },
    });
  });

  afterAll(async () => {
    await hub?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** `ioc-sim verify` as a tester runs it, as the dispatcher (for --cleanup). */
  const verify = async (
    target: string,
    ...extra: string[]
  ): Promise<SimulatorRun & { reports: Report[] }> => {
    const reportFile = join(
      dir,
      `report-${Date.now()}-${Math.random().toString(16).slice(2)}.json`,
    );
    const run = await runSimulatorForResult(
      [
        'verify',
        target,
        '--url',
        hub.mqttUrl,
        '--topic-root',
        hub.topicRoot,
        '--hub',
        hub.baseUrl,
        '--username',
        'dispatcher',
        '--report',
        reportFile,
        ...extra,
      ],
      { env: { IOC_SIM_PASSWORD: DEMO_PASSWORD }, timeoutMs: 90_000 },
    );
    const reports = (JSON.parse(readFileSync(reportFile, 'utf8')) as { reports: Report[] }).reports;
    return { ...run, reports };
  };

  it('holds at least eight scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s passes verify', async (file) => {
    const run = await verify(join(LIBRARY, file), '--cleanup');
    if (run.code !== 0) throw new Error(`verify ${file} exited ${run.code}:\n${run.output}`);
    const [report] = run.reports;
    expect(report?.passed).toBe(true);
    expect(report?.checks.every((c) => c.ok)).toBe(true);
    expect(run.output).toMatch(
      new RegExp(`^verify ${report?.scenario ?? ''}: PASS \\(\\d+ checks`, 'm'),
    );
    expect(run.output).toContain(
      'PASS  /live pushed the final state of every incident of this run',
    );
    // --cleanup resolved what the run opened, so the next scenario (or a rerun) starts clean.
    expect(report?.cleanedUp).toBe(report?.incidents.length);
  });

  it('fails, naming the bound, when a scenario expects the wrong outcome', async () => {
    // landslide-prenn ends critical (two tilt meters); this copy claims at most high.
    const wrong = readFileSync(join(LIBRARY, 'landslide-prenn.yaml'), 'utf8').replace(
      'minSeverity: critical',
      'maxSeverity: high',
    );
    expect(wrong).toContain('maxSeverity: high');
    const file = join(dir, 'landslide-wrong.yaml');
    writeFileSync(file, wrong);
    const run = await verify(file, '--timeout', '4', '--cleanup');
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /^ {2}FAIL {2}1 landslide incident, in zone prenn, severity at most high/m,
    );
    expect(run.output).toMatch(/: severity critical, expected at most high$/m);
    expect(run.output).toMatch(/^verify landslide-prenn: FAIL \(\d+ of \d+ checks failed/m);
    expect(run.reports[0]?.passed).toBe(false);
  });

  it("fails a rerun that joins the previous run's open incident, and passes once it is cleaned up", async () => {
    const scenario = join(LIBRARY, 'unpermitted-construction.yaml');
    const first = await verify(scenario);
    expect(first.code).toBe(0);

    // Same places within the 24 h window: the rerun's detections join the first run's incidents.
    const second = await verify(scenario, '--timeout', '4', '--cleanup');
    expect(second.code).toBe(1);
    expect(second.output).toMatch(
      /^ {2}FAIL {2}no incident of this run joined one opened before it started/m,
    );
    expect(second.output).toContain('verify --cleanup');
    expect(second.reports[0]?.cleanedUp).toBe(2);

    // The earlier incidents are resolved now: a matching event opens a new, related incident.
    const third = await verify(scenario, '--cleanup');
    if (third.code !== 0) throw new Error(third.output);
    const token = await hub.login('operator');
    const { items } = await hub.get<IncidentList>(
      '/api/incidents?category=construction&limit=100',
      token,
    );
    const latest = items.filter((i) => third.reports[0]?.incidents.some((r) => r.id === i.id));
    expect(latest).toHaveLength(2);
    for (const incident of latest) expect(incident.relatedIncidentId).not.toBeNull();
  });

  it('verifies the whole library in one call', async () => {
    const run = await runSimulatorForResult(
      [
        'verify',
        '--all',
        '--cleanup',
        '--url',
        hub.mqttUrl,
        '--topic-root',
        hub.topicRoot,
        '--hub',
        hub.baseUrl,
      ],
      {
        env: { IOC_SIM_USERNAME: 'dispatcher', IOC_SIM_PASSWORD: DEMO_PASSWORD },
        timeoutMs: 110_000,
      },
    );
    if (run.code !== 0) throw new Error(run.output);
    expect(run.output).toContain(`verify: all ${files.length} scenarios PASS`);
  }, 120_000);
});
