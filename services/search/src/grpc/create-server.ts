import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath, type ServingStatus } from 'grpc-health-check';
import { UserError } from '../errors.js';
import type { FeedbackService } from '../feedback/feedback-service.js';
import type { SearchCore } from '../search/search-core.js';
import { adminServiceHandlers, type AdminDeps } from './admin-service.handlers.js';
import { loadSearchProto } from './proto.js';
import { searchServiceHandlers } from './search-service.handlers.js';
import type { UnaryDeps } from './unary-call.js';

export const SERVICE_NAME = 'memesearch.v1.SearchService';

export interface SearchServer {
  server: grpc.Server;
  /** Binds and starts; returns the bound port (useful with port 0). */
  listen(host: string, port: number): Promise<number>;
  setServing(serving: boolean): void;
  /** Stops intake and waits for in-flight calls up to `graceMs`, then cuts the rest. */
  shutdown(graceMs: number): Promise<void>;
}

/** The gRPC server: SearchService, AdminService (when given), grpc.health.v1.Health and server reflection. */
export function createSearchServer(core: SearchCore, feedback: FeedbackService, deps: UnaryDeps, admin?: AdminDeps): SearchServer {
  const { definition, proto } = loadSearchProto();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 1 << 20 });
  server.addService(proto.memesearch.v1.SearchService.service, searchServiceHandlers(core, deps, feedback));
  if (admin) server.addService(proto.memesearch.v1.AdminService.service, adminServiceHandlers(core, admin, deps));
  const health = new HealthImplementation({ '': 'NOT_SERVING', [SERVICE_NAME]: 'NOT_SERVING' });
  health.addToServer(server);
  // Reflection describes everything served, the standard health service included.
  const healthDefinition = protoLoader.loadSync(healthProtoPath, { keepCase: true });
  new ReflectionService({ ...definition, ...healthDefinition }).addToServer(server);
  let serving: ServingStatus = 'NOT_SERVING';

  return {
    server,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => {
          if (!err) return resolve(bound);
          const inUse = /EADDRINUSE/.test(err.message);
          reject(
            inUse
              ? new UserError(
                  `cannot listen on ${host}:${port}: the address is already in use`,
                  'set GRPC_PORT (or --port) to a free port, or stop the other process',
                )
              : err,
          );
        });
      }),
    setServing(on) {
      const next: ServingStatus = on ? 'SERVING' : 'NOT_SERVING';
      if (next === serving) return;
      serving = next;
      health.setStatus('', next);
      health.setStatus(SERVICE_NAME, next);
    },
    shutdown(graceMs) {
      this.setServing(false);
      return new Promise((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
