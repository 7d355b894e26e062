export type { LeadPassport, PassportEntry, PassportSource } from './passport.repository.js';
export { loadPassport } from './passport.repository.js';
export { passportRoutes } from './passport.routes.js';
