export {
  encodeFixture,
  fromFixture,
  fromHex,
  toFixture,
  toHex,
  unpopulatedOptionals,
} from './fixture-codec';
export { fixturesDir, sampleEvent } from './sample-events';
