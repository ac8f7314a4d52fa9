export { CreateMemoryItems1732420000000 } from './create-memory-items.migration';
export { MemoryItemEntity } from './memory-item.entity';
export {
  MemoryItemRepository,
  type CandidateQuery,
  type ItemCandidate,
  type ReadItem,
  type StoredItem,
} from './memory-item.repository';
export { memoryEntities, memoryMigrations } from './memory-schema';
