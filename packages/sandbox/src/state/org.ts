import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A person of the demo organization, as the portal's catalog has them. */
export type OrgPerson = {
  /** Catalog name, e.g. `emma.jones`. */
  name: string;
  displayName: string;
  email: string;
  title?: string;
  department?: string;
  /** Catalog name of the manager. */
  manager?: string;
  /** Catalog names of the groups the person is a member of. */
  groups: string[];
};

export type OrgGroup = {
  name: string;
  displayName: string;
  type: string;
};

export type Org = { people: OrgPerson[]; groups: OrgGroup[] };

/** The demo organization file shared with the portal's catalog. */
export const DEFAULT_ORG_FILE = path.join(
  path.dirname(require.resolve('@internal/sandbox/package.json')),
  '../../examples/org.yaml',
);

/** Reads the demo organization from the catalog YAML the portal loads. */
export function loadOrg(file: string = DEFAULT_ORG_FILE): Org {
  const people: OrgPerson[] = [];
  const groups: OrgGroup[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const entity = doc.toJS();
    if (!entity) continue;
    const annotations = entity.metadata?.annotations ?? {};
    if (entity.kind === 'User') {
      const manager: string | undefined = annotations['productiv.io/manager'];
      people.push({
        name: entity.metadata.name,
        displayName: entity.spec.profile?.displayName ?? entity.metadata.name,
        email: entity.spec.profile?.email,
        title: annotations['productiv.io/job-title'],
        department: annotations['productiv.io/department'],
        manager: manager?.slice(manager.indexOf('/') + 1),
        groups: entity.spec.memberOf ?? [],
      });
    } else if (entity.kind === 'Group') {
      groups.push({
        name: entity.metadata.name,
        displayName: entity.spec.profile?.displayName ?? entity.metadata.name,
        type: entity.spec.type,
      });
    }
  }
  return { people, groups };
}
