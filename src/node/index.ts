export { fileFromPath, type FileFromPathOptions } from './file-from-path.js';
