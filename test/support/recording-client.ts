import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createKaleyraClient, type KaleyraClient, type KaleyraClientOptions } from '../../src/index.js';
import { startRecordingServer, type RecordingServer } from './recording-server.js';

export interface RecordingClient {
  readonly server: RecordingServer;
  readonly client: KaleyraClient;
}

/**
 * One recording server for the test file and a client pointed at it (no retries unless asked), with
 * the recorded requests cleared before each test. Register it at the top level of a test file.
 */
export function useRecordingClient(options: Partial<KaleyraClientOptions> = {}): RecordingClient {
  let server: RecordingServer | undefined;
  let client: KaleyraClient | undefined;
  beforeAll(async () => {
    server = await startRecordingServer();
    client = createKaleyraClient({
      sid: 'HXAP16XXXXXX97IN',
      apiKey: 'test-key',
      maxRetries: 0,
      ...options,
      baseUrl: server.url,
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    if (server) server.requests.length = 0;
  });
  return {
    get server() {
      if (!server) throw new Error('useRecordingClient: the server starts in beforeAll');
      return server;
    },
    get client() {
      if (!client) throw new Error('useRecordingClient: the client is created in beforeAll');
      return client;
    },
  };
}
