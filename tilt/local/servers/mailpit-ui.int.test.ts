import { requireTestEnv } from '../../../services/internal/testing/require-env';

// Mailpit's web UI is a page that loads /dist/app.js and /dist/app.css. A
// binary built without them (`go install` from the Go proxy, whose module
// lacks server/ui/dist) still answers the page and the API, but shows a
// blank page: install/mailpit.ts builds them with npm before `go build`.
describe("the stack's Mailpit web UI", () => {
  async function get(path: string): Promise<Response> {
    const { MAILPIT_URL } = requireTestEnv(['MAILPIT_URL']);
    // Generous: the test checks what is served, not how fast, and CI runs it
    // beside the whole suite (5 s once ran out for app.js).
    return fetch(`${MAILPIT_URL}${path}`, { signal: AbortSignal.timeout(30_000) });
  }

  it.each([
    ['/dist/app.js', 'application/javascript'],
    ['/dist/app.css', 'text/css'],
  ])('serves %s (%s), built into the binary', async (path, type) => {
    const response = await get(path);
    const body = await response.text();
    if (response.status === 404) {
      throw new Error(
        `GET ${path} answered 404: this Mailpit was built without its web UI (a binary from before ` +
          'install/mailpit.ts built it?). Stop it and start the stack again, which builds and runs bin/mailpit-<version>-ui',
      );
    }
    expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
      status: 200,
      type: expect.stringContaining(type),
    });
    expect(body.length).toBeGreaterThan(1000);
  });
});
