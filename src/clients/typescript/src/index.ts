// The HeadlessCms client: every type comes from schema.d.ts, generated from openapi/openapi.json (npm run generate).
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths } from "./schema.js";
export type Schemas = components["schemas"];

export interface CmsClientOptions {
  /** The API's origin, such as http://localhost:5080 (paths start with /api/v1). */
  baseUrl: string;
  /** An API key (hcms_...); optional for anonymous reads and reader actions. */
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
}

export type CmsClient = Client<paths>;

export function createCmsClient(options: CmsClientOptions): CmsClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: {
      ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
      ...options.headers,
    },
  });
}

/**
 * A response header the document declares for this operation and status, read by its declared name: `H` is the
 * operation's generated `headers` type, so a header the contract does not declare does not compile.
 */
export function header<H>(response: Response, name: Extract<keyof H, string>): string | undefined {
  return response.headers.get(name) ?? undefined;
}
