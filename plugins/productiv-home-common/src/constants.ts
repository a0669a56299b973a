/**
 * Default catalog annotations that carry the people data Productiv Home needs
 * and that the catalog's User kind has no field for. The keys can be changed
 * in config (`productivHome.people.annotations`).
 *
 * @public
 */
export const DEFAULT_PEOPLE_ANNOTATIONS = {
  /** Entity ref of the user's manager, e.g. `user:default/olivia.chen`. */
  manager: 'productiv.io/manager',
  /** Job title, e.g. `Software Engineer`. */
  jobTitle: 'productiv.io/job-title',
  /** Department, e.g. `Engineering`. */
  department: 'productiv.io/department',
} as const;

/**
 * The keys of the people annotations.
 *
 * @public
 */
export type PeopleAnnotations = {
  manager: string;
  jobTitle: string;
  department: string;
};

/**
 * Signals channel on which request updates are published.
 *
 * @public
 */
export const PRODUCTIV_HOME_SIGNALS_CHANNEL = 'productiv-home:requests';
