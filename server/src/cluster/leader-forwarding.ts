import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { ClusterBus } from './cluster-bus';

/** Set on a forwarded request, so that it is never forwarded twice. */
export const FORWARDED_HEADER = 'x-ioc-forwarded-by';
/** Requests that change incidents (and the units they hold), answered by the leader. */
const LEADER_ROUTES = /^\/api\/(incidents\/|reports(\/|$|\?)|units(\/|$|\?))/;
const FORWARD_TIMEOUT_MS = 15_000;
const NO_LEADER =
  'no instance leads the cluster right now (a failover takes a few seconds); nothing was changed: try again';

/**
 * Cluster mode: a stand-by sends every request that changes an incident to the leader,
 * the only writer of incidents and of the hub-wide seq, and relays its answer as it is
 * (a 409 stays a 409). The leader authenticates and authorises it again: the token
 * travels with it. No leader: 503 with the reason.
 */
export class LeaderForwarding {
  private readonly logger = new Logger('cluster-forward');

  constructor(
    private readonly bus: ClusterBus,
    private readonly isLeading: () => boolean,
  ) {}

  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (
      request.method === 'GET' ||
      request.method === 'HEAD' ||
      request.method === 'OPTIONS' ||
      this.isLeading() ||
      !LEADER_ROUTES.test(request.originalUrl)
    )
      return next();
    void this.forward(request, response);
  };

  private async forward(request: Request, response: Response): Promise<void> {
    const leader = request.headers[FORWARDED_HEADER] ? null : await this.leader();
    if (!leader) return unavailable(response, NO_LEADER);
    const headers: Record<string, string> = { [FORWARDED_HEADER]: this.bus.instanceId };
    for (const name of ['authorization', 'content-type', 'accept-language', 'user-agent'])
      if (typeof request.headers[name] === 'string') headers[name] = request.headers[name];
    const forwardedFor = request.ip ?? request.socket.remoteAddress;
    if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
    try {
      const body = await bodyOf(request);
      const answer = await fetch(new URL(request.originalUrl, leader), {
        method: request.method,
        headers,
        body: body.length > 0 ? body : undefined,
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      const type = answer.headers.get('content-type');
      if (type) response.setHeader('content-type', type);
      response.status(answer.status).send(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      this.logger.warn(`could not forward ${request.method} ${request.path}: ${String(error)}`);
      unavailable(response, NO_LEADER);
    }
  }

  private async leader(): Promise<string | null> {
    try {
      return await this.bus.leaderUrl();
    } catch {
      return null;
    }
  }
}

/** The body as the client sent it: parsed already (body-parser ran) or still in the stream. */
async function bodyOf(request: Request): Promise<Buffer> {
  const body: unknown = request.body;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body !== undefined) return Buffer.from(JSON.stringify(body));
  if (request.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function unavailable(response: Response, message: string): void {
  response.status(503).json({ statusCode: 503, code: 'UNAVAILABLE', message });
}
