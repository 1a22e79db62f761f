// The one error type of the LabApi service that the transports (IPC, WebSocket) turn
// into a LabApiError a person can act on.

/** A failure the UI can act on: `code` is one of LabApiError's codes (or 'busy'). */
export class LabApiFailure extends Error {
  override name = 'LabApiFailure';
  constructor(
    readonly code: 'invalid-request' | 'engine-unreachable' | 'not-found' | 'failed' | 'busy',
    message: string,
  ) {
    super(message);
  }
}
