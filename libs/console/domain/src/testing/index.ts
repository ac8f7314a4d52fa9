export { consoleEvents, type At } from './console-event-builders';
