/**
 * Turns the validator's one-line summary of what is wrong with a request
 * ("request/body/rules/0/condition/days must be >= 1, request/query/limit must
 * be >= 1") into one a person can act on: each field by its dotted name,
 * required properties named as the missing field, and the spec's own words
 * where a field's schema carries `x-error-message`.
 */

/** One problem the validator found: where, and what is wrong. */
export type FieldProblem = {
  /** body, query, params or headers */
  location: string;
  /** Path inside that location, e.g. ['rules', '0', 'condition', 'days']. */
  path: string[];
  message: string;
};

const ITEM = /^request\/(body|query|params|headers)((?:\/[^\s]*)?) (.*)$/s;
const REQUIRED = /^must have required property '([^']+)'$/;

/**
 * Splits a summary made by ajv's errorsText({ dataVar: 'request' }); undefined
 * when the message is not one (a message of another kind passes unchanged).
 */
export function parseValidationSummary(
  summary: string,
): FieldProblem[] | undefined {
  const parts = summary.split(/, (?=request\/)/);
  const problems: FieldProblem[] = [];
  for (const part of parts) {
    const match = ITEM.exec(part);
    if (!match) return undefined;
    const [, location, rawPath, rawMessage] = match;
    const path = rawPath
      .split('/')
      .filter(Boolean)
      .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const required = REQUIRED.exec(rawMessage);
    if (required) {
      problems.push({
        location,
        path: [...path, required[1]],
        message: 'is required',
      });
    } else {
      problems.push({ location, path, message: rawMessage });
    }
  }
  return problems;
}

type Schema = Record<string, any>;

/** The messages a spec's `x-error-message` may replace: the ones that quote schema internals. */
const REPLACEABLE =
  /^(must match pattern|must match format|must NOT have fewer than|must NOT have more than)/;

function resolve(spec: Schema, schema: Schema | undefined): Schema | undefined {
  let current = schema;
  for (let hops = 0; current?.$ref && hops < 20; hops++) {
    const pointer = String(current.$ref).replace(/^#\//, '').split('/');
    current = pointer.reduce<any>((node, key) => node?.[key], spec);
  }
  return current;
}

/** The schema at a path under `schema`, looking into every branch of oneOf/anyOf/allOf. */
function schemaAt(
  spec: Schema,
  schema: Schema | undefined,
  path: string[],
): Schema | undefined {
  const node = resolve(spec, schema);
  if (!node) return undefined;
  for (const branch of [
    ...(node.oneOf ?? []),
    ...(node.anyOf ?? []),
    ...(node.allOf ?? []),
  ]) {
    const found = schemaAt(spec, branch, path);
    if (found) return found;
  }
  if (!path.length) return node;
  const [head, ...rest] = path;
  if (node.properties?.[head]) {
    return schemaAt(spec, node.properties[head], rest);
  }
  if (node.items && /^\d+$/.test(head)) {
    return schemaAt(spec, node.items, rest);
  }
  return undefined;
}

/** The schema of where a problem lies, in the operation the request matched. */
export function problemSchema(
  spec: Schema,
  operation: Schema | undefined,
  problem: FieldProblem,
): Schema | undefined {
  if (!operation) return undefined;
  if (problem.location === 'body') {
    const content = resolve(spec, operation.requestBody)?.content ?? {};
    const media = content['application/json'] ?? Object.values(content)[0];
    return schemaAt(spec, (media as Schema | undefined)?.schema, problem.path);
  }
  const where = problem.location === 'params' ? 'path' : problem.location;
  const [name, ...rest] = problem.path;
  const parameter = (operation.parameters ?? [])
    .map((p: Schema) => resolve(spec, p))
    .find((p: Schema | undefined) => p?.in === where && p?.name === name);
  return parameter ? schemaAt(spec, parameter.schema, rest) : undefined;
}

/** "field: what is wrong; other: what is wrong", in the spec's words where it has them. */
export function describeProblems(
  spec: Schema,
  operation: Schema | undefined,
  problems: FieldProblem[],
): string {
  return problems
    .map(problem => {
      const custom = problemSchema(spec, operation, problem)?.[
        'x-error-message'
      ];
      const message =
        typeof custom === 'string' && REPLACEABLE.test(problem.message)
          ? custom
          : problem.message;
      const field = problem.path.join('.') || problem.location;
      return `${field}: ${message}`;
    })
    .filter((line, i, all) => all.indexOf(line) === i)
    .join('; ');
}
