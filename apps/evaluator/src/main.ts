import { runService } from '@agora/runtime';
import { version } from '../../../package.json';
import { AppModule } from './app.module';
import { evaluatorEnvSchema } from './config';

void runService({
  service: 'evaluator',
  version,
  envSchema: evaluatorEnvSchema,
  appModule: (context) => AppModule.register(context),
});
