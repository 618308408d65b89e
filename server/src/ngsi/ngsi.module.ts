import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { NgsiController } from './ngsi.controller';

/** Incidents as NGSI-LD `Alert` entities (docs/contract.md §7, docs/integration.md). */
@Module({ imports: [IncidentsModule, AuthModule], controllers: [NgsiController] })
export class NgsiModule {}
