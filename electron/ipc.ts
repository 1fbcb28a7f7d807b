// The main process's side of the DeskApi over IPC: every call is checked for its sender frame (only our own
// window's top frame on app://) and its payload (the contract's schema) before it is forwarded to the desk
// core in the utility process. Refusals are values, like every other DeskApi error.
import {
  DESK_API_METHODS,
  isDeskApiMethod,
  validateDeskApiInput,
  type DeskApiMethod,
  type DeskApiResult,
} from '../shared/contracts/desk-api.js';
import { channelOf, isTrustedSender, type SenderFrame } from './security.js';

export type Forward = (method: DeskApiMethod, input: unknown) => Promise<DeskApiResult<unknown>>;

export interface IpcDispatcher {
  /** The IPC channel for each method, to register one handler per method. */
  readonly channels: readonly { readonly method: DeskApiMethod; readonly channel: string }[];
  handle(method: string, sender: SenderFrame | null | undefined, input: unknown): Promise<DeskApiResult<unknown>>;
}

export function createIpcDispatcher(trustedWebContentsIds: ReadonlySet<number>, forward: Forward): IpcDispatcher {
  return {
    channels: DESK_API_METHODS.map((method) => ({ method, channel: channelOf(method) })),
    async handle(method, sender, input) {
      if (!isTrustedSender(sender, trustedWebContentsIds)) {
        return { ok: false, error: { code: 'forbidden', message: 'calls are accepted only from the desk window' } };
      }
      if (!isDeskApiMethod(method)) {
        return { ok: false, error: { code: 'unknown-method', message: `no DeskApi method '${method}'` } };
      }
      const valid = validateDeskApiInput(method, input);
      if (!valid.ok) return valid;
      try {
        return await forward(method, valid.value);
      } catch {
        return { ok: false, error: { code: 'internal', message: 'the desk core did not answer; try again' } };
      }
    },
  };
}
