export { ConsoleModule } from './console.module';
export {
  CONSOLE_SETTINGS,
  consoleSettingsFromEnv,
  type ConsoleEnv,
  type ConsoleSettings,
} from './console-settings';
export { ConsoleStreamService, sseEvent, type StreamClient } from './console-stream.service';
export { consoleGroup, ConsoleViewService } from './console-view.service';
export { consoleOpenApiDocument } from './openapi.controller';
