import type { Route } from '../http/route.ts';

export const adminReleasesRoutes: readonly Route[] = [];
