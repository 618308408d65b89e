import { describe, expect, it, jest } from '@jest/globals';
import { setLocale } from '../i18n/i18n';
import { makeIncident } from '../testing/fixtures';
import { PanelAnswer } from './panel-answer';

const find = (root: HTMLElement, testid: string): HTMLElement =>
  root.querySelector(`[data-testid="${testid}"]`)!;

describe('the panel answer', () => {
  it('shows the answer and its audience as text, and sends what a dispatcher types', async () => {
    setLocale('en');
    const send = jest.fn(async (_text: string) => true);
    const answer = new PanelAnswer({ role: 'dispatcher', send });
    const markup = '<img src=x onerror=alert(1)> On our way';
    answer.set(
      makeIncident({ answer: { text: markup, by: 'linh', at: '2026-11-23T08:20:00.000Z' } }),
    );
    answer.setReports({
      total: 3,
      apps: [
        { appId: 'dalat-app', count: 2 },
        { appId: 'kiosk', count: 1 },
      ],
    });
    const current = find(answer.element, 'answer-current');
    expect(current.textContent).toBe(markup);
    expect(current.querySelector('img')).toBeNull();
    expect(find(answer.element, 'answer-audience').textContent).toBe(
      '3 citizen report(s) will see this answer (dalat-app × 2, kiosk × 1).',
    );

    const input = find(answer.element, 'answer-input') as HTMLTextAreaElement;
    input.value = '  Đã xử lý xong  ';
    find(answer.element, 'answer-submit').click();
    expect(send).toHaveBeenCalledWith('Đã xử lý xong');
    await Promise.resolve();
    await Promise.resolve();
    expect(input.value).toBe('');
  });

  it('gives an operator no field, and says when no citizen will see an answer', () => {
    setLocale('vi');
    const send = jest.fn(async (_text: string) => true);
    const answer = new PanelAnswer({ role: 'operator', send });
    answer.set(makeIncident());
    answer.setReports({ total: 0, apps: [] });
    expect(find(answer.element, 'answer-current').textContent).toBe(
      'Chưa có câu trả lời công khai.',
    );
    expect(find(answer.element, 'answer-audience').textContent).toBe(
      'Chưa có phản ánh nào của người dân gắn với sự cố này.',
    );
    expect((find(answer.element, 'answer-input').parentElement as HTMLElement).hidden).toBe(true);
    find(answer.element, 'answer-submit').click();
    expect(send).not.toHaveBeenCalled();
    setLocale('en');
  });
});
