import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { createSpecRouter } from './createSpecRouter';

const spec = {
  openapi: '3.0.3',
  info: { title: 'test', version: '1' },
  servers: [{ url: '/' }],
  paths: {
    '/rules/{id}': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            pattern: '^[a-z]+$',
            'x-error-message': 'use lower-case letters',
          },
        },
      ],
      put: {
        parameters: [
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, default: 10 },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Body' },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    schemas: {
      Body: {
        type: 'object',
        required: ['name', 'rules'],
        properties: {
          name: { type: 'string', minLength: 1 },
          tiers: {
            type: 'array',
            minItems: 1,
            items: { type: 'string' },
            'x-error-message': 'at least one tier is required',
          },
          rules: {
            type: 'array',
            items: { $ref: '#/components/schemas/Rule' },
          },
        },
      },
      Rule: {
        type: 'object',
        required: ['condition'],
        properties: {
          condition: {
            oneOf: [
              { $ref: '#/components/schemas/NoSignIn' },
              { $ref: '#/components/schemas/Never' },
            ],
            discriminator: { propertyName: 'type' },
          },
        },
      },
      NoSignIn: {
        type: 'object',
        required: ['type', 'days'],
        properties: {
          type: { type: 'string', enum: ['noSignIn'] },
          days: { type: 'integer', minimum: 1 },
        },
      },
      Never: {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string', enum: ['never'] } },
      },
    },
  },
} as const;

async function server() {
  const { api, router } = await createSpecRouter(
    options => Promise.resolve(createValidatedOpenApiRouter(spec, options)),
    { spec, bodyLimit: '1kb' },
  );
  api.put('/rules/:id', (req, res) => {
    res.json({ query: req.query, body: req.body });
  });
  const app = express();
  app.use(router);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.rootLogger(),
    }).error(),
  );
  return app;
}

describe('createSpecRouter', () => {
  it('passes a valid request with the spec defaults applied', async () => {
    const res = await request(await server())
      .put('/rules/abc')
      .send({ name: 'x', rules: [{ condition: { type: 'never' } }] });
    expect(res.status).toBe(200);
    expect(res.body.query).toEqual({ limit: 10 });
  });

  it('names each bad field with a dotted path and what is wrong', async () => {
    const res = await request(await server())
      .put('/rules/abc?limit=0')
      .send({
        rules: [{ condition: { type: 'noSignIn', days: 0 } }],
        tiers: [],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    const message: string = res.body.error.message;
    expect(message).toMatch(/^Invalid request: /);
    expect(message).toContain('name: is required');
    expect(message).toContain('rules.0.condition.days: must be >= 1');
    expect(message).toContain('tiers: at least one tier is required');
    expect(message).toContain('limit: must be >= 1');
    expect(message).not.toMatch(/oneOf|request\//);
  });

  it('uses the spec’s words for a path parameter that breaks its pattern', async () => {
    const res = await request(await server())
      .put('/rules/ABC')
      .send({ name: 'x', rules: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid request: id: use lower-case letters',
    );
  });

  it('answers 413 to a body over the limit', async () => {
    const res = await request(await server())
      .put('/rules/abc')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(2000), rules: [] }));
    expect(res.status).toBe(413);
    // Only a name and a message: not the parser's limit, length and type.
    expect(res.body).toEqual({
      error: {
        name: 'PayloadTooLargeError',
        message:
          'The request body is 2022 bytes; at most 1024 bytes are accepted',
      },
      request: { method: 'PUT', url: '/rules/abc' },
      response: { statusCode: 413 },
    });
  });

  it('answers 400 to JSON that does not parse, without echoing the body', async () => {
    const res = await request(await server())
      .put('/rules/abc')
      .set('Content-Type', 'application/json')
      .send('{"name": "x", secret');
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error).sort()).toEqual(['message', 'name']);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(
      /^The request body is not valid JSON: /,
    );
  });
});
