import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** One answer of the API, as a test saw it. */
export type ObservedAnswer = {
  method: string;
  /** The request path relative to the plugin's mount point, with its query. */
  path: string;
  status: number;
  /** The media type without parameters (`text/html`); empty or absent: no body. */
  contentType?: string;
  /** The parsed JSON, or the text of any other media type. */
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

/** `#/components/responses/Error` → the node it points at. */
function resolve(doc: Spec, ref: string): any {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: any, k: string) => node?.[k], doc);
}

/** The declared media type an answer's content type falls under. */
function mediaTypeOf(declared: string[], contentType: string) {
  const [type] = contentType.split('/');
  return (
    declared.find(d => d === contentType) ??
    declared.find(d => d === `${type}/*`) ??
    declared.find(d => d === '*/*')
  );
}

/** The media type of a body given without one: JSON for objects. */
function inferredType(body: unknown): string {
  if (typeof body === 'object' && body !== null) return 'application/json';
  return typeof body === 'string' && body ? 'text/plain' : '';
}

/**
 * Checks answers against the spec's responses: the status must be one the
 * operation declares (or `default`), the content type one it declares for
 * that status (none when it declares no content), and the body must match
 * the schema of that media type. Tests feed it every answer they get, so
 * an answer the spec does not declare fails the test that saw it.
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
  /** `GET /requests/{id} 404` for each answer that passed. */
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

  /** What is wrong with the body of a declared response, if anything. */
  function bodyProblem(
    answer: ObservedAnswer,
    response: any,
    pointer: string,
  ): string | undefined {
    const content: Record<string, any> = response?.content ?? {};
    const declared = Object.keys(content);
    const contentType = answer.contentType ?? inferredType(answer.body);
    if (!declared.length) {
      return contentType
        ? `the spec declares no body, got ${contentType}`
        : undefined;
    }
    // A body the operation may leave out (Slack's acknowledgements).
    if (!contentType && response?.['x-body-optional'] === true) {
      return undefined;
    }
    const mediaType = contentType && mediaTypeOf(declared, contentType);
    if (!mediaType) {
      return `expected ${declared.join(' or ')}, got ${
        contentType || 'no body'
      }`;
    }
    if (!content[mediaType]?.schema) return undefined;
    const escaped = mediaType.replace(/~/g, '~0').replace(/\//g, '~1');
    const validate = ajv.getSchema(`${pointer}/content/${escaped}/schema`);
    if (!validate) return `no schema at ${pointer}`;
    if (validate(answer.body)) return undefined;
    return `the body does not match the spec: ${ajv.errorsText(
      validate.errors,
      { dataVar: 'body' },
    )}`;
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
    const escaped = encodeURIComponent(
      template.replace(/~/g, '~0').replace(/\//g, '~1'),
    );
    let response = responses[key];
    let pointer = `spec#/paths/${escaped}/${method}/responses/${key}`;
    if (response.$ref) {
      pointer = `spec${response.$ref}`;
      response = resolve(doc, String(response.$ref));
    }
    const wrong = bodyProblem(answer, response, pointer);
    if (wrong) return `${where}: ${wrong}`;
    seen.add(`${method.toUpperCase()} ${template} ${code}`);
    return undefined;
  }

  /** Every operation of the spec, as `GET /requests/{id}`. */
  function operations(): string[] {
    return Object.entries(doc.paths).flatMap(([template, item]) =>
      Object.keys(item)
        .filter(m => METHODS.includes(m))
        .map(m => `${m.toUpperCase()} ${template}`),
    );
  }

  return {
    /** Throws when the spec does not declare the answer. */
    check(answer: ObservedAnswer): void {
      const found = problem(answer);
      if (found) throw new Error(found);
    },
    problem,
    /** The (operation, status) pairs of the answers that passed. */
    covered(): string[] {
      return [...seen].sort();
    },
    operations,
    /**
     * The operations of the spec that no passing answer covered with a
     * status of each class given (by default a 2xx and a 4xx), with the
     * classes missing: `GET /health: no 4xx`.
     */
    untested(classes: string[] = ['2', '4']): string[] {
      const statuses = [...seen];
      return operations().flatMap(operation => {
        const missing = classes.filter(
          c => !statuses.some(s => s.startsWith(`${operation} ${c}`)),
        );
        return missing.length
          ? [`${operation}: no ${missing.map(c => `${c}xx`).join(' or ')}`]
          : [];
      });
    },
  };
}
