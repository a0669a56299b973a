import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { BacktestService } from '../services/backtest/types';
import { toDefinition } from './definition';
import type { SpecApi } from './router';

/** POST /workflows/{instanceId}/backtest: a POST because the draft travels in the body; it changes nothing. */
export function addBacktestRoutes(
  api: SpecApi,
  options: { httpAuth: HttpAuthService; backtests?: BacktestService },
) {
  const { httpAuth, backtests } = options;
  api.post('/workflows/:instanceId/backtest', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    if (!backtests) throw new NotFoundError('Backtests are not set up here');
    const { definition, asOf, daysAgo } = req.body;
    const { limit = 1000 } = req.query;
    res.json(
      await backtests.backtest(
        req.params.instanceId,
        {
          asOf,
          daysAgo: daysAgo as 30 | 60 | 90 | undefined,
          definition: definition && toDefinition(definition),
        },
        { credentials, limit },
      ),
    );
  });
}
