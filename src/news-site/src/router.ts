export interface PageContext {
  main: HTMLElement;
  url: URL;
  params: Record<string, string>;
  signal: AbortSignal;
}

export type Page = (context: PageContext) => Promise<void>;

interface Route {
  pattern: RegExp;
  names: string[];
  page: Page;
}

const routes: Route[] = [];
let notFound: Page = async () => {};
let current: AbortController | undefined;

/** `/articles/:slug` style patterns; parameters are single path segments. */
export function route(path: string, page: Page): void {
  const names: string[] = [];
  const pattern = new RegExp(
    "^" + path.replace(/:([a-zA-Z]+)/g, (_, name: string) => (names.push(name), "([^/]+)")) + "/?$",
  );
  routes.push({ pattern, names, page });
}

export function fallback(page: Page): void {
  notFound = page;
}

export function navigate(href: string, replace = false): void {
  const url = new URL(href, location.href);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  void render(true);
}

export async function render(moveFocus = false): Promise<void> {
  current?.abort();
  current = new AbortController();
  const main = document.getElementById("main") as HTMLElement;
  const url = new URL(location.href);
  const match = routes
    .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
    .find((x) => x.m !== null);
  const params: Record<string, string> = {};
  match?.r.names.forEach((name, i) => (params[name] = decodeURIComponent(match.m?.[i + 1] ?? "")));
  const focusedBefore = document.activeElement;
  main.replaceChildren();
  if (moveFocus) window.scrollTo(0, 0);
  try {
    await (match?.r.page ?? notFound)({ main, url, params, signal: current.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") return;
    throw error;
  }
  // After a navigation, focus the page's heading so screen readers announce the new page (the first load keeps
  // the browser's own focus behaviour). A reader who went on to type into a field while the page loaded (the search
  // box) keeps their focus.
  const now = document.activeElement;
  const typingElsewhere = now !== focusedBefore && now instanceof HTMLElement && now.matches("input, textarea, select");
  if (moveFocus && !typingElsewhere) {
    const heading = main.querySelector<HTMLElement>("h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }
}

/** Same-origin links are routed in the page; everything else (other origins, new tabs, downloads) is left alone. */
export function start(): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.("a");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  window.addEventListener("popstate", () => void render(true));
  void render(false);
}
