// Original file: proto/memesearch/v1/search.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  EmbedRequest as _memesearch_v1_EmbedRequest,
  EmbedRequest__Output as _memesearch_v1_EmbedRequest__Output,
} from '../../memesearch/v1/EmbedRequest.js';
import type {
  EmbedResponse as _memesearch_v1_EmbedResponse,
  EmbedResponse__Output as _memesearch_v1_EmbedResponse__Output,
} from '../../memesearch/v1/EmbedResponse.js';
import type {
  GetMemeRequest as _memesearch_v1_GetMemeRequest,
  GetMemeRequest__Output as _memesearch_v1_GetMemeRequest__Output,
} from '../../memesearch/v1/GetMemeRequest.js';
import type { Meme as _memesearch_v1_Meme, Meme__Output as _memesearch_v1_Meme__Output } from '../../memesearch/v1/Meme.js';
import type {
  SearchRequest as _memesearch_v1_SearchRequest,
  SearchRequest__Output as _memesearch_v1_SearchRequest__Output,
} from '../../memesearch/v1/SearchRequest.js';
import type {
  SearchResponse as _memesearch_v1_SearchResponse,
  SearchResponse__Output as _memesearch_v1_SearchResponse__Output,
} from '../../memesearch/v1/SearchResponse.js';
import type {
  SubmitFeedbackRequest as _memesearch_v1_SubmitFeedbackRequest,
  SubmitFeedbackRequest__Output as _memesearch_v1_SubmitFeedbackRequest__Output,
} from '../../memesearch/v1/SubmitFeedbackRequest.js';
import type {
  SubmitFeedbackResponse as _memesearch_v1_SubmitFeedbackResponse,
  SubmitFeedbackResponse__Output as _memesearch_v1_SubmitFeedbackResponse__Output,
} from '../../memesearch/v1/SubmitFeedbackResponse.js';

