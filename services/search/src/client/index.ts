// The package's public client surface for other workspaces (the chat adapters).
export { SearchClient, type CallOptions, type SearchResponse, type MemeMessage, type SubmitFeedbackRequest } from './search-client.js';
export type { Reaction } from '../grpc/generated/memesearch/v1/Reaction.js';
export type { SearchResult__Output as SearchResult } from '../grpc/generated/memesearch/v1/SearchResult.js';
