import { runService } from '@agora/runtime';
import { version } from '../../../package.json';
import { AppModule } from './app.module';
import { auctionEnvSchema } from './config';

void runService({
  service: 'auction',
  version,
  envSchema: auctionEnvSchema,
  appModule: (context) => AppModule.register(context),
});
