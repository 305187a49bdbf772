/** Runtime settings from public/config.js (replaceable per deployment without a rebuild), then build-time defaults. */
interface SiteConfig {
  apiBaseUrl: string;
  pageSize: number;
}

declare global {
  interface Window {
    newsSiteConfig?: Partial<SiteConfig>;
  }
}

const runtime = window.newsSiteConfig ?? {};

export const config: SiteConfig = {
  apiBaseUrl: (runtime.apiBaseUrl ?? import.meta.env.VITE_API_BASE_URL ?? "http://localhost:5080").replace(/\/+$/, ""),
  pageSize: runtime.pageSize ?? 10,
};
