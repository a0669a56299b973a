import {
  LicenseRestore,
  TakenBackLicense,
} from '@internal/plugin-provisioning-workflows-common';
import { Creds } from '../common';

/** Licenses workflows took, and giving them back in one click. */
export interface RestoresService {
  /**
   * What workflows took from a person (the caller when `entityRef` is
   * absent) in the last `days` days, newest first, with whether each can be
   * restored now.
   */
  takenBack(
    entityRef: string | undefined,
    options: Creds,
  ): Promise<TakenBackLicense[]>;
  /**
   * Gives back what an action took, at the same tier, through a durable
   * job; a second call answers the first restore (`created: false`).
   */
  restore(
    actionId: string,
    options: Creds,
  ): Promise<{ restore: LicenseRestore; created: boolean }>;
}
