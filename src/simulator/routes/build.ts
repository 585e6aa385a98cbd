import type { Route } from '../http/route.ts';

export const buildRoutes: readonly Route[] = [];
