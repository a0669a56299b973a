import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The managers who approve the soak's requesters (level 1). */
export const SOAK_MANAGERS = [
  'olivia.chen',
  'james.walker',
  'charlotte.davis',
  'isabella.martin',
  'grace.clark',
];

export type SoakPerson = { name: string; ref: string; email: string };

/**
 * The demo organization plus `count` requesters in a team of their own, so
 * that they hold no app tier yet (each grant is a new Okta membership) and
 * exist in the catalog, in Okta and in Slack alike. Written as one catalog
 * file that the sandbox and both backends read.
 */
export function writeSoakOrg(
  dir: string,
  count: number,
): { file: string; people: SoakPerson[] } {
  const demo = readFileSync(
    path.resolve(__dirname, '../../examples/org.yaml'),
    'utf8',
  );
  const people: SoakPerson[] = [];
  const docs = [
    `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: soak-team
spec:
  type: team
  profile:
    displayName: Soak Team
  parent: acme
  children: []`,
  ];
  for (let i = 0; i < count; i++) {
    const name = `soak.${String(i).padStart(3, '0')}`;
    const email = `${name}@acme.example.com`;
    people.push({ name, ref: `user:default/${name}`, email });
    docs.push(`---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: ${name}
  annotations:
    productiv.io/job-title: 'Soak Tester'
    productiv.io/department: 'Engineering'
    productiv.io/manager: 'user:default/${
      SOAK_MANAGERS[i % SOAK_MANAGERS.length]
    }'
spec:
  profile:
    displayName: Soak Tester ${i}
    email: ${email}
  memberOf: [soak-team]`);
  }
  const file = path.join(dir, 'org.yaml');
  writeFileSync(file, `${demo.trimEnd()}\n${docs.join('\n')}\n`);
  return { file, people };
}
