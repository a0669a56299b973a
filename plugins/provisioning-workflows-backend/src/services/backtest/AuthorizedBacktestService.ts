import { AppAuthorization } from '../AppAuthorization';
import { BacktestService } from './types';

/** The preview's permission around a BacktestService: the app's admins, or super admins. */
export class AuthorizedBacktestService implements BacktestService {
  constructor(
    private readonly inner: BacktestService,
    private readonly deps: { apps: AppAuthorization },
  ) {}

  async backtest(...args: Parameters<BacktestService['backtest']>) {
    await this.deps.apps.managed(args[0], args[2].credentials);
    return this.inner.backtest(...args);
  }
}
