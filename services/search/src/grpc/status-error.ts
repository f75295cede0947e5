import { status } from '@grpc/grpc-js';

/** An error that already knows its gRPC status: handlers throw these for expected failures. */
export class StatusError extends Error {
  override readonly name = 'StatusError';
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new StatusError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new StatusError(status.NOT_FOUND, message);
