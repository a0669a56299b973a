import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { RestoresService } from '../services/restores/types';
import { auditedWhenRefused } from './auditing';
import { SpecApi } from './router';

/** What workflows took from people, and the one-click restore. */
export function addRestoreRoutes(
  api: SpecApi,
  options: {
    httpAuth: HttpAuthService;
    auditor: AuditorService;
    /** Absent: the routes answer 503. */
    restores?: RestoresService;
  },
) {
  const { httpAuth, auditor } = options;
  const service = (): RestoresService => {
    if (!options.restores) {
      throw new ServiceUnavailableError('Restores are not set up here');
    }
    return options.restores;
  };

  api.get('/people/taken-back', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({
      items: await service().takenBack(req.query.entityRef, { credentials }),
    });
  });

  api.post('/workflow-actions/:actionId/restore', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { actionId } = req.params;
    const { restore, created } = await auditedWhenRefused(
      auditor,
      req,
      'workflow-restore',
      { actionId },
      () => service().restore(actionId, { credentials }),
    );
    res.status(created ? 201 : 200).json(restore);
  });
}
