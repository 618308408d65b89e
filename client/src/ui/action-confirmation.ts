import type { Severity } from '@ioc/shared';
import type { PanelCommand } from '../api/incidents.api';

/** Severities whose resolve and close ask first: ending a fire by a stray click costs lives. */
const CONFIRMED_SEVERITIES: readonly Severity[] = ['high', 'critical'];

/** Whether the panel asks "are you sure?" before sending this command. */
export function needsConfirmation(command: PanelCommand, severity: Severity): boolean {
  return (
    (command.action === 'resolve' || command.action === 'close') &&
    CONFIRMED_SEVERITIES.includes(severity)
  );
}
