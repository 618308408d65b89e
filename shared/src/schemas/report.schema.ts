import { z } from 'zod';
import { NOTE_MAX_LENGTH } from './api.schema';

/**
 * Answer to `POST /api/reports`: the event the report became, the incident it joined, and
 * the code the citizen app tracks it by (`GET /api/reports/{trackingCode}`).
 */
export const ReportResponseSchema = z.object({
  eventId: z.string(),
  incidentId: z.string(),
  source: z.string(),
  trackingCode: z.string(),
});
export type ReportResponse = z.infer<typeof ReportResponseSchema>;

/**
 * Where a citizen report stands (docs/contract.md §7), derived from its incident's lifecycle
 * and its public answer: `received` (open), `in_progress` (acknowledged, dispatched or
 * resolved), `answered` (a public answer is written), `closed`.
 */
export const CITIZEN_REPORT_STATUSES = ['received', 'in_progress', 'answered', 'closed'] as const;
export type CitizenReportStatus = (typeof CITIZEN_REPORT_STATUSES)[number];

/** `GET /api/reports/{trackingCode}`. */
export const ReportStatusSchema = z.object({
  trackingCode: z.string(),
  status: z.enum(CITIZEN_REPORT_STATUSES),
  answer: z.string().optional(),
  updatedAt: z.string(),
});
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

/**
 * The body of a citizen-app webhook: the report's status after a change, with a delivery id
 * (the same on every retry) and the app's sequence number, so the app can drop repeats and
 * put the changes in order.
 */
export const CitizenWebhookBodySchema = ReportStatusSchema.extend({
  deliveryId: z.string(),
  sequence: z.number().int().positive(),
  incidentId: z.string().optional(),
});
export type CitizenWebhookBody = z.infer<typeof CitizenWebhookBodySchema>;

export const ANSWER_MAX_LENGTH = NOTE_MAX_LENGTH;

/** `POST /api/incidents/{id}/answer`: the public answer to the incident's citizen reports. */
export const AnswerRequestSchema = z.object({ text: z.string().min(1).max(ANSWER_MAX_LENGTH) });
export type AnswerRequest = z.infer<typeof AnswerRequestSchema>;

/** `GET /api/incidents/{id}/citizen-reports`: who will see the incident's public answer. */
export const IncidentCitizenReportsSchema = z.object({
  total: z.number().int(),
  apps: z.array(z.object({ appId: z.string(), count: z.number().int() })),
});
export type IncidentCitizenReports = z.infer<typeof IncidentCitizenReportsSchema>;

/** `GET /api/reports/webhooks/dead-letters` (admin): notifications given up on. */
export const DeadLetterSchema = z.object({
  deliveryId: z.string(),
  appId: z.string(),
  sequence: z.number().int(),
  body: CitizenWebhookBodySchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deadAt: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
