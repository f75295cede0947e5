import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  AdminServiceClient as _memesearch_v1_AdminServiceClient,
  AdminServiceDefinition as _memesearch_v1_AdminServiceDefinition,
} from './memesearch/v1/AdminService.js';
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
  GetIndexInfoRequest as _memesearch_v1_GetIndexInfoRequest,
  GetIndexInfoRequest__Output as _memesearch_v1_GetIndexInfoRequest__Output,
} from './memesearch/v1/GetIndexInfoRequest.js';
import type {
  GetMemeRequest as _memesearch_v1_GetMemeRequest,
  GetMemeRequest__Output as _memesearch_v1_GetMemeRequest__Output,
} from './memesearch/v1/GetMemeRequest.js';
import type {
  IndexInfo as _memesearch_v1_IndexInfo,
  IndexInfo__Output as _memesearch_v1_IndexInfo__Output,
} from './memesearch/v1/IndexInfo.js';
import type { Meme as _memesearch_v1_Meme, Meme__Output as _memesearch_v1_Meme__Output } from './memesearch/v1/Meme.js';
import type {
  ReloadIndexRequest as _memesearch_v1_ReloadIndexRequest,
  ReloadIndexRequest__Output as _memesearch_v1_ReloadIndexRequest__Output,
} from './memesearch/v1/ReloadIndexRequest.js';
import type {
  ReloadIndexResponse as _memesearch_v1_ReloadIndexResponse,
  ReloadIndexResponse__Output as _memesearch_v1_ReloadIndexResponse__Output,
} from './memesearch/v1/ReloadIndexResponse.js';
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
      /**
       * Operations on one replica. Each replica answers for itself: to reload every replica, call each
       * one (`npx memesearch client reload --address a:port,b:port`). Access: with ADMIN_TOKEN set on the
       * server, calls must carry `authorization: Bearer <token>` (else UNAUTHENTICATED); without it, only
       * loopback callers are allowed (else PERMISSION_DENIED).
       */
      AdminService: SubtypeConstructor<typeof grpc.Client, _memesearch_v1_AdminServiceClient> & {
        service: _memesearch_v1_AdminServiceDefinition;
      };
      ClientRef: MessageTypeDefinition<_memesearch_v1_ClientRef, _memesearch_v1_ClientRef__Output>;
      EmbedRequest: MessageTypeDefinition<_memesearch_v1_EmbedRequest, _memesearch_v1_EmbedRequest__Output>;
      EmbedResponse: MessageTypeDefinition<_memesearch_v1_EmbedResponse, _memesearch_v1_EmbedResponse__Output>;
      GetIndexInfoRequest: MessageTypeDefinition<_memesearch_v1_GetIndexInfoRequest, _memesearch_v1_GetIndexInfoRequest__Output>;
      GetMemeRequest: MessageTypeDefinition<_memesearch_v1_GetMemeRequest, _memesearch_v1_GetMemeRequest__Output>;
      IndexInfo: MessageTypeDefinition<_memesearch_v1_IndexInfo, _memesearch_v1_IndexInfo__Output>;
      Meme: MessageTypeDefinition<_memesearch_v1_Meme, _memesearch_v1_Meme__Output>;
      Reaction: EnumTypeDefinition;
      ReloadIndexRequest: MessageTypeDefinition<_memesearch_v1_ReloadIndexRequest, _memesearch_v1_ReloadIndexRequest__Output>;
      ReloadIndexResponse: MessageTypeDefinition<_memesearch_v1_ReloadIndexResponse, _memesearch_v1_ReloadIndexResponse__Output>;
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
