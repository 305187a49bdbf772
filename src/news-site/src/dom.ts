type Attr = string | number | boolean | undefined | null | EventListener;
export type Child = Node | string | number | null | undefined | false | Child[];

/**
 * Builds an element. Text is always set as text, never parsed as HTML; the only HTML this site inserts is what
 * the API already sanitized (see trustedHtml).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === "function") {
      element.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    } else if (name === "class") {
      element.className = String(value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * HTML the API rendered and sanitized on its side (article bodies, bios, comment bodies, search snippets).
 * Nothing a reader typed reaches this function without going through the API's sanitizer first.
 */
export function trustedHtml(html: string | null | undefined): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html ?? "";
  return template.content;
}

export function clear(element: Element): void {
  element.replaceChildren();
}

let announceTimer: number | undefined;

/** Says something to screen readers through the page's one polite live region. */
export function announce(message: string): void {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  window.clearTimeout(announceTimer);
  announceTimer = window.setTimeout(() => (region.textContent = message), 50);
}

const dateFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : "";
}

export function time(iso: string | null | undefined, withTime = false): HTMLTimeElement | null {
  if (!iso) return null;
  return h("time", { datetime: iso }, withTime ? dateTimeFormat.format(new Date(iso)) : formatDate(iso));
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

export function initials(name: string | null | undefined): string {
  const parts = (name ?? "?").trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase();
}

/** A decorative inline icon (hidden from assistive technology); the markup is the site's own, never data. */
export function svgIcon(markup: string): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  svg.innerHTML = markup;
  return svg;
}
