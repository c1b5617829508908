// definitions/create, update, delete, get, list (velt-api.md §1.5).
import type { Json } from '../types';
import { DEFINITION_FIELDS, DEFINITION_ID, UPDATE_FIELDS } from './definitionSchema';
import { definitionView } from './definitions';
import type { DefinitionInput } from './model';
import { bool, int, opt, req, str } from './schema';
import { ok, refuse, type Endpoint, type EndpointReply } from './endpoint';

const ID = req(str({ pattern: DEFINITION_ID, patternMessage: 'definitionId must match ^[a-z0-9][a-z0-9-]{2,63}$' }));
const IGNORED = { organizationId: opt(str({ min: 1, max: 256 })), documentId: opt(str({ min: 1, max: 256 })) };

/** The validated body as a definition: org/doc ids at the top level are accepted and ignored. */
export function definitionInput(data: Record<string, Json>): DefinitionInput {
  const { organizationId: _org, documentId: _doc, ifVersion: _version, ...rest } = data;
  return rest as unknown as DefinitionInput;
}

function stored(
  result:
    | { ok: true; value: Parameters<typeof definitionView>[0] }
    | {
        ok: false;
        status: 'NOT_FOUND' | 'ALREADY_EXISTS' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT';
        message: string;
      },
): EndpointReply {
  return result.ok ? ok(definitionView(result.value)) : refuse(result.status, result.message);
}

export const DEFINITION_ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  '/v2/workflow/definitions/create': {
    fields: DEFINITION_FIELDS,
    handle: ({ engine }, data) => stored(engine.definitions.create(definitionInput(data))),
  },
  '/v2/workflow/definitions/update': {
    fields: UPDATE_FIELDS,
    handle: ({ engine }, data) => stored(engine.definitions.update(definitionInput(data), data['ifVersion'] as number)),
  },
  '/v2/workflow/definitions/delete': {
    fields: { definitionId: ID, purge: opt(bool()), ...IGNORED },
    handle: ({ engine }, data) => {
      const id = data['definitionId'] as string;
      const result = engine.definitions.delete(id, data['purge'] === true, engine.inFlight(id));
      return result.ok ? ok(result.value) : refuse(result.status, result.message);
    },
  },
  '/v2/workflow/definitions/get': {
    fields: { definitionId: ID, ...IGNORED },
    handle: ({ engine }, data) => {
      const found = engine.definitions.active(data['definitionId'] as string);
      return found && found !== 'tombstoned'
        ? ok(definitionView(found))
        : refuse('NOT_FOUND', `Definition ${String(data['definitionId'])} not found`);
    },
  },
  '/v2/workflow/definitions/list': {
    fields: { pageSize: opt(int(1, 500)), cursor: opt(int(0, Number.MAX_SAFE_INTEGER)) },
    handle: ({ engine }, data) => {
      const pageSize = typeof data['pageSize'] === 'number' ? data['pageSize'] : 50;
      const page = engine.definitions.list(pageSize, typeof data['cursor'] === 'number' ? data['cursor'] : undefined);
      return ok({
        items: page.map(definitionView),
        nextCursor: page.length === pageSize ? page.at(-1)!.updatedAt : null,
      });
    },
  },
};
