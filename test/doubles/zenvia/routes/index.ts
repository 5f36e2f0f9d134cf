import type { ZenviaRouteModule } from '../index';

/** Every endpoint family of the Zenvia double; add one line per new route module. */
export const zenviaRouteModules: ZenviaRouteModule[] = [];
