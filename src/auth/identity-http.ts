/**
 * `@azure/identity` sends its token requests through its own HTTP pipeline. When aztm's requests
 * go through a proxy chosen from the environment, or trust an extra certificate authority from
 * `--ca-file`, the token requests must too: this hands the library aztm's fetch.
 */
import type { TokenCredentialOptions } from '@azure/identity';

type HttpClient = NonNullable<TokenCredentialOptions['httpClient']>;
type PipelineRequest = Parameters<HttpClient['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;
type HttpHeaders = PipelineResponse['headers'];

export function identityHttpClient(send: typeof fetch): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const body = request.body;
      const signal = request.abortSignal;
      const response = await send(request.url, {
        method: request.method,
        headers: request.headers.toJSON(),
        ...(typeof body === 'string' ? { body } : {}),
        ...(signal instanceof AbortSignal ? { signal } : {}),
      });
      return {
        request,
        status: response.status,
        headers: headersOf(response.headers),
        bodyAsText: await response.text(),
      };
    },
  };
}

/** The pipeline's header collection over a fetch `Headers` (names are case-insensitive in both). */
function headersOf(source: Headers): HttpHeaders {
  const headers = new Headers(source);
  const collection: HttpHeaders = {
    get: (name) => headers.get(name) ?? undefined,
    has: (name) => headers.has(name),
    set: (name, value) => headers.set(name, String(value)),
    delete: (name) => headers.delete(name),
    toJSON: () => Object.fromEntries(headers.entries()),
    [Symbol.iterator]: () => headers.entries(),
  };
  return collection;
}
