import { api, ApiError, send, type Article, type Comment, type CommentThreadPage } from "../api/client";
import { announce, h, initials, plural, svgIcon, time, trustedHtml } from "../dom";
import { busy, empty, failed, slowDown } from "./states";

const likedKey = "supply-lines:liked-comments";

function likedComments(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(likedKey) ?? "[]") as string[]);
  } catch {
    return new Set();
  }
}

function rememberLike(id: string): void {
  const liked = likedComments();
  liked.add(id);
  localStorage.setItem(likedKey, JSON.stringify([...liked].slice(-500)));
}

/** The thread (approved comments, threaded replies, likes) and the form, for one article. */
export async function commentsSection(section: HTMLElement, article: Article, signal: AbortSignal): Promise<void> {
  const slug = article.slug ?? "";
  const heading = h("h2", { id: "comments-title" }, plural(article.commentCount ?? 0, "Comment"));
  const thread = h("div", { class: "thread-region" });
  const formSlot = h("div", { class: "comment-form-slot" });
  section.append(heading, thread, formSlot);

  formSlot.append(
    article.commentsEnabled === false
      ? h("p", { class: "state state-empty" }, "Comments are closed for this article.")
      : commentForm(slug, { title: "Submit a comment", idPrefix: "comment" }),
  );

  const done = busy(thread, "comments");
  const list = h("ol", { class: "thread" });
  const more = h("div", { class: "load-more" });
  const load = (cursor?: string) =>
    send(api.GET("/api/v1/articles/{idOrSlug}/comments", { params: { path: { idOrSlug: slug }, query: { limit: 20, cursor } }, signal }));

  let page: CommentThreadPage;
  try {
    page = await load();
  } catch (error) {
    if (error instanceof DOMException) throw error;
    done(failed(error, "the comments", () => void commentsSection(reset(section), article, signal)));
    return;
  }
  heading.textContent = plural(page.approvedCount ?? 0, "Comment");
  const items = page.items ?? [];
  if (items.length === 0) {
    done(empty("No comments yet. Start the conversation below."));
    return;
  }
  list.append(...items.map((comment) => commentItem(comment, slug, 1)));
  done(list, more);

  const showMore = (cursor: string | null | undefined) => {
    more.replaceChildren();
    if (!cursor) return;
    more.append(
      h("button", {
        type: "button",
        class: "button button-secondary",
        onclick: async () => {
          try {
            const next = await load(cursor);
            const added = (next.items ?? []).map((comment) => commentItem(comment, slug, 1));
            list.append(...added);
            announce(`${plural(added.length, "more comment")} shown.`);
            showMore(next.nextCursor);
          } catch (error) {
            more.replaceChildren(failed(error, "more comments", () => showMore(cursor)));
          }
        },
      }, "Show more comments"),
    );
  };
  showMore(page.nextCursor);
}

function reset(section: HTMLElement): HTMLElement {
  section.replaceChildren();
  return section;
}

function commentItem(comment: Comment, slug: string, level: number): HTMLElement {
  const id = comment.id ?? "";
  const nameId = `comment-${id}-author`;
  const replies = comment.replies ?? [];
  const body = comment.removed
    ? h("article", { class: "comment comment-removed", "aria-label": "Removed comment" }, h("p", { class: "muted" }, "This comment was removed by a moderator."))
    : h(
        "article",
        { class: `comment${comment.staff ? " comment-staff" : ""}`, "aria-labelledby": nameId },
        h(
          "header",
          { class: "comment-head" },
          h("span", { class: "avatar", "aria-hidden": "true" }, initials(comment.authorName)),
          h(
            "div",
            { class: "comment-meta" },
            h("p", { class: "comment-author" },
              comment.authorUrl
                ? h("a", { id: nameId, href: comment.authorUrl, rel: "nofollow ugc noopener" }, comment.authorName ?? "")
                : h("span", { id: nameId }, comment.authorName ?? "Anonymous"),
              comment.staff && h("span", { class: "badge" }, "Staff"),
            ),
            h(
              "p",
              { class: "comment-sub muted" },
              time(comment.createdAt, true),
              comment.staff && comment.staffStats
                ? [
                    h("span", { "aria-hidden": "true" }, " · "),
                    `${plural(comment.staffStats.messages ?? 0, "message")}, ${plural(comment.staffStats.likes ?? 0, "like")}`,
                  ]
                : null,
            ),
          ),
        ),
        h("div", { class: "comment-body" }, trustedHtml(comment.bodyHtml)),
        commentActions(comment, slug),
      );
  return h(
    "li",
    { class: "thread-item", id: `comment-${id}`, "data-level": level },
    body,
    replies.length > 0 && h("ol", { class: "thread replies", "aria-label": `Replies to ${comment.authorName ?? "a removed comment"}` }, replies.map((r) => commentItem(r, slug, level + 1))),
  );
}

