import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  ClientRef as _memesearch_v1_ClientRef,
  ClientRef__Output as _memesearch_v1_ClientRef__Output,
} from './memesearch/v1/ClientRef.js';
import type {
  EmbedRequest as _memesearch_v1_EmbedRequest,
  EmbedRequest__Output as _memesearch_v1_EmbedRequest__Output,
} from './memesearch/v1/EmbedRequest.js';
import type {
  EmbedResponse as _memesearch_v1_EmbedResponse,
  EmbedResponse__Output as _memesearch_v1_EmbedResponse__Output,
} from './memesearch/v1/EmbedResponse.js';
import type {
  GetMemeRequest as _memesearch_v1_GetMemeRequest,
  GetMemeRequest__Output as _memesearch_v1_GetMemeRequest__Output,
} from './memesearch/v1/GetMemeRequest.js';
import type { Meme as _memesearch_v1_Meme, Meme__Output as _memesearch_v1_Meme__Output } from './memesearch/v1/Meme.js';
import type {
  SearchFilters as _memesearch_v1_SearchFilters,
  SearchFilters__Output as _memesearch_v1_SearchFilters__Output,
} from './memesearch/v1/SearchFilters.js';
import type {
  SearchRequest as _memesearch_v1_SearchRequest,
  SearchRequest__Output as _memesearch_v1_SearchRequest__Output,
} from './memesearch/v1/SearchRequest.js';
import type {
  SearchResponse as _memesearch_v1_SearchResponse,
  SearchResponse__Output as _memesearch_v1_SearchResponse__Output,
} from './memesearch/v1/SearchResponse.js';
import type {
  SearchResult as _memesearch_v1_SearchResult,
  SearchResult__Output as _memesearch_v1_SearchResult__Output,
} from './memesearch/v1/SearchResult.js';
import type {
  SearchServiceClient as _memesearch_v1_SearchServiceClient,
  SearchServiceDefinition as _memesearch_v1_SearchServiceDefinition,
} from './memesearch/v1/SearchService.js';
import type {
  SubmitFeedbackRequest as _memesearch_v1_SubmitFeedbackRequest,
  SubmitFeedbackRequest__Output as _memesearch_v1_SubmitFeedbackRequest__Output,
} from './memesearch/v1/SubmitFeedbackRequest.js';
import type {
  SubmitFeedbackResponse as _memesearch_v1_SubmitFeedbackResponse,
  SubmitFeedbackResponse__Output as _memesearch_v1_SubmitFeedbackResponse__Output,
} from './memesearch/v1/SubmitFeedbackResponse.js';
import type { Vector as _memesearch_v1_Vector, Vector__Output as _memesearch_v1_Vector__Output } from './memesearch/v1/Vector.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  memesearch: {
    v1: {
      ClientRef: MessageTypeDefinition<_memesearch_v1_ClientRef, _memesearch_v1_ClientRef__Output>;
      EmbedRequest: MessageTypeDefinition<_memesearch_v1_EmbedRequest, _memesearch_v1_EmbedRequest__Output>;
      EmbedResponse: MessageTypeDefinition<_memesearch_v1_EmbedResponse, _memesearch_v1_EmbedResponse__Output>;
      GetMemeRequest: MessageTypeDefinition<_memesearch_v1_GetMemeRequest, _memesearch_v1_GetMemeRequest__Output>;
      Meme: MessageTypeDefinition<_memesearch_v1_Meme, _memesearch_v1_Meme__Output>;
      Reaction: EnumTypeDefinition;
      SearchFilters: MessageTypeDefinition<_memesearch_v1_SearchFilters, _memesearch_v1_SearchFilters__Output>;
      SearchRequest: MessageTypeDefinition<_memesearch_v1_SearchRequest, _memesearch_v1_SearchRequest__Output>;
      SearchResponse: MessageTypeDefinition<_memesearch_v1_SearchResponse, _memesearch_v1_SearchResponse__Output>;
      SearchResult: MessageTypeDefinition<_memesearch_v1_SearchResult, _memesearch_v1_SearchResult__Output>;
      SearchService: SubtypeConstructor<typeof grpc.Client, _memesearch_v1_SearchServiceClient> & {
        service: _memesearch_v1_SearchServiceDefinition;
      };
      SubmitFeedbackRequest: MessageTypeDefinition<_memesearch_v1_SubmitFeedbackRequest, _memesearch_v1_SubmitFeedbackRequest__Output>;
      SubmitFeedbackResponse: MessageTypeDefinition<_memesearch_v1_SubmitFeedbackResponse, _memesearch_v1_SubmitFeedbackResponse__Output>;
      TextKind: EnumTypeDefinition;
      Vector: MessageTypeDefinition<_memesearch_v1_Vector, _memesearch_v1_Vector__Output>;
    };
  };
}
