import {
  BacktestRequest,
  WorkflowBacktest,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import { Creds } from '../common';

/** Backtests: a workflow run as of a past day over the kept history; changes nothing. */
export interface BacktestService {
  backtest(
    instanceId: string,
    request: BacktestRequest & { definition?: WorkflowDefinition },
    options: Creds & { limit: number },
  ): Promise<WorkflowBacktest>;
}
