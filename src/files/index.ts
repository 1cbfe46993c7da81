export { canonicalMimeType, isGenericMimeType } from './canonical-mime-type.js';
export { isConsistentWithSignature, mimeFromFileName, sniffMimeType, sniffSignature, SNIFF_BYTES, type SniffResult } from './mime-sniff.js';
export { createMultipartBody, toFormData, type MultipartBody, type MultipartBodyOptions, type MultipartField } from './multipart-body.js';
export { isUploadFile, toUploadFile, type FileInput, type ToUploadFileOptions, type UploadFile } from './upload-file.js';
