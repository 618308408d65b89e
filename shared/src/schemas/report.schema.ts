import { z } from 'zod';

/** Answer to `POST /api/reports`: the event the report became and the incident it joined. */
export const ReportResponseSchema = z.object({
  eventId: z.string(),
  incidentId: z.string(),
  source: z.string(),
});
export type ReportResponse = z.infer<typeof ReportResponseSchema>;
