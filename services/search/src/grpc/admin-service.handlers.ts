import { status } from '@grpc/grpc-js';
import { InvalidInputError } from '../errors.js';
import { ReloadRefusedError, type IndexReloader } from '../server/index-reloader.js';
import type { SearchCore } from '../search/search-core.js';
import type { AdminServiceHandlers } from './generated/memesearch/v1/AdminService.js';
import { checkAdminAccess } from './admin-access.js';
import { invalidArgument, StatusError } from './status-error.js';
import { unary, type UnaryDeps } from './unary-call.js';

export interface AdminDeps {
  reloader: IndexReloader;
  /** ADMIN_TOKEN; undefined: loopback callers only. */
  token: string | undefined;
}

/** memesearch.v1.AdminService: access check, then the reloader; the replica answers for itself. */
export function adminServiceHandlers(core: SearchCore, admin: AdminDeps, deps: UnaryDeps): AdminServiceHandlers {
  return {
    ReloadIndex: unary('ReloadIndex', deps, async (req, ctx) => {
      checkAdminAccess(ctx, admin.token);
      if (req.version.length > 200) throw invalidArgument('version: is too long (the limit is 200 characters)');
      try {
        const r = await admin.reloader.reload(req.version.trim() || undefined);
        return { version: r.version, previous_version: r.previousVersion, memes: r.memes, changed: r.changed, load_ms: r.loadMs };
      } catch (err) {
        if (err instanceof InvalidInputError) throw invalidArgument(`version: ${err.message}`);
        // The old version keeps serving; the message names the problem (the stack is not news).
        if (err instanceof ReloadRefusedError) throw new StatusError(status.FAILED_PRECONDITION, err.message);
        throw err;
      }
    }),
    GetIndexInfo: unary('GetIndexInfo', deps, async (_req, ctx) => {
      checkAdminAccess(ctx, admin.token);
      const { meta } = core.artifact;
      return {
        version: meta.version,
        memes: meta.count,
        model_id: meta.modelId,
        dimension: meta.dimension,
        corpus_name: meta.corpusName,
        built_at: meta.builtAt,
        loaded_at: admin.reloader.loadedAt.toISOString(),
        current_version: (await admin.reloader.currentVersion().catch(() => undefined)) ?? '',
      };
    }),
  };
}
