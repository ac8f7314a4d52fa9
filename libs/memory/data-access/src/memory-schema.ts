import { CreateMemoryItems1732420000000 } from './create-memory-items.migration';
import { MemoryItemEntity } from './memory-item.entity';

/** The memory's TypeORM entities, for its DatabaseModule. */
export const memoryEntities = [MemoryItemEntity];
/** The memory's migrations, in order. */
export const memoryMigrations = [CreateMemoryItems1732420000000];
