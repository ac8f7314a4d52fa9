import { runService } from '@agora/runtime';
import { AppModule } from './app.module';
import { consoleEnvSchema } from './config';

void runService({
  service: 'console',
  envSchema: consoleEnvSchema,
  appModule: (context) => AppModule.register(context),
});
