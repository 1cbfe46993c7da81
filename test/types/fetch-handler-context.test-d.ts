import { describe, expectTypeOf, it } from 'vitest';
import { createFetchCallbackHandler } from '../../src/index.js';

// The fetch handler is exported or passed as it is, whatever the runtime passes beside the request.
// The shapes are written out here (Next's types would bring its globals into this program);
// test/examples/next-app.test.ts runs Next's own check in `next build`.
const handler = createFetchCallbackHandler(async () => undefined);

describe('createFetchCallbackHandler(...) as a runtime calls it', () => {
  it('is a Next.js App Router route export: (request, { params: Promise<...> })', () => {
    // What `next build` generates in .next/types for app/kaleyra/[token]/route.ts.
    type RouteExport = (
      request: Request,
      context: { params: Promise<{ token: string }> },
    ) => Promise<Response | void> | Response | void;
    expectTypeOf(handler).toExtend<RouteExport>();
  });

  it("is a Workers fetch with ctx, Deno.serve's handler with its info, Bun.serve's with its server", () => {
    expectTypeOf(handler).toExtend<
      (
        request: Request,
        ctx: { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void },
      ) => Promise<Response>
    >();
    expectTypeOf(handler).toExtend<
      (
        request: Request,
        info: { remoteAddr: { hostname: string; port: number }; completed: Promise<void> },
      ) => Promise<Response>
    >();
    expectTypeOf(handler).toExtend<
      (request: Request, server: { requestIP(request: Request): unknown; port: number }) => Promise<Response>
    >();
  });

  it('still refuses what is not a context', () => {
    expectTypeOf(handler).parameter(1).not.toEqualTypeOf<unknown>();
    // @ts-expect-error a string is no context
    void handler(new Request('http://localhost/'), 'ctx');
  });
});
