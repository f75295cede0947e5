// Original file: proto/memesearch/v1/search.proto

export interface GetIndexInfoRequest {}

export interface GetIndexInfoRequest__Output {}
