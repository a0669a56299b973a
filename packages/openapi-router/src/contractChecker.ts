import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** One answer of the API, as a test saw it. */
export type ObservedAnswer = {
  method: string;
  /** The request path relative to the plugin's mount point, with its query. */
  path: string;
  status: number;
  contentType?: string;
  body: unknown;
};

type Spec = {
  paths: Record<string, Record<string, any>>;
  components?: Record<string, any>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

/** `/requests/{id}/decision` → a regular expression over concrete paths. */
function templateToRegex(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map(part =>
      part.startsWith('{')
        ? '[^/]+'
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${pattern}$`);
}

/**
 * Checks answers against the spec's responses: the status must be one the
 * operation declares (or `default`), and a JSON body must match the schema
 * declared for it. Tests feed it every answer they get, so an answer the
 * spec does not declare fails the test that saw it.
 */
export function createContractChecker(spec: object) {
  const doc = spec as Spec;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    discriminator: true,
    validateFormats: true,
  });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: 'spec' } as object);

  // Literal paths before templated ones, so /requests/intake is not /requests/{id}.
  const routes = Object.keys(doc.paths)
    .map(template => ({ template, regex: templateToRegex(template) }))
    .sort(
      (a, b) =>
        (a.template.match(/\{/g)?.length ?? 0) -
        (b.template.match(/\{/g)?.length ?? 0),
    );
  const seen = new Set<string>();

  function operationOf(method: string, path: string) {
    const bare = path.split('?')[0];
    for (const { template, regex } of routes) {
      if (!regex.test(bare)) continue;
      const operation = doc.paths[template][method.toLowerCase()];
      if (operation) return { template, operation };
    }
    return undefined;
  }

  /** What is wrong with one answer: undefined when the spec declares it. */
  function problem(answer: ObservedAnswer): string | undefined {
    const method = answer.method.toLowerCase();
    if (!METHODS.includes(method)) return undefined;
    // Routes the framework adds (scheduler, actions registry) have their own contract.
    if (answer.path.startsWith('/.backstage/')) return undefined;
    const found = operationOf(method, answer.path);
    const where = `${answer.method.toUpperCase()} ${answer.path} → ${
      answer.status
    }`;
    if (!found) {
      // A route that is not served is not found, which needs no declaring.
      return answer.status === 404
        ? undefined
        : `${where}: the spec has no such operation`;
    }
    const { template, operation } = found;
    const responses = operation.responses ?? {};
    const code = String(answer.status);
    const key = [code, `${code[0]}XX`, 'default'].find(k => k in responses);
    if (!key) {
      return `${where}: ${method.toUpperCase()} ${template} declares only ${Object.keys(
        responses,
      ).join(', ')}`;
    }
    seen.add(`${method.toUpperCase()} ${template} ${key}`);
    const escaped = encodeURIComponent(
      template.replace(/~/g, '~0').replace(/\//g, '~1'),
    );
    let response = responses[key];
    let pointer = `spec#/paths/${escaped}/${method}/responses/${key}`;
    if (response.$ref) {
      pointer = `spec${response.$ref}`;
      response = String(response.$ref)
        .replace(/^#\//, '')
        .split('/')
        .reduce((node: any, k: string) => node?.[k], doc);
    }
    const json = response?.content?.['application/json'];
    if (!json?.schema) return undefined;
    if (!/json/.test(answer.contentType ?? 'application/json')) {
      return `${where}: expected a JSON body, got ${answer.contentType}`;
    }
    const validate = ajv.getSchema(
      `${pointer}/content/application~1json/schema`,
    );
    if (!validate) return `${where}: no schema at ${pointer}`;
    if (validate(answer.body)) return undefined;
    return `${where}: the body does not match the spec: ${ajv.errorsText(
      validate.errors,
      { dataVar: 'body' },
    )}`;
  }

  return {
    /** Throws when the spec does not declare the answer. */
    check(answer: ObservedAnswer): void {
      const found = problem(answer);
      if (found) throw new Error(found);
    },
    problem,
    /** Which declared (operation, status) pairs the answers covered. */
    covered(): string[] {
      return [...seen].sort();
    },
  };
}
