import { createContractChecker } from './contractChecker';

const spec = {
  openapi: '3.0.3',
  info: { title: 'test', version: '1' },
  paths: {
    '/requests/intake': {
      post: { responses: { '201': { description: 'made' } } },
    },
    '/links/{token}': {
      get: {
        responses: {
          '200': {
            description: 'A page',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
          '410': {
            description: 'A page for people, an error for programs',
            content: {
              'text/html': {
                schema: { type: 'string', pattern: '^<!doctype' },
              },
              'application/json': {
                schema: { $ref: '#/components/schemas/Error' },
              },
            },
          },
        },
      },
    },
    '/requests/{id}': {
      get: {
        responses: {
          '200': {
            description: 'A request',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Request' },
              },
            },
          },
          '404': { $ref: '#/components/responses/Error' },
        },
      },
    },
  },
  components: {
    responses: {
      Error: {
        description: 'An error',
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/Error' },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
      },
      Request: {
        type: 'object',
        required: ['id', 'createdAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          createdAt: { type: 'string', format: 'date-time' },
          note: { type: 'string', nullable: true },
        },
      },
    },
  },
};

const ID = '6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60';

describe('createContractChecker', () => {
  const checker = createContractChecker(spec);

  it('accepts declared answers whose bodies match', () => {
    expect(
      checker.problem({
        method: 'GET',
        path: `/requests/${ID}?x=1`,
        status: 200,
        body: { id: ID, createdAt: '2026-12-02T10:00:00.000Z', note: null },
      }),
    ).toBeUndefined();
    expect(
      checker.problem({
        method: 'GET',
        path: `/requests/${ID}`,
        status: 404,
        body: { error: { name: 'NotFoundError', message: 'No such request' } },
      }),
    ).toBeUndefined();
    // The literal path wins over the template.
    expect(
      checker.problem({
        method: 'POST',
        path: '/requests/intake',
        status: 201,
        contentType: '',
        body: {},
      }),
    ).toBeUndefined();
    expect(checker.covered()).toEqual([
      'GET /requests/{id} 200',
      'GET /requests/{id} 404',
      'POST /requests/intake 201',
    ]);
  });

  it('names an undeclared status, a body that does not match and an unknown operation', () => {
    expect(
      checker.problem({
        method: 'GET',
        path: `/requests/${ID}`,
        status: 400,
        body: { error: { name: 'InputError', message: 'bad' } },
      }),
    ).toBe(
      `GET /requests/${ID} → 400: GET /requests/{id} declares only 200, 404`,
    );
    expect(
      checker.problem({
        method: 'GET',
        path: `/requests/${ID}`,
        status: 200,
        body: { id: 'nope', createdAt: 'yesterday' },
      }),
    ).toMatch(
      /the body does not match the spec: body\/id must match format "uuid"/,
    );
    expect(
      checker.problem({
        method: 'GET',
        path: `/requests/${ID}`,
        status: 404,
        body: { error: 'not found' },
      }),
    ).toMatch(/body\/error must be object/);
    expect(() =>
      checker.check({
        method: 'DELETE',
        path: '/requests',
        status: 204,
        body: '',
      }),
    ).toThrow('DELETE /requests → 204: the spec has no such operation');
  });
});

describe('createContractChecker with an optional body', () => {
  it('takes no body or a matching one where x-body-optional says so', () => {
    const checker = createContractChecker({
      ...spec,
      paths: {
        ...spec.paths,
        '/acknowledged': {
          post: {
            responses: {
              '200': {
                description: 'Acknowledged, with an answer or none',
                'x-body-optional': true,
                content: {
                  'application/json': {
                    schema: { type: 'object', required: ['answer'] },
                  },
                },
              },
            },
          },
        },
      },
    });
    const answer = {
      method: 'POST',
      path: '/acknowledged',
      status: 200,
      body: undefined,
    };
    expect(checker.problem(answer)).toBeUndefined();
    expect(
      checker.problem({
        ...answer,
        contentType: 'application/json',
        body: { answer: 'yes' },
      }),
    ).toBeUndefined();
    expect(
      checker.problem({ ...answer, contentType: 'application/json', body: {} }),
    ).toMatch(/does not match the spec/);
    // Elsewhere a declared body is still required.
    expect(
      checker.problem({
        method: 'GET',
        path: '/requests/r1',
        status: 200,
        body: undefined,
      }),
    ).toMatch(/expected application\/json, got no body/);
  });
});

describe('createContractChecker with several media types', () => {
  it('takes the schema of the media type answered, and refuses one not declared', () => {
    const checker = createContractChecker(spec);
    const gone = { method: 'GET', path: '/links/abc', status: 410 };
    expect(
      checker.problem({
        ...gone,
        contentType: 'text/html',
        body: '<!doctype html><p>This link has expired.</p>',
      }),
    ).toBeUndefined();
    expect(
      checker.problem({
        ...gone,
        contentType: 'application/json',
        body: { error: { name: 'GoneError', message: 'expired' } },
      }),
    ).toBeUndefined();
    expect(
      checker.problem({ ...gone, contentType: 'text/html', body: 'expired' }),
    ).toMatch(/the body does not match the spec: body must match pattern/);
    expect(
      checker.problem({
        method: 'GET',
        path: '/links/abc',
        status: 200,
        contentType: 'application/json',
        body: {},
      }),
    ).toBe('GET /links/abc → 200: expected text/html, got application/json');
    expect(checker.problem({ ...gone, contentType: '', body: {} })).toBe(
      'GET /links/abc → 410: expected text/html or application/json, got no body',
    );
    expect(
      checker.problem({
        method: 'POST',
        path: '/requests/intake',
        status: 201,
        contentType: 'application/json',
        body: { id: 1 },
      }),
    ).toBe(
      'POST /requests/intake → 201: the spec declares no body, got application/json',
    );
  });

  it('lists the operations without a passing 2xx or 4xx answer', () => {
    const checker = createContractChecker(spec);
    expect(checker.operations()).toEqual([
      'POST /requests/intake',
      'GET /links/{token}',
      'GET /requests/{id}',
    ]);
    checker.problem({
      method: 'GET',
      path: '/links/abc',
      status: 200,
      contentType: 'text/html',
      body: '<p>Approve?</p>',
    });
    // An answer that fails the check covers nothing.
    checker.problem({
      method: 'GET',
      path: '/links/abc',
      status: 410,
      contentType: 'text/html',
      body: 'not a page',
    });
    checker.problem({
      method: 'GET',
      path: `/requests/${ID}`,
      status: 404,
      contentType: 'application/json',
      body: { error: { name: 'NotFoundError', message: 'No such request' } },
    });
    expect(checker.untested()).toEqual([
      'POST /requests/intake: no 2xx or 4xx',
      'GET /links/{token}: no 4xx',
      'GET /requests/{id}: no 2xx',
    ]);
    expect(checker.untested(['4'])).toEqual([
      'POST /requests/intake: no 4xx',
      'GET /links/{token}: no 4xx',
    ]);
  });
});
