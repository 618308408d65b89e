import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { CapController } from './cap.controller';

/** Incidents as CAP 1.2 alerts. */
@Module({ imports: [IncidentsModule], controllers: [CapController] })
export class CapModule {}
