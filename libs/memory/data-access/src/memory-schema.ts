import { AddOutbox1767400000000 } from '@agora/outbox';
import { AddItemEmbedder1764000000000 } from './add-item-embedder.migration';
import { AddItemVisibility1768000000000 } from './add-item-visibility.migration';
import { addPgvectorMigration } from './add-pgvector.migration';
import { CreateMemoryItems1732420000000 } from './create-memory-items.migration';
import { MemoryItemEntity } from './memory-item.entity';

/** The memory's TypeORM entities, for its DatabaseModule. */
export const memoryEntities = [MemoryItemEntity];

/**
 * The memory's migrations, in order; `vectorDimensions` sizes the pgvector column where the
 * extension exists (the configured embedder's dimensions).
 */
export function memoryMigrationsFor(vectorDimensions: number) {
  return [
    CreateMemoryItems1732420000000,
    AddItemEmbedder1764000000000,
    addPgvectorMigration(vectorDimensions),
    AddOutbox1767400000000,
    AddItemVisibility1768000000000,
  ];
}

/** The migrations for the built-in 256-dimension hashing embedder. */
export const memoryMigrations = memoryMigrationsFor(256);
