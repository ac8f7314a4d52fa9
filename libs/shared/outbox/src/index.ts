export { Outbox, type OutboxOptions } from './outbox';
export { AddOutbox1767400000000, createOutboxTable } from './outbox.migration';
export { OutboxModule, type OutboxModuleOptions } from './outbox.module';