function commentActions(comment: Comment, slug: string): HTMLElement {
  const id = comment.id ?? "";
  const liked = likedComments().has(id);
  const count = h("span", { class: "like-count" }, String(comment.likes ?? 0));
  const like = h(
    "button",
    { type: "button", class: "action like", "aria-pressed": String(liked), "data-comment-id": id },
    svgIcon('<path d="M12 21s-7.5-4.6-9.6-9.1C.9 8.6 3 5 6.6 5c2.1 0 3.6 1.2 4.4 2.5C11.8 6.2 13.3 5 15.4 5 19 5 21.1 8.6 19.6 11.9 17.5 16.4 12 21 12 21z"/>'),
    "Like ",
    count,
    h("span", { class: "visually-hidden" }, " likes"),
  );
  const feedback = h("span", { class: "action-feedback", role: "status" });
  like.addEventListener("click", async () => {
    if (like.getAttribute("aria-pressed") === "true" || like.dataset.busy) return;
    like.dataset.busy = "1";
    feedback.replaceChildren();
    try {
      const result = await send(api.POST("/api/v1/comments/{id}/likes", { params: { path: { id } } }));
      count.textContent = String(result.likes ?? Number(count.textContent) + 1);
      like.setAttribute("aria-pressed", "true");
      rememberLike(id);
    } catch (error) {
      feedback.replaceChildren(error instanceof ApiError && error.kind === "rate-limited" ? slowDown(error.retryAfterSeconds, "like") : "Your like could not be saved. Try again.");
    } finally {
      delete like.dataset.busy;
    }
  });

  const replySlot = h("div", { class: "reply-slot" });
  const reply = h("button", { type: "button", class: "action", "aria-expanded": "false" }, "Reply");
  reply.addEventListener("click", () => {
    if (replySlot.firstChild) {
      replySlot.replaceChildren();
      reply.setAttribute("aria-expanded", "false");
      return;
    }
    const form = commentForm(slug, {
      title: `Reply to ${comment.authorName ?? "this comment"}`,
      idPrefix: `reply-${id}`,
      parentId: id,
      onCancel: () => {
        replySlot.replaceChildren();
        reply.setAttribute("aria-expanded", "false");
        reply.focus();
      },
    });
    replySlot.append(form);
    reply.setAttribute("aria-expanded", "true");
    form.querySelector<HTMLInputElement>("input")?.focus();
  });
  return h("div", { class: "comment-actions-wrap" }, h("div", { class: "comment-actions" }, like, reply, feedback), replySlot);
}

interface FormOptions {
  title: string;
  idPrefix: string;
  parentId?: string;
  onCancel?: () => void;
}

/**
 * Name, email (never published), comment, and a honeypot field ("website") that people never see: it is off-screen,
 * hidden from assistive technology and out of the tab order, so only a bot fills it (the API then files the
 * comment as spam while answering exactly as for anyone else).
 */
