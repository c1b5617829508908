// The heavy half of the request module (undici + zod): its own bundle, dist/api.js, which the
// extension requires on first use (src/state/client.ts). The CLI bundles it directly.
export { createWorkflowApi } from './client';
