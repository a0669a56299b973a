import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useSearchParams } from 'react-router-dom';

/**
 * The page's open tab, kept in the URL's `tab` parameter so that a link or
 * a reload opens the same tab: the tab named there if it is one of `tabs`,
 * else `fallback`. `show` opens another, replacing the history entry.
 */
export function useTabParam<T extends string>(
  tabs: readonly T[],
  fallback: T,
): { tab: T; show: (next: T) => void } {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') as T;
  const show = (next: T) => {
    const updated = new URLSearchParams(params);
    updated.set('tab', next);
    setParams(updated, { replace: true });
  };
  return { tab: tabs.includes(requested) ? requested : fallback, show };
}

/** A page's row of tabs, in the order of `labels`. */
export const PageTabs = <T extends string>(props: {
  tab: T;
  show: (next: T) => void;
  labels: Record<T, string>;
}) => (
  <Tabs
    value={props.tab}
    onChange={(_e, v) => props.show(v)}
    indicatorColor="primary"
    style={{ margin: '16px 0' }}
  >
    {(Object.entries(props.labels) as Array<[T, string]>).map(
      ([value, label]) => (
        <Tab key={value} value={value} label={label} />
      ),
    )}
  </Tabs>
);
