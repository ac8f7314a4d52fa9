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
  scriptedServer,
  serverError,
  type FakeChatRequest,
  type FakeOpenAi,
  type FakeReply,
} from './fake-openai-server';
