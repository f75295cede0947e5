import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../config/paths.js';
import type { ProtoGrpcType } from './generated/search.js';

export const PROTO_DIR = resolve(REPO_ROOT, 'proto');
export const PROTO_FILE = 'memesearch/v1/search.proto';

/** Must match the flags of `npm run proto:gen`, which generated ./generated from the same file. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

let cached: { definition: protoLoader.PackageDefinition; proto: ProtoGrpcType } | undefined;

/** The memesearch.v1 package, loaded once per process. */
export function loadSearchProto(): { definition: protoLoader.PackageDefinition; proto: ProtoGrpcType } {
  if (!cached) {
    const definition = protoLoader.loadSync(PROTO_FILE, LOADER_OPTIONS);
    cached = { definition, proto: grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType };
  }
  return cached;
}
