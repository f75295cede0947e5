// Original file: proto/memesearch/v1/search.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  GetIndexInfoRequest as _memesearch_v1_GetIndexInfoRequest,
  GetIndexInfoRequest__Output as _memesearch_v1_GetIndexInfoRequest__Output,
} from '../../memesearch/v1/GetIndexInfoRequest.js';
import type {
  IndexInfo as _memesearch_v1_IndexInfo,
  IndexInfo__Output as _memesearch_v1_IndexInfo__Output,
} from '../../memesearch/v1/IndexInfo.js';
import type {
  ReloadIndexRequest as _memesearch_v1_ReloadIndexRequest,
  ReloadIndexRequest__Output as _memesearch_v1_ReloadIndexRequest__Output,
} from '../../memesearch/v1/ReloadIndexRequest.js';
import type {
  ReloadIndexResponse as _memesearch_v1_ReloadIndexResponse,
  ReloadIndexResponse__Output as _memesearch_v1_ReloadIndexResponse__Output,
} from '../../memesearch/v1/ReloadIndexResponse.js';

/**
 * Operations on one replica. Each replica answers for itself: to reload every replica, call each
 * one (`npx memesearch client reload --address a:port,b:port`). Access: with ADMIN_TOKEN set on the
 * server, calls must carry `authorization: Bearer <token>` (else UNAUTHENTICATED); without it, only
 * loopback callers are allowed (else PERMISSION_DENIED).
 */
export interface AdminServiceClient extends grpc.Client {
  /**
   * The index version this replica serves.
   */
  GetIndexInfo(
    argument: _memesearch_v1_GetIndexInfoRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_IndexInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetIndexInfo(
    argument: _memesearch_v1_GetIndexInfoRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_IndexInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetIndexInfo(
    argument: _memesearch_v1_GetIndexInfoRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_IndexInfo__Output>,
  ): grpc.ClientUnaryCall;
  GetIndexInfo(
    argument: _memesearch_v1_GetIndexInfoRequest,
    callback: grpc.requestCallback<_memesearch_v1_IndexInfo__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * The index version this replica serves.
   */
  getIndexInfo(
    argument: _memesearch_v1_GetIndexInfoRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_IndexInfo__Output>,
  ): grpc.ClientUnaryCall;
  getIndexInfo(
    argument: _memesearch_v1_GetIndexInfoRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_IndexInfo__Output>,
  ): grpc.ClientUnaryCall;
  getIndexInfo(
    argument: _memesearch_v1_GetIndexInfoRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_IndexInfo__Output>,
  ): grpc.ClientUnaryCall;
  getIndexInfo(
    argument: _memesearch_v1_GetIndexInfoRequest,
    callback: grpc.requestCallback<_memesearch_v1_IndexInfo__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Loads an index version beside the one being served, verifies it (checksums, counts, model
   * identity) and swaps it in; searches in flight finish on the old one. Refused with
   * FAILED_PRECONDITION (the old version keeps serving) when the version is missing, corrupt or was
   * built with another model. Concurrent reloads run one after another. Reloading the version
   * already served changes nothing (changed = false).
   */
  ReloadIndex(
    argument: _memesearch_v1_ReloadIndexRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_ReloadIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReloadIndex(
    argument: _memesearch_v1_ReloadIndexRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_ReloadIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReloadIndex(
    argument: _memesearch_v1_ReloadIndexRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_ReloadIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReloadIndex(
    argument: _memesearch_v1_ReloadIndexRequest,
    callback: grpc.requestCallback<_memesearch_v1_ReloadIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Loads an index version beside the one being served, verifies it (checksums, counts, model
   * identity) and swaps it in; searches in flight finish on the old one. Refused with
   * FAILED_PRECONDITION (the old version keeps serving) when the version is missing, corrupt or was
   * built with another model. Concurrent reloads run one after another. Reloading the version
   * already served changes nothing (changed = false).
   */
  reloadIndex(
    argument: _memesearch_v1_ReloadIndexRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_ReloadIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  reloadIndex(
    argument: _memesearch_v1_ReloadIndexRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_memesearch_v1_ReloadIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  reloadIndex(
    argument: _memesearch_v1_ReloadIndexRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_memesearch_v1_ReloadIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  reloadIndex(
    argument: _memesearch_v1_ReloadIndexRequest,
    callback: grpc.requestCallback<_memesearch_v1_ReloadIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
}

/**
 * Operations on one replica. Each replica answers for itself: to reload every replica, call each
 * one (`npx memesearch client reload --address a:port,b:port`). Access: with ADMIN_TOKEN set on the
 * server, calls must carry `authorization: Bearer <token>` (else UNAUTHENTICATED); without it, only
 * loopback callers are allowed (else PERMISSION_DENIED).
 */
export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The index version this replica serves.
   */
  GetIndexInfo: grpc.handleUnaryCall<_memesearch_v1_GetIndexInfoRequest__Output, _memesearch_v1_IndexInfo>;

  /**
   * Loads an index version beside the one being served, verifies it (checksums, counts, model
   * identity) and swaps it in; searches in flight finish on the old one. Refused with
   * FAILED_PRECONDITION (the old version keeps serving) when the version is missing, corrupt or was
   * built with another model. Concurrent reloads run one after another. Reloading the version
   * already served changes nothing (changed = false).
   */
  ReloadIndex: grpc.handleUnaryCall<_memesearch_v1_ReloadIndexRequest__Output, _memesearch_v1_ReloadIndexResponse>;
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  GetIndexInfo: MethodDefinition<
    _memesearch_v1_GetIndexInfoRequest,
    _memesearch_v1_IndexInfo,
    _memesearch_v1_GetIndexInfoRequest__Output,
    _memesearch_v1_IndexInfo__Output
  >;
  ReloadIndex: MethodDefinition<
    _memesearch_v1_ReloadIndexRequest,
    _memesearch_v1_ReloadIndexResponse,
    _memesearch_v1_ReloadIndexRequest__Output,
    _memesearch_v1_ReloadIndexResponse__Output
  >;
}
