import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { topics } from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { incidentJson } from '../incidents/incident-json';
import { MqttConnectionService } from './mqtt-connection.service';

/** Publishes every incident change to `ioc/incidents/{id}` (docs/contract.md §3), QoS 1. */
@Injectable()
export class IncidentPublisher implements OnModuleInit, OnApplicationShutdown {
  private subscription: Subscription | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hubEvents: HubEvents,
    private readonly mqtt: MqttConnectionService,
  ) {}

  onModuleInit(): void {
    this.subscription = this.hubEvents.incidentChanged$.subscribe((incident) => {
      this.mqtt.publish(
        topics.incident(incident.id, this.config.mqtt.topicRoot),
        incidentJson(incident),
      );
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
