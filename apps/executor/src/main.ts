import { runService } from '@agora/runtime';
import { AppModule } from './app.module';
import { executorEnvSchema } from './config';

void runService({
  service: 'executor',
  envSchema: executorEnvSchema,
  appModule: (context) => AppModule.register(context),
});
