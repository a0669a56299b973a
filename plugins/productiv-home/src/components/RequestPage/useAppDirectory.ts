import { useApi } from '@backstage/core-plugin-api';
import { CatalogApp } from '@internal/plugin-productiv-home-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { productivHomeApiRef } from '../../api';
import { AppDirectory, appDirectory } from './names';

/**
 * The apps offered, to name the apps and tiers of requests. Until the listing
 * arrives (or when it cannot be read) names are made from the keys, so a
 * request list never waits on it.
 */
export function useAppDirectory(): {
  apps: AppDirectory;
  catalog?: CatalogApp[];
} {
  const api = useApi(productivHomeApiRef);
  const { value } = useAsync(() => api.listCatalog(), [api]);
  const apps = useMemo(() => appDirectory(value), [value]);
  return { apps, catalog: value };
}
