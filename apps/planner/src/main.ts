import { runService } from '@agora/runtime';
import { AppModule } from './app.module';
import { plannerEnvSchema } from './config';

void runService({
  service: 'planner',
  envSchema: plannerEnvSchema,
  appModule: (context) => AppModule.register(context),
});
