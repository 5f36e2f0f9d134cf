import type { GraphRouteModule } from '../index';

/** Every endpoint family of the Graph double; add one line per new route module. */
export const graphRouteModules: GraphRouteModule[] = [];
