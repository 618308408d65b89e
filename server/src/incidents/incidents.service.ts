// lifecycle/lifecycle.machine.ts imports the audit type from this path.
export type { IncidentAuditInput } from './incident-write.service';