export interface SearchServiceClient extends grpc.Client {
  /**
   * Embeddings for internal clients (unit-length vectors of the service's model).
   */
  Embed(
    argument: _memesearch_v1_EmbedRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_EmbedResponse__Output>,
  ): grpc.ClientUnaryCall;
  Embed(
    argument: _memesearch_v1_EmbedRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_EmbedResponse__Output>,
  ): grpc.ClientUnaryCall;
  Embed(
    argument: _memesearch_v1_EmbedRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_EmbedResponse__Output>,
  ): grpc.ClientUnaryCall;
  Embed(argument: _memesearch_v1_EmbedRequest, callback: grpc.requestCallback<_memesearch_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Embeddings for internal clients (unit-length vectors of the service's model).
   */
  embed(
    argument: _memesearch_v1_EmbedRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_EmbedResponse__Output>,
  ): grpc.ClientUnaryCall;
  embed(
    argument: _memesearch_v1_EmbedRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_EmbedResponse__Output>,
  ): grpc.ClientUnaryCall;
  embed(
    argument: _memesearch_v1_EmbedRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_EmbedResponse__Output>,
  ): grpc.ClientUnaryCall;
  embed(argument: _memesearch_v1_EmbedRequest, callback: grpc.requestCallback<_memesearch_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;

  /**
   * One meme by id.
   */
  GetMeme(
    argument: _memesearch_v1_GetMemeRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_Meme__Output>,
  ): grpc.ClientUnaryCall;
  GetMeme(
    argument: _memesearch_v1_GetMemeRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_Meme__Output>,
  ): grpc.ClientUnaryCall;
  GetMeme(
    argument: _memesearch_v1_GetMemeRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_Meme__Output>,
  ): grpc.ClientUnaryCall;
  GetMeme(argument: _memesearch_v1_GetMemeRequest, callback: grpc.requestCallback<_memesearch_v1_Meme__Output>): grpc.ClientUnaryCall;
  /**
   * One meme by id.
   */
  getMeme(
    argument: _memesearch_v1_GetMemeRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_Meme__Output>,
  ): grpc.ClientUnaryCall;
  getMeme(
    argument: _memesearch_v1_GetMemeRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_Meme__Output>,
  ): grpc.ClientUnaryCall;
  getMeme(
    argument: _memesearch_v1_GetMemeRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_Meme__Output>,
  ): grpc.ClientUnaryCall;
  getMeme(argument: _memesearch_v1_GetMemeRequest, callback: grpc.requestCallback<_memesearch_v1_Meme__Output>): grpc.ClientUnaryCall;

  /**
   * Memes that fit a situation described in words, best first.
   */
  Search(
    argument: _memesearch_v1_SearchRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_SearchResponse__Output>,
  ): grpc.ClientUnaryCall;
  Search(
    argument: _memesearch_v1_SearchRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_SearchResponse__Output>,
  ): grpc.ClientUnaryCall;
  Search(
    argument: _memesearch_v1_SearchRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_SearchResponse__Output>,
  ): grpc.ClientUnaryCall;
  Search(
    argument: _memesearch_v1_SearchRequest,
    callback: grpc.requestCallback<_memesearch_v1_SearchResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Memes that fit a situation described in words, best first.
   */
  search(
    argument: _memesearch_v1_SearchRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_SearchResponse__Output>,
  ): grpc.ClientUnaryCall;
  search(
    argument: _memesearch_v1_SearchRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_SearchResponse__Output>,
  ): grpc.ClientUnaryCall;
  search(
    argument: _memesearch_v1_SearchRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_SearchResponse__Output>,
  ): grpc.ClientUnaryCall;
  search(
    argument: _memesearch_v1_SearchRequest,
    callback: grpc.requestCallback<_memesearch_v1_SearchResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * A user's reaction to a meme shown for a search. One current vote per (query, user, meme): the
   * latest LIKE/DISLIKE/CLEAR wins; CHOSEN (a picked inline result) is recorded separately. Not
   * marked idempotent: a blind retry could land after a newer reaction.
   */
  SubmitFeedback(
    argument: _memesearch_v1_SubmitFeedbackRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_SubmitFeedbackResponse__Output>,
  ): grpc.ClientUnaryCall;
  SubmitFeedback(
    argument: _memesearch_v1_SubmitFeedbackRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_SubmitFeedbackResponse__Output>,
  ): grpc.ClientUnaryCall;
  SubmitFeedback(
    argument: _memesearch_v1_SubmitFeedbackRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_SubmitFeedbackResponse__Output>,
  ): grpc.ClientUnaryCall;
  SubmitFeedback(
    argument: _memesearch_v1_SubmitFeedbackRequest,
    callback: grpc.requestCallback<_memesearch_v1_SubmitFeedbackResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * A user's reaction to a meme shown for a search. One current vote per (query, user, meme): the
   * latest LIKE/DISLIKE/CLEAR wins; CHOSEN (a picked inline result) is recorded separately. Not
   * marked idempotent: a blind retry could land after a newer reaction.
   */
  submitFeedback(
    argument: _memesearch_v1_SubmitFeedbackRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_SubmitFeedbackResponse__Output>,
  ): grpc.ClientUnaryCall;
  submitFeedback(
    argument: _memesearch_v1_SubmitFeedbackRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_SubmitFeedbackResponse__Output>,
  ): grpc.ClientUnaryCall;
  submitFeedback(
    argument: _memesearch_v1_SubmitFeedbackRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_SubmitFeedbackResponse__Output>,
  ): grpc.ClientUnaryCall;
  submitFeedback(
    argument: _memesearch_v1_SubmitFeedbackRequest,
    callback: grpc.requestCallback<_memesearch_v1_SubmitFeedbackResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface SearchServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Embeddings for internal clients (unit-length vectors of the service's model).
   */
  Embed: grpc.handleUnaryCall<_memesearch_v1_EmbedRequest__Output, _memesearch_v1_EmbedResponse>;

  /**
   * One meme by id.
   */
  GetMeme: grpc.handleUnaryCall<_memesearch_v1_GetMemeRequest__Output, _memesearch_v1_Meme>;

  /**
   * Memes that fit a situation described in words, best first.
   */
  Search: grpc.handleUnaryCall<_memesearch_v1_SearchRequest__Output, _memesearch_v1_SearchResponse>;

  /**
   * A user's reaction to a meme shown for a search. One current vote per (query, user, meme): the
   * latest LIKE/DISLIKE/CLEAR wins; CHOSEN (a picked inline result) is recorded separately. Not
   * marked idempotent: a blind retry could land after a newer reaction.
   */
  SubmitFeedback: grpc.handleUnaryCall<_memesearch_v1_SubmitFeedbackRequest__Output, _memesearch_v1_SubmitFeedbackResponse>;
}

export interface SearchServiceDefinition extends grpc.ServiceDefinition {
  Embed: MethodDefinition<
    _memesearch_v1_EmbedRequest,
    _memesearch_v1_EmbedResponse,
    _memesearch_v1_EmbedRequest__Output,
    _memesearch_v1_EmbedResponse__Output
  >;
  GetMeme: MethodDefinition<
    _memesearch_v1_GetMemeRequest,
    _memesearch_v1_Meme,
    _memesearch_v1_GetMemeRequest__Output,
    _memesearch_v1_Meme__Output
  >;
  Search: MethodDefinition<
    _memesearch_v1_SearchRequest,
    _memesearch_v1_SearchResponse,
    _memesearch_v1_SearchRequest__Output,
    _memesearch_v1_SearchResponse__Output
  >;
  SubmitFeedback: MethodDefinition<
    _memesearch_v1_SubmitFeedbackRequest,
    _memesearch_v1_SubmitFeedbackResponse,
    _memesearch_v1_SubmitFeedbackRequest__Output,
    _memesearch_v1_SubmitFeedbackResponse__Output
  >;
}
