export { readStreamedTurn, type TurnAssembler } from './read-stream';
export { readServerSentEvents, SseParser, type ServerSentEvent } from './sse';
export {
  AnthropicTurnAssembler,
  OpenAiTurnAssembler,
  type AnthropicStreamEvent,
  type OpenAiChunk,
} from './turn-assemblers';
