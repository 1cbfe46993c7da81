import type { components, paths } from '../../generated/openapi.js';

/** Named schemas of the OpenAPI document, re-exported under short names for the public API. */
export type Schemas = components['schemas'];
export type Paths = paths;
