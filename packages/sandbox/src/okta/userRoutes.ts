import express from 'express';
import { stableId } from '../state/ids';
import { Change, OktaDirectory, OktaUser } from './directory';
import { forbidden, notFound, oktaError, renderUser } from './responses';

const PROFILE_FIELDS = [
  'login',
  'email',
  'firstName',
  'lastName',
  'displayName',
  'title',
  'department',
  'employeeNumber',
  'manager',
  'managerId',
] as const;
const REQUIRED = ['login', 'email', 'firstName', 'lastName'] as const;

/**
 * Creating and activating users, as the Users API does: the account's
 * creation (and activation) time is the sandbox's clock.
 */
export function addUserRoutes(
  app: express.Express,
  deps: { directory: OktaDirectory; now: () => number },
) {
  const { directory } = deps;
  const change = (res: express.Response): Change => ({
    at: deps.now(),
    actor: res.locals.actor,
  });
  const invalid = (res: express.Response, field: string, cause: string) =>
    oktaError(res, 400, 'E0000001', `Api validation failed: ${field}`, [
      `${field}: ${cause}`,
    ]);

  app.post('/api/v1/users', (req, res) => {
    const body = req.body ?? {};
    const given = (body.profile ?? {}) as Record<string, unknown>;
    const profile: Record<string, string> = {};
    for (const field of PROFILE_FIELDS) {
      const value = given[field];
      if (typeof value === 'string' && value.trim()) profile[field] = value;
    }
    const missing = REQUIRED.find(f => !profile[f]);
    if (missing) {
      invalid(res, missing, 'The field cannot be left blank');
      return;
    }
    if (
      directory.findUser(profile.login)?.profile.login.toLowerCase() ===
      profile.login.toLowerCase()
    ) {
      invalid(
        res,
        'login',
        'An object with this field already exists in the current organization',
      );
      return;
    }
    const groupIds: string[] = Array.isArray(body.groupIds)
      ? body.groupIds.map(String)
      : [];
    for (const gid of groupIds) {
      const g = directory.groups.get(gid);
      if (!g) {
        invalid(res, 'groupIds', `group '${gid}' does not exist`);
        return;
      }
      if (g.type === 'BUILT_IN') {
        oktaError(res, 501, 'E0000060', 'Unsupported operation.');
        return;
      }
    }
    // Without a password, an activated user waits in PROVISIONED for the e-mail link.
    const activate = String(req.query.activate ?? 'true') !== 'false';
    const password = body.credentials?.password?.value;
    let status: 'ACTIVE' | 'PROVISIONED' | 'STAGED' = 'STAGED';
    if (activate) status = password ? 'ACTIVE' : 'PROVISIONED';
    const user = createUser(
      directory,
      {
        profile: {
          ...profile,
          displayName:
            profile.displayName ?? `${profile.firstName} ${profile.lastName}`,
        } as OktaUser['profile'],
        status,
        groupIds,
      },
      change(res),
    );
    res.json(renderUser(req, user));
  });

  app.post('/api/v1/users/:userId/lifecycle/activate', (req, res) => {
    const u = directory.findUser(req.params.userId);
    if (!u) {
      notFound(res, req.params.userId, 'User');
      return;
    }
    if (!activateUser(directory, u.id, change(res))) {
      forbidden(res, 'Activation failed because the user is already active');
      return;
    }
    res.json(
      req.query.sendEmail === 'false'
        ? {
            activationUrl: `${req.protocol}://${req.get('host')}/welcome/sbx${
              u.id
            }`,
            activationToken: `sbx${u.id}`,
          }
        : {},
    );
  });
}

/** Creates a user now: a member of Everyone and of `groupIds`. */
export function createUser(
  dir: OktaDirectory,
  input: {
    profile: OktaUser['profile'];
    status: 'ACTIVE' | 'PROVISIONED' | 'STAGED';
    groupIds: string[];
  },
  change: Change,
): OktaUser {
  const at = new Date(change.at).toISOString();
  const staged = input.status === 'STAGED';
  const user: OktaUser = {
    id: stableId('00u', input.profile.login),
    status: input.status,
    created: at,
    activated: staged ? null : at,
    statusChanged: staged ? null : at,
    lastUpdated: at,
    profile: input.profile,
  };
  dir.users.set(user.id, user);
  const target = [dir.userTarget(user.id)];
  dir.log('user.lifecycle.create', change.at, change.actor, target);
  if (!staged)
    dir.log('user.lifecycle.activate', change.at, change.actor, target);
  const everyone = [...dir.groups.values()].find(g => g.type === 'BUILT_IN');
  if (everyone) dir.seedMember(everyone.id, user.id, at);
  for (const gid of input.groupIds) dir.addMember(gid, user.id, change);
  return user;
}

/** Activates a STAGED or PROVISIONED user now; false if they are not one. */
export function activateUser(
  dir: OktaDirectory,
  userId: string,
  change: Change,
): boolean {
  const user = dir.users.get(userId);
  if (!user || (user.status !== 'STAGED' && user.status !== 'PROVISIONED'))
    return false;
  const at = new Date(change.at).toISOString();
  Object.assign(user, {
    status: 'ACTIVE',
    activated: user.activated ?? at,
    statusChanged: at,
    lastUpdated: at,
  });
  dir.log('user.lifecycle.activate', change.at, change.actor, [
    dir.userTarget(userId),
  ]);
  return true;
}
