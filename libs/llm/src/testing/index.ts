export {
  fakeAnthropicServer,
  messagesAnswer,
  type FakeAnthropic,
  type FakeMessagesRequest,
} from './fake-anthropic-server';
export {
  chatAnswer,
  chatToolCalls,
  fakeOpenAiServer,
  piecesOf,
  scriptedServer,
  serverError,
  wantsStream,
  writeEvents,
  type StreamPacing,
  type FakeChatRequest,
  type FakeOpenAi,
  type FakeReply,
} from './fake-openai-server';
