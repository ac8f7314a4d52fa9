import { runService } from '@agora/runtime';
import { AppModule } from './app.module';
import { auctionEnvSchema } from './config';

void runService({
  service: 'auction',
  envSchema: auctionEnvSchema,
  appModule: (context) => AppModule.register(context),
});
