import type { ZenviaRouteModule } from '../index';
import { messageRoutes } from './messages';
import { subscriptionRoutes } from './subscriptions';
import { templateRoutes } from './templates';

/** Every endpoint family of the Zenvia double; add one line per new route module. */
export const zenviaRouteModules: ZenviaRouteModule[] = [
	messageRoutes,
	templateRoutes,
	subscriptionRoutes,
];
