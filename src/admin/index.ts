export { AdminAccountService } from './service.js';
export { AdminAccountResolver } from './resolver.js';
