import { runService } from '@agora/runtime';
import { AppModule } from './app.module';
import { memoryEnvSchema } from './config';

void runService({
  service: 'memory',
  envSchema: memoryEnvSchema,
  appModule: (context) => AppModule.register(context),
});
