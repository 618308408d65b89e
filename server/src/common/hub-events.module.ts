import { Module } from '@nestjs/common';
import { HubEvents } from './hub-events';

/** The one HubEvents instance services emit on and transports subscribe to. */
@Module({ providers: [HubEvents], exports: [HubEvents] })
export class HubEventsModule {}
