import type { Route } from '../http/route.ts';

export const locationRoutes: readonly Route[] = [];
