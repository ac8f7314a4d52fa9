import { runService } from '@agora/runtime';
import { version } from '../../../package.json';
import { AppModule } from './app.module';
import { executorEnvSchema } from './config';

void runService({
  service: 'executor',
  version,
  envSchema: executorEnvSchema,
  appModule: (context) => AppModule.register(context),
});
