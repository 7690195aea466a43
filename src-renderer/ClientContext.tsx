import { createContext, useContext } from 'react';
import type { CounterClient } from './client/client';

export const ClientContext = createContext<CounterClient | null>(null);

export function useClient(): CounterClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('ClientContext missing');
  return client;
}
