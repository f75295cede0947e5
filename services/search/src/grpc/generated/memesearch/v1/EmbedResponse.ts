// Original file: proto/memesearch/v1/search.proto

import type { Vector as _memesearch_v1_Vector, Vector__Output as _memesearch_v1_Vector__Output } from '../../memesearch/v1/Vector.js';

export interface EmbedResponse {
  vectors?: _memesearch_v1_Vector[];
  model_id?: string;
  dimension?: number;
}

export interface EmbedResponse__Output {
  vectors: _memesearch_v1_Vector__Output[];
  model_id: string;
  dimension: number;
}
