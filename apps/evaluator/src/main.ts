import { runService } from '@agora/runtime';
import { AppModule } from './app.module';
import { evaluatorEnvSchema } from './config';

void runService({
  service: 'evaluator',
  envSchema: evaluatorEnvSchema,
  appModule: (context) => AppModule.register(context),
});
