export { Outbox, type OutboxOptions } from './outbox';
export { createOutboxTable } from './outbox.migration';
export { OutboxModule, type OutboxModuleOptions } from './outbox.module';
