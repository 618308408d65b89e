import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { IncidentList } from '@ioc/shared';
import { launchChromium, screenshot } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  openConsole,
  openIncidentPanel,
  publishEvent,
  row,
  settledScreenshot,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { DEMO_PASSWORD, HubProcess } from '../support/hub-process';

describe('Vietnamese and English (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-locale', { broker: 'embedded', database: 'sqlite' });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  it('a vi-VN browser gets the login form and the whole console in Vietnamese, with Vietnamese dates; EN switches at once', async () => {
    const context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1600, height: 900 },
    });
    const login = await context.newPage();
    await login.goto(`${hub.baseUrl}/`);
    await login.waitForSelector('[data-testid="login"]');
    expect(await login.getAttribute('html', 'lang')).toBe('vi');
    expect(await login.textContent('#login-title')).toBe('Trung tâm Điều hành Đà Lạt');
    expect(await login.textContent('[data-testid="login-submit"]')).toBe('Đăng nhập');
    expect(await login.textContent('.login__card')).toContain('Tên đăng nhập');
    await screenshot(login, 'console-vi-login');
    await context.close();

    const token = await hub.login('operator');
    const deviceId = await publishEvent(mqtt, hub, {
      lat: 12.047,
      lon: 108.44,
      type: 'fire.flame',
    });
    const incident = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', token);
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error('not yet');
      return found;
    });

    const {
      page,
      context: consoleContext,
      errors,
    } = await openConsole(browser, hub, 'dispatcher', { locale: 'vi-VN', password: DEMO_PASSWORD });
    expect(await page.textContent('.feed__title')).toBe('Sự cố đang mở');
    expect(await page.textContent('[data-testid="connection-state"]')).toBe('Trực tuyến');
    const kpis = (await page.textContent('.kpis')) ?? '';
    for (const label of [
      'Đang mở theo mức độ',
      'Quá hạn',
      'Sự kiện/giây',
      'Thời gian tiếp nhận (trung vị)',
      'Thiết bị mất kết nối',
    ])
      expect(kpis).toContain(label);
    expect(await page.textContent('[data-testid="layer-toggles"]')).toContain('Lớp bản đồ');
    expect(await page.textContent('[data-testid="legend"]')).toContain('Chú giải');
    expect(await page.getAttribute('[data-testid="feed-search"]', 'placeholder')).toBe(
      'Tìm tiêu đề, địa điểm, thiết bị…',
    );
    expect(await page.textContent('[data-testid="filter-category"] option >> nth=0')).toBe(
      'Tất cả lĩnh vực',
    );

    await page.waitForSelector(row(incident.id));
    expect(await page.textContent(`${row(incident.id)} .feed-row__type`)).toBe('Lửa (cháy rừng)');
    expect(await page.textContent(`${row(incident.id)} .badge`)).toBe('Cao');
    await openIncidentPanel(page, incident.id);
    expect(await page.textContent('[data-testid="action-acknowledge"]')).toBe('Tiếp nhận');
    expect(await page.textContent('[data-testid="panel-status"]')).toBe('Mới');
    const reason = await page.waitForSelector('[data-testid="timeline-reason"]');
    expect(await reason.textContent()).toMatch(
      /^Sự kiện đầu tiên: mở sự cố Cháy mới \(bán kính 1 km, cửa sổ 15 phút\)$/,
    );
    // Dates in the Vietnamese order, time first, then day before month ("15:10:28 24-11").
    const parts = new Intl.DateTimeFormat('en-GB', {
      day: '2-digit',
      month: '2-digit',
      timeZone: 'Asia/Ho_Chi_Minh',
    }).formatToParts(new Date(incident.firstSeen));
    const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '?';
    expect(await page.textContent('[data-testid="panel-facts"]')).toMatch(
      new RegExp(`Phát hiện lúc\\d\\d:\\d\\d:\\d\\d ${part('day')}[-/.]${part('month')}`),
    );
    await settledScreenshot(page, 'console-vi-panel');

    await page.click('[data-testid="lang-en"]');
    await expectEventually(async () =>
      expect(await page.textContent('.feed__title')).toBe('Open incidents'),
    );
    expect(await page.textContent('[data-testid="action-acknowledge"]')).toBe('Acknowledge');
    expect(await page.textContent('[data-testid="timeline-reason"]')).toMatch(
      /^First event: opened a new Fire incident/,
    );
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('[data-testid="lang-vi"]');
    await expectEventually(async () =>
      expect(await page.textContent('.feed__title')).toBe('Sự cố đang mở'),
    );
    expect(errors).toEqual([]);
    await consoleContext.close();
  });
});
