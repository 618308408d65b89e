import { ANSWER_ROLE, TRANSITIONS, UNIT_CHANGE_ROLE, ApiPath, ApiPrefix } from '@ioc/shared';
import { Body, Controller, Delete, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AnswerRequestSchema,
  DismissRequestSchema,
  AddUnitRequestSchema,
  DispatchRequestSchema,
  ReleaseUnitRequestSchema,
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

  @Post(ApiPath.transition('confirm'))
  @HttpCode(200)
  @RequireRole(TRANSITIONS.confirm.role)
  @ApiOperation({
    summary: 'Triage: unverified → open (the SLA runs from now). Body {version, note?}',
  })
  async confirm(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { version, note } = parseOrThrow(TransitionRequestSchema, body);
    return this.lifecycle.transition(id, { action: 'confirm', version, note }, user);
  }

  @Post(ApiPath.transition('dismiss'))
  @HttpCode(200)
  @RequireRole(TRANSITIONS.dismiss.role)
  @ApiOperation({
    summary:
      'Triage: unverified → resolved false_alarm. Body {version, reason: fog|cloud|light|object|other, note?}',
  })
  async dismiss(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { version, note, reason } = parseOrThrow(DismissRequestSchema, body);
    return this.lifecycle.transition(id, { action: 'dismiss', version, note, reason }, user);
  }

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

  @Post(ApiPath.incidentUnits)
  @HttpCode(200)
  @RequireRole(UNIT_CHANGE_ROLE)
  @ApiOperation({
    summary:
      'A dispatched incident gets one more available unit (it becomes busy). Body {version, unitId, note?}',
  })
  async addUnit(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    const { version, note, unitId } = parseOrThrow(AddUnitRequestSchema, body);
    return this.lifecycle.changeUnits(id, { kind: 'add', unitId, version, note }, user);
  }

  @Delete(ApiPath.incidentUnit)
  @HttpCode(200)
  @RequireRole(UNIT_CHANGE_ROLE)
  @ApiOperation({
    summary:
      'Releases one unit of a dispatched incident (it becomes available; not the last one). Body {version, note?} or ?version=',
  })
  async releaseUnit(
    @Param('id') id: string,
    @Param('unitId') unitId: string,
    @Body() body: unknown,
    @Query('version') queryVersion: string | undefined,
    @CurrentUser() user: User,
  ): Promise<Incident> {
    // Some HTTP clients drop a DELETE's body: the version may come in the query instead.
    const hasBody = typeof body === 'object' && body !== null && Object.keys(body).length > 0;
    const { version, note } = parseOrThrow(
      ReleaseUnitRequestSchema,
      hasBody ? body : { version: queryVersion === undefined ? undefined : Number(queryVersion) },
    );
    return this.lifecycle.changeUnits(id, { kind: 'release', unitId, version, note }, user);
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
