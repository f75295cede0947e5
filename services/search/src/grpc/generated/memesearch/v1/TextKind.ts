// Original file: proto/memesearch/v1/search.proto

export const TextKind = {
  TEXT_KIND_UNSPECIFIED: 'TEXT_KIND_UNSPECIFIED',
  TEXT_KIND_QUERY: 'TEXT_KIND_QUERY',
  TEXT_KIND_PASSAGE: 'TEXT_KIND_PASSAGE',
} as const;

export type TextKind = 'TEXT_KIND_UNSPECIFIED' | 0 | 'TEXT_KIND_QUERY' | 1 | 'TEXT_KIND_PASSAGE' | 2;

export type TextKind__Output = (typeof TextKind)[keyof typeof TextKind];
