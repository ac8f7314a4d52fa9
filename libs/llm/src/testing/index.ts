export {
  chatAnswer,
  fakeOpenAiServer,
  serverError,
  type FakeChatRequest,
  type FakeOpenAi,
  type FakeReply,
} from './fake-openai-server';
