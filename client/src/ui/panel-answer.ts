import {
  ANSWER_MAX_LENGTH,
  ANSWER_ROLE,
  hasRole,
  type Incident,
  type IncidentCitizenReports,
  type Role,
} from '@ioc/shared';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/i18n';
import { el, setText } from './dom';

export interface PanelAnswerOptions {
  role: Role;
  send(text: string): Promise<boolean>;
}

/**
 * The public answer to the citizens who reported the incident, kept apart from the notes:
 * the answer as it stands, who will see it (reports by app), and for dispatchers a field to
 * write it. Citizen and dispatcher text is set as text, never as markup.
 */
export class PanelAnswer {
  readonly element: HTMLElement;
  private readonly current = el('blockquote', {
    className: 'answer__current',
    dataset: { testid: 'answer-current' },
  });
  private readonly byline = el('p', { className: 'panel__hint' });
  private readonly audience = el('p', {
    className: 'answer__audience',
    dataset: { testid: 'answer-audience' },
  });
  private readonly input = el('textarea', {
    className: 'notes__input',
    attrs: { rows: '2', maxlength: String(ANSWER_MAX_LENGTH) },
    dataset: { testid: 'answer-input' },
  });
  private readonly submit = el('button', {
    className: 'button button--primary',
    attrs: { type: 'button' },
    dataset: { testid: 'answer-submit' },
  });
  private incident: Incident | null = null;
  private reports: IncidentCitizenReports | null = null;
  private readonly canAnswer: boolean;

  constructor(private readonly options: PanelAnswerOptions) {
    this.canAnswer = hasRole(options.role, ANSWER_ROLE);
    const form = el('div', { className: 'notes' }, [this.input, this.submit]);
    form.hidden = !this.canAnswer;
    this.element = el('div', { className: 'answer', dataset: { testid: 'panel-answer' } }, [
      this.current,
      this.byline,
      this.audience,
      form,
    ]);
    this.submit.addEventListener('click', () => void this.send());
  }

  set(incident: Incident): void {
    if (this.incident?.id !== incident.id) {
      this.input.value = '';
      this.reports = null;
    }
    this.incident = incident;
    this.render();
  }

  setReports(reports: IncidentCitizenReports | null): void {
    this.reports = reports;
    this.render();
  }

  setBusy(busy: boolean): void {
    this.submit.disabled = busy;
  }

  render(): void {
    const answer = this.incident?.answer ?? null;
    setText(this.current, answer ? answer.text : t('answer.none'));
    this.current.classList.toggle('answer__current--none', !answer);
    this.byline.hidden = !answer;
    if (answer)
      setText(this.byline, t('answer.byAt', { actor: answer.by, time: formatDateTime(answer.at) }));
    const reports = this.reports;
    this.audience.hidden = reports === null;
    if (reports)
      setText(
        this.audience,
        reports.total === 0
          ? t('answer.noAudience')
          : t('answer.audience', {
              count: reports.total,
              apps: reports.apps.map((app) => `${app.appId} × ${app.count}`).join(', '),
            }),
      );
    this.input.placeholder = t('answer.placeholder');
    this.input.setAttribute('aria-label', t('answer.placeholder'));
    setText(this.submit, t('answer.submit'));
  }

  private async send(): Promise<void> {
    const id = this.incident?.id;
    const text = this.input.value.trim();
    if (!id || !text || !this.canAnswer) return;
    const sent = await this.options.send(text);
    if (sent && this.incident?.id === id) this.input.value = '';
  }
}
