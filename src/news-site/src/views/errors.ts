import { ApiError } from "../api/client";
import { h } from "../dom";
import { render } from "../router";
import { slowDown } from "../components/states";

export function setTitle(title: string): void {
  document.title = title ? `${title} · Supply Lines` : "Supply Lines";
}

export function notFoundPage(main: HTMLElement, what = "page"): void {
  setTitle("Not found");
  main.replaceChildren(
    h(
      "section",
      { class: "page-state", "aria-labelledby": "state-title" },
      h("p", { class: "state-code", "aria-hidden": "true" }, "404"),
      h("h1", { id: "state-title" }, `We couldn't find that ${what}`),
      h("p", {}, `The ${what} may have been moved, unpublished or never existed. The latest news is one click away.`),
      h("p", {}, h("a", { href: "/", class: "button" }, "Back to the front page")),
    ),
  );
}

/** A whole page could not be loaded: the API is unreachable, rate-limited us, or failed. */
export function errorPage(main: HTMLElement, error: unknown, what: string): void {
  if (error instanceof ApiError && error.kind === "not-found") return notFoundPage(main, what);
  const unreachable = error instanceof ApiError && error.kind === "unreachable";
  const limited = error instanceof ApiError && error.kind === "rate-limited";
  setTitle(unreachable ? "Service unavailable" : limited ? "Slow down" : "Error");
  main.replaceChildren(
    h(
      "section",
      { class: "page-state", "aria-labelledby": "state-title" },
      h("h1", { id: "state-title" }, unreachable ? "The news service is unreachable" : limited ? "Slow down" : "Something went wrong"),
      limited
        ? slowDown((error as ApiError).retryAfterSeconds, `load this ${what}`)
        : h(
            "p",
            {},
            unreachable
              ? "We can't connect to the news service right now. Check your connection, then try again in a moment."
              : `The ${what} could not be loaded (${error instanceof ApiError ? `HTTP ${error.status}` : "unexpected error"}).`,
          ),
      h("p", {}, h("button", { type: "button", class: "button", onclick: () => void render(false) }, "Try again")),
    ),
  );
}
