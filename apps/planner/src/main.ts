import { runService } from '@agora/runtime';
import { version } from '../../../package.json';
import { AppModule } from './app.module';
import { plannerEnvSchema } from './config';

void runService({
  service: 'planner',
  version,
  envSchema: plannerEnvSchema,
  appModule: (context) => AppModule.register(context),
});
