// The package's public client surface for other workspaces (the chat adapters).
export {
  SearchClient,
  type AdminCallOptions,
  type CallOptions,
  type IndexInfo,
  type MemeMessage,
  type ReloadIndexResponse,
  type SearchResponse,
  type SubmitFeedbackRequest,
} from './search-client.js';
export type { Reaction } from '../grpc/generated/memesearch/v1/Reaction.js';
export type { SearchResult__Output as SearchResult } from '../grpc/generated/memesearch/v1/SearchResult.js';
