import type { Route } from '../http/route.ts';

export const releaseRoutes: readonly Route[] = [];
