import type { Route } from '../http/route.ts';

export const adminBuildsRoutes: readonly Route[] = [];
