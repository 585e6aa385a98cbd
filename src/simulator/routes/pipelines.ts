import type { Route } from '../http/route.ts';

export const pipelinesRoutes: readonly Route[] = [];
