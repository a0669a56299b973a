export { EntityTeamAppsCard } from './EntityTeamAppsCard';
