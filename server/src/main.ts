import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigError, loadConfig, type AppConfig } from './config/app.config';
import { setupOpenApi } from './openapi/openapi';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

async function bootstrap(config: AppConfig): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '256kb' });
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  setupOpenApi(app);
  if (existsSync(config.clientDir)) app.useStaticAssets(config.clientDir, { index: 'index.html' });
  else Logger.warn(`console not built (${config.clientDir} missing): run npm run build`, 'main');
  await app.listen(config.http.port, config.http.host);
  Logger.log(`IOC hub ready on http://127.0.0.1:${config.http.port} (console, /api, /api/docs, /metrics)`, 'main');
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
  console.error(`IOC hub failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
