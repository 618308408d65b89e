import { ANSWER_ROLE, TRANSITIONS, ApiPath, ApiPrefix } from '@ioc/shared';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AnswerRequestSchema,
  DispatchRequestSchema,
  NoteRequestSchema,
  ResolveRequestSchema,
  TransitionRequestSchema,
  type Incident,
  type User,
} from '@ioc/shared';
import { CurrentUser, RequireRole } from '../auth/auth.decorators';
import { parseOrThrow } from '../common/parse';
import { LifecycleService } from './lifecycle.service';

/**
 * docs/contract.md §6–§7: transitions take the `version` the caller saw (409 with the current
 * incident when stale, 422 when the state machine forbids it, 403 without the role).
 */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller(ApiPrefix.incidents)
export class LifecycleController {
  constructor(private readonly lifecycle: LifecycleService) {}

  @Post(ApiPath.transition('acknowledge'))
  @HttpCode(200)
  @RequireRole(TRANSITIONS.acknowledge.role)
  @ApiOperation({ summary: 'open → acknowledged. Body {version, note?}' })
  async acknowledge(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { version, note } = parseOrThrow(TransitionRequestSchema, body);
    return this.lifecycle.transition(id, { action: 'acknowledge', version, note }, user);
  }

  @Post(ApiPath.transition('dispatch'))
  @HttpCode(200)
  @RequireRole(TRANSITIONS.dispatch.role)
  @ApiOperation({
    summary:
      'acknowledged → dispatched: sends an available unit and marks it busy. Body {version, unitId, note?}',
  })
  async dispatch(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { version, note, unitId } = parseOrThrow(DispatchRequestSchema, body);
    return this.lifecycle.transition(id, { action: 'dispatch', version, note, unitId }, user);
  }

  @Post(ApiPath.transition('resolve'))
  @HttpCode(200)
  @RequireRole(TRANSITIONS.resolve.role)
  @ApiOperation({
    summary:
      'open|acknowledged|dispatched → resolved: frees the unit. Body {version, resolution: handled|false_alarm|duplicate, note?}',
  })
  async resolve(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { version, note, resolution } = parseOrThrow(ResolveRequestSchema, body);
    return this.lifecycle.transition(id, { action: 'resolve', version, note, resolution }, user);
  }

  @Post(ApiPath.transition('close'))
  @HttpCode(200)
  @RequireRole(TRANSITIONS.close.role)
  @ApiOperation({ summary: 'resolved → closed. Body {version, note?}' })
  async close(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { version, note } = parseOrThrow(TransitionRequestSchema, body);
    return this.lifecycle.transition(id, { action: 'close', version, note }, user);
  }

  @Post(ApiPath.answer)
  @HttpCode(200)
  @RequireRole(ANSWER_ROLE)
  @ApiOperation({
    summary:
      'The public answer to the citizens who reported the incident (not a note). Body {text}',
  })
  async answer(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { text } = parseOrThrow(AnswerRequestSchema, body);
    return this.lifecycle.answer(id, text, user);
  }

  @Post(ApiPath.notes)
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a note to the audit trail (every role). Body {text}' })
  async addNote(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { text } = parseOrThrow(NoteRequestSchema, body);
    return this.lifecycle.addNote(id, text, user);
  }
}
