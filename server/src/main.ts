import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ClusterService } from './cluster/cluster.service';
import { coalesceWrites } from './common/coalesce-writes';
import { ConfigError, loadConfig, type AppConfig } from './config/app.config';
import { FLEET_YAML_TYPES } from './devices/devices.controller';
import { applyHttpSecurity } from './http/http-security';
import { setupOpenApi } from './openapi/openapi';
import { restrictDataFiles } from './security/data-files';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

async function bootstrap(config: AppConfig): Promise<void> {
  restrictDataFiles(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '256kb' });
  // Fleet files for POST /api/devices/bulk (a few hundred bytes a device).
  app.useBodyParser('text', { type: ['text/csv', ...FLEET_YAML_TYPES], limit: '4mb' });
  stopOnSignals(app, config.shutdownTimeoutMs);
  app.disable('x-powered-by');
  applyHttpSecurity(app, config);
  setupOpenApi(app);
  if (existsSync(config.clientDir)) app.useStaticAssets(config.clientDir, { index: 'index.html' });
  else Logger.warn(`console not built (${config.clientDir} missing): run npm run build`, 'main');
  // socket.io writes one WebSocket frame per push, each its own system call: hold them to
  // the end of the loop turn, as the MQTT connections do (docs/benchmarks.md).
  app.getHttpServer().on('connection', (socket: Socket) => coalesceWrites(socket));
  // Cluster mode: a stand-by forwards incident changes to the leader (docs/scale-out.md).
  const forwarding = app.get(ClusterService).forwarding;
  if (forwarding) app.use(forwarding.middleware);
  if (config.cluster && !config.mqtt.shareGroup)
    Logger.warn(
      'REDIS_URL is set (several instances) but MQTT_SHARE_GROUP is not: every instance receives every device message; set MQTT_SHARE_GROUP so each message goes to one instance',
      'main',
    );
  await app.listen(config.http.port, config.http.host);
  Logger.log(
    `IOC hub ready on http://127.0.0.1:${config.http.port} (console, /api, /api/docs, /metrics)`,
    'main',
  );
}

/**
 * SIGTERM (a service manager) or SIGINT (Ctrl-C): a graceful shutdown, bounded in time.
 * The order lives in the modules' hooks (startup/hub.startup.ts: MQTT stops taking
 * messages, what is in hand is committed and acknowledged, then the rest stops and the
 * database closes). Nest's enableShutdownHooks would re-raise the signal once done, so the
 * process would end "killed by SIGTERM"; this ends it with exit code 0. A repeated signal
 * changes nothing (npm and the terminal both forward one Ctrl-C): the deadline still holds.
 */
function stopOnSignals(app: INestApplication, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    Logger.log(`${signal}: finishing what is in hand, then stopping`, 'main');
    const deadline = setTimeout(() => {
      Logger.error(`shutdown did not finish within ${timeoutMs} ms; exiting`, 'main');
      process.exit(1);
    }, timeoutMs);
    app.close().then(
      () => {
        clearTimeout(deadline);
        Logger.log('stopped', 'main');
        process.exit(0);
      },
      (error: unknown) => {
        Logger.error(`shutdown failed: ${String(error)}`, 'main');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  // A bad setting stops start-up with the list of what is wrong.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
bootstrap(config).catch((error: unknown) => {
  console.error(
    `IOC hub failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
