import type { Route } from '../http/route.ts';

export const approvalsRoutes: readonly Route[] = [];
