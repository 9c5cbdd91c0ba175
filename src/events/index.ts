export { SecurityEventSink } from './sink.js';
export { SecurityEventService } from './service.js';
export { SecurityEventRetention } from './retention.js';
export { SecurityEventResolver } from './resolver.js';
export { SecurityEventType, type SecurityEventInput, type PublishedSecurityEvent, type EmitEvent } from './types.js';
