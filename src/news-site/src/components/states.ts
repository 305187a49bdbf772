import { ApiError } from "../api/client";
import { h, plural } from "../dom";

/** A placeholder shown while a region waits for the API; the region is marked busy until it is replaced. */
export function loading(what: string): HTMLElement {
  return h("div", { class: "state state-loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), `Loading ${what}…`);
}

export function empty(message: string): HTMLElement {
  return h("p", { class: "state state-empty" }, message);
}

/** Puts a region into its loading state and returns a function that fills it. */
export function busy(region: HTMLElement, what: string): (...content: Node[]) => void {
  region.setAttribute("aria-busy", "true");
  region.replaceChildren(loading(what));
  return (...content: Node[]) => {
    region.removeAttribute("aria-busy");
    region.replaceChildren(...content);
  };
}

/** "Slow down" with the time the API gave; the message counts down so the reader knows when to try again. */
export function slowDown(seconds: number | undefined, action: string): HTMLElement {
  const text = h("span");
  const box = h("div", { class: "state state-slow", role: "alert" }, h("strong", {}, "Slow down a little. "), text);
  let left = seconds;
  const update = () => {
    text.textContent =
      left === undefined
        ? `Too many requests: please wait a moment before you ${action} again.`
        : left > 0
          ? `Too many requests: you can ${action} again in ${plural(left, "second")}.`
          : `You can ${action} again now.`;
  };
  update();
  if (left !== undefined) {
    const timer = window.setInterval(() => {
      left = Math.max(0, (left ?? 0) - 1);
      update();
      if (left === 0 || !box.isConnected) window.clearInterval(timer);
    }, 1000);
  }
  box.dataset.retryAfter = String(seconds ?? "");
  return box;
}

/** The message for a failed read of a region of a page (not the whole page). */
export function failed(error: unknown, what: string, retry?: () => void): HTMLElement {
  if (error instanceof ApiError && error.kind === "rate-limited") return slowDown(error.retryAfterSeconds, `load ${what}`);
  if (error instanceof ApiError && error.kind === "invalid") {
    // The API's own words for what was wrong with the request (for example a search of only punctuation).
    const reasons = Object.values(error.fieldErrors).flat();
    return h("div", { class: "state state-error", role: "alert" }, h("p", {}, reasons.length ? reasons.join(" ") : error.message));
  }
  const unreachable = error instanceof ApiError && error.kind === "unreachable";
  return h(
    "div",
    { class: "state state-error", role: "alert" },
    h("p", {}, unreachable ? `We can't reach the news service, so ${what} can't be shown right now.` : `Something went wrong while loading ${what}.`),
    retry && h("button", { type: "button", class: "button button-secondary", onclick: retry }, "Try again"),
  );
}
