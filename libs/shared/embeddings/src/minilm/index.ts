// The embedders that need onnxruntime-node and the model's files, apart from the main entry
// point so that services which only hash (the executor's skills) neither load nor ship them.
export {
  openLocalEmbedder,
  selectLocalEmbedder,
  type LocalEmbedderName,
  type LocalEmbedderSetting,
} from './local-embedder';
export { miniLmModelDir, MiniLmEmbedder, missingMiniLmFiles } from './minilm-embedder';
