import type { GraphRouteModule } from '../index';
import { accountRoutes } from './account';
import { mediaRoutes } from './media';
import { messageRoutes } from './messages';
import { numberRoutes } from './numbers';
import { templateRoutes } from './templates';
import { webhookRoutes } from './webhooks';

/** Every endpoint family of the Graph double; add one line per new route module. */
export const graphRouteModules: GraphRouteModule[] = [
	// Holds the one `GET /{id}` route: media, templates, business accounts, then phone numbers.
	mediaRoutes,
	messageRoutes,
	templateRoutes,
	numberRoutes,
	webhookRoutes,
	accountRoutes,
];
