import { runService } from '@agora/runtime';
import { version } from '../../../package.json';
import { AppModule } from './app.module';
import { memoryEnvSchema } from './config';

void runService({
  service: 'memory',
  version,
  envSchema: memoryEnvSchema,
  appModule: (context) => AppModule.register(context),
});
