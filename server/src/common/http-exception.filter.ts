import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorBody } from '@ioc/shared';
import { DOMAIN_ERROR_STATUS, DomainError } from './domain-error';

/** One error shape for every HTTP error: `{statusCode, code, message, details?}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const body: ErrorBody = {
        statusCode: DOMAIN_ERROR_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
      };
      if (exception.details !== undefined) body.details = exception.details;
      return body;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { statusCode: status, code: codeFor(status), message: exception.message };
    }
    // body-parser errors (malformed JSON, too large) carry a status of their own.
    const status = (exception as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, code: codeFor(status), message: (exception as Error).message };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'internal error' };
  }
}

function codeFor(status: number): string {
  const found = Object.entries(DOMAIN_ERROR_STATUS).find(([, s]) => s === status);
  return found ? found[0] : status === 413 ? 'PAYLOAD_TOO_LARGE' : `HTTP_${status}`;
}
