import { api, ApiError, send } from "../api/client";
import { h } from "../dom";
import { slowDown } from "./states";

/**
 * The daily newsletter signup box. The API answers every signup with the same 202 (it never tells whether an address
 * was already known), so the box always answers "check your inbox": the subscription starts when the reader follows
 * the confirmation link in the email. "website" is the API's honeypot: off-screen, out of the tab order and hidden
 * from assistive technology, so only a bot fills it.
 */
export function newsletterBox(): HTMLElement {
  const status = h("div", { class: "form-status", role: "status" });
  const email = h("input", { type: "email", id: "newsletter-email", name: "email", autocomplete: "email", required: true, maxlength: 254 });
  const error = h("p", { class: "field-error", id: "newsletter-email-error" });
  email.setAttribute("aria-describedby", "newsletter-hint newsletter-email-error");
  const honeypot = h("input", { type: "text", id: "newsletter-website", name: "website", tabindex: "-1", autocomplete: "off" });
  const submit = h("button", { type: "submit", class: "button" }, "Sign up");

  const form = h(
    "form",
    { class: "newsletter-form", novalidate: true, "aria-labelledby": "newsletter-title" },
    h("div", { class: "field", "data-field": "email" }, h("label", { for: email.id }, "Email address"), email, error),
    h("div", { class: "hp-field", "aria-hidden": "true" }, h("label", { for: honeypot.id }, "Leave this field empty"), honeypot),
    h("div", { class: "form-actions" }, submit),
    status,
  );

  const showError = (message: string | undefined) => {
    error.textContent = message ?? "";
    if (message) {
      email.setAttribute("aria-invalid", "true");
      email.focus();
    } else {
      email.removeAttribute("aria-invalid");
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const address = email.value.trim();
    if (!address) return showError("Please enter your email address.");
    if (!email.validity.valid) return showError("Please enter a valid email address.");
    showError(undefined);

    submit.disabled = true;
    submit.textContent = "Signing up…";
    try {
      // The honeypot is not in the contract (bots read it too), so it goes in beside the typed fields.
      const body = { email: address };
      if (honeypot.value) Object.assign(body, { website: honeypot.value });
      await send(api.POST("/api/v1/newsletter/subscriptions", { body }));
      form.reset();
      status.replaceChildren(
        h(
          "div",
          { class: "state state-success", "data-newsletter-status": "check-inbox" },
          h("strong", {}, "Check your inbox. "),
          `We sent a confirmation link to ${address}; your subscription starts when you follow it.`,
        ),
      );
    } catch (failure) {
      if (failure instanceof ApiError && failure.kind === "invalid") {
        showError(failure.fieldErrors.email?.join(" ") ?? failure.message);
      } else if (failure instanceof ApiError && failure.kind === "rate-limited") {
        status.replaceChildren(slowDown(failure.retryAfterSeconds, "sign up"));
      } else if (failure instanceof ApiError && failure.kind === "unreachable") {
        status.replaceChildren(h("p", { class: "state state-error" }, "We can't reach the news service. You were not signed up; please try again."));
      } else {
        status.replaceChildren(h("p", { class: "state state-error" }, failure instanceof ApiError ? failure.message : "You could not be signed up."));
      }
    } finally {
      submit.disabled = false;
      submit.textContent = "Sign up";
    }
  });

  return h(
    "section",
    { class: "side-box newsletter", "aria-labelledby": "newsletter-title" },
    h("h2", { id: "newsletter-title" }, "The daily briefing"),
    h("p", { class: "newsletter-pitch", id: "newsletter-hint" }, "One email each morning with the day's supply-chain stories. Unsubscribe with one click."),
    form,
  );
}
