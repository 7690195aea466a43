import type { MethodInput, MethodName, MethodOutput, Transport } from '../../src-shared/contract';
import type { AppErrorShape } from '../../src-shared/contract/errors';

/** A failed call, carrying the error model for the screen to translate. */
export class ClientError extends Error {
  constructor(readonly shape: AppErrorShape) {
    super(shape.code);
    this.name = 'ClientError';
  }
}

export interface CounterClient {
  call<K extends MethodName>(name: K, input: MethodInput<K>): Promise<MethodOutput<K>>;
}

/** The one typed client the renderer uses; it never knows which transport it has. */
export function createClient(transport: Transport): CounterClient {
  return {
    async call(name, input) {
      const envelope = await transport.call(name, input);
      if (!envelope.ok) throw new ClientError(envelope.error);
      return envelope.result as never;
    },
  };
}

export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof ClientError) return err.shape;
  return { code: 'INTERNAL', messageKey: 'errors:connectionLost' };
}