function commentForm(slug: string, options: FormOptions): HTMLFormElement {
  const p = options.idPrefix;
  const status = h("div", { class: "form-status", role: "status" });
  const field = (name: string, label: string, input: HTMLInputElement | HTMLTextAreaElement, hint?: string) => {
    const errorId = `${p}-${name}-error`;
    const hintId = hint ? `${p}-${name}-hint` : undefined;
    input.id = `${p}-${name}`;
    input.name = name;
    input.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
    return h(
      "div",
      { class: "field", "data-field": name },
      h("label", { for: input.id }, label, input.required && h("span", { class: "required", "aria-hidden": "true" }, " *")),
      input,
      hint && h("p", { class: "hint hint-after", id: hintId }, hint),
      h("p", { class: "field-error", id: errorId }),
    );
  };

  const name = h("input", { type: "text", autocomplete: "name", required: true, maxlength: 100 });
  const email = h("input", { type: "email", autocomplete: "email", required: true, maxlength: 254 });
  const body = h("textarea", { rows: 5, required: true, maxlength: 5000 });
  const honeypot = h("input", { type: "text", id: `${p}-website`, name: "website", tabindex: "-1", autocomplete: "off" });
  const submit = h("button", { type: "submit", class: "button" }, options.parentId ? "Post reply" : "Post comment");

  const form = h(
    "form",
    { class: "comment-form", "aria-labelledby": `${p}-title`, novalidate: true },
    h("h3", { id: `${p}-title` }, options.title),
    h("p", { class: "hint" }, "Your email address will not be published. Fields marked * are required."),
    h("div", { class: "field-row" }, field("authorName", "Name", name), field("authorEmail", "Email", email, "Never shown; used only if a moderator needs to reach you.")),
    field("body", options.parentId ? "Reply" : "Comment", body),
    h("div", { class: "hp-field", "aria-hidden": "true" }, h("label", { for: honeypot.id }, "Leave this field empty"), honeypot),
    h("div", { class: "form-actions" }, submit, options.onCancel && h("button", { type: "button", class: "button button-secondary", onclick: options.onCancel }, "Cancel")),
    status,
  );

  const showErrors = (errors: Record<string, string[] | undefined>) => {
    let first: HTMLElement | null = null;
    for (const wrapper of form.querySelectorAll<HTMLElement>(".field")) {
      const key = wrapper.dataset.field ?? "";
      const messages = errors[key] ?? [];
      const input = wrapper.querySelector<HTMLInputElement | HTMLTextAreaElement>("input, textarea");
      const target = wrapper.querySelector(".field-error");
      if (target) target.textContent = messages.join(" ");
      if (messages.length) input?.setAttribute("aria-invalid", "true");
      else input?.removeAttribute("aria-invalid");
      if (messages.length && !first) first = input;
    }
    first?.focus();
    return first !== null;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const local: Record<string, string[]> = {};
    if (!name.value.trim()) local.authorName = ["Please enter your name."];
    if (!email.value.trim()) local.authorEmail = ["Please enter your email address."];
    else if (!email.validity.valid) local.authorEmail = ["Please enter a valid email address."];
    if (!body.value.trim()) local.body = ["Please write a comment."];
    if (showErrors(local)) return;

    submit.disabled = true;
    submit.textContent = "Posting…";
    try {
      const accepted = await send(
        api.POST("/api/v1/articles/{idOrSlug}/comments", {
          params: { path: { idOrSlug: slug } },
          body: { authorName: name.value.trim(), authorEmail: email.value.trim(), body: body.value, parentId: options.parentId ?? null, website: honeypot.value || null },
        }),
      );
      body.value = "";
      status.replaceChildren(
        h(
          "div",
          { class: "state state-success", "data-comment-status": accepted.status ?? "pending" },
          h("strong", {}, "Thanks! "),
          accepted.status === "approved"
            ? "Your comment is published."
            : "Your comment is held for moderation and will appear here once a moderator approves it.",
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.kind === "invalid" && showErrors(error.fieldErrors)) {
        status.replaceChildren(h("p", { class: "state state-error" }, "Please correct the marked fields."));
      } else if (error instanceof ApiError && error.kind === "rate-limited") {
        status.replaceChildren(slowDown(error.retryAfterSeconds, "post a comment"));
      } else if (error instanceof ApiError && error.kind === "closed") {
        status.replaceChildren(h("p", { class: "state state-error" }, "Comments are closed for this article."));
      } else if (error instanceof ApiError && error.kind === "unreachable") {
        status.replaceChildren(h("p", { class: "state state-error" }, "We can't reach the news service. Your comment was not sent; please try again."));
      } else {
        status.replaceChildren(h("p", { class: "state state-error" }, error instanceof ApiError ? error.message : "Your comment could not be sent."));
      }
    } finally {
      submit.disabled = false;
      submit.textContent = options.parentId ? "Post reply" : "Post comment";
    }
  });
  return form;
}
