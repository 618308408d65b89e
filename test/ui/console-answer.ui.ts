import type { Browser } from 'playwright-core';
import type { IncidentDetail, ReportResponse, ReportStatus } from '@ioc/shared';
import { call } from '../support/api';
import { launchChromium } from '../support/browser';
import { daLatPlace, openConsole, openIncidentPanel, type ConsolePage } from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

const APP_KEY = 'dalat-app-key-0123456789';

describe('the console answers citizens (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  const open: ConsolePage[] = [];

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-answer', {
      broker: 'embedded',
      database: 'sqlite',
      env: { CITIZEN_API_KEYS: `dalat-app:${APP_KEY}` },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('a dispatcher writes the public answer, sees who will read it, and it shows as text', async () => {
    const filed = await call<ReportResponse>(
      hub,
      'POST',
      '/api/reports',
      null,
      { type: 'fire.smoke', location: daLatPlace(), description: 'Khói ở đồi Robin' },
      { 'x-api-key': APP_KEY },
    );
    expect(filed.status).toBe(202);
    const opened = await openConsole(browser, hub, 'dispatcher');
    open.push(opened);
    const { page, errors } = opened;
    await openIncidentPanel(page, filed.body.incidentId);
    await expectEventually(async () =>
      expect(await page.textContent('[data-testid="answer-audience"]')).toBe(
        '1 citizen report(s) will see this answer (dalat-app × 1).',
      ),
    );
    expect(await page.textContent('[data-testid="answer-current"]')).toBe('No public answer yet.');

    const text = 'Đã cử lực lượng <img src=x onerror="window.__pwned=1"> đến hiện trường';
    await page.fill('[data-testid="answer-input"]', text);
    await page.click('[data-testid="answer-submit"]');
    await page.waitForSelector('[data-testid="panel-message"][data-kind="success"]');
    await expectEventually(async () =>
      expect(await page.textContent('[data-testid="answer-current"]')).toBe(text),
    );
    // Text, never markup: no element came out of the answer.
    expect(await page.$$('[data-testid="answer-current"] img')).toHaveLength(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.inputValue('[data-testid="answer-input"]')).toBe('');

    const detail = await hub.get<IncidentDetail>(
      `/api/incidents/${filed.body.incidentId}`,
      await hub.login('operator'),
    );
    expect(detail.answer).toMatchObject({ text, by: 'dispatcher' });
    expect(detail.audit.find((a) => a.action === 'answered')?.note).toBe(text);
    const tracked = await call<ReportStatus>(
      hub,
      'GET',
      `/api/reports/${filed.body.trackingCode}`,
      null,
      undefined,
      { 'x-api-key': APP_KEY },
    );
    expect(tracked.body).toMatchObject({ status: 'answered', answer: text });
    expect(errors).toEqual([]);
  });

  it('an operator reads the answer in Vietnamese and has no field to write one', async () => {
    const filed = await call<ReportResponse>(
      hub,
      'POST',
      '/api/reports',
      null,
      { type: 'fire.smoke', location: daLatPlace(), description: 'Khói' },
      { 'x-api-key': APP_KEY },
    );
    const opened = await openConsole(browser, hub, 'operator', { locale: 'vi-VN' });
    open.push(opened);
    const { page, errors } = opened;
    await openIncidentPanel(page, filed.body.incidentId);
    await expectEventually(async () =>
      expect(await page.textContent('[data-testid="answer-audience"]')).toBe(
        '1 phản ánh của người dân sẽ thấy câu trả lời này (dalat-app × 1).',
      ),
    );
    expect(await page.textContent('[data-testid="answer-current"]')).toBe(
      'Chưa có câu trả lời công khai.',
    );
    expect(await page.isVisible('[data-testid="answer-input"]')).toBe(false);
    expect(errors).toEqual([]);
  });
});
