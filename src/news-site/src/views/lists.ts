import { api, send, type ArticleListItem } from "../api/client";
import { articleCard, pagedList } from "../components/articleList";
import { busy } from "../components/states";
import { config } from "../config";
import { h, initials, plural, trustedHtml } from "../dom";
import type { PageContext } from "../router";
import { errorPage, setTitle } from "./errors";

type ListFilter = { tag?: string; author?: string };

function articles(filter: ListFilter, signal: AbortSignal) {
  return (cursor: string | undefined) =>
    send(api.GET("/api/v1/articles", { params: { query: { ...filter, limit: config.pageSize, cursor } }, signal }));
}

export async function homePage({ main, signal }: PageContext): Promise<void> {
  setTitle("");
  const region = h("section", { class: "list-region", "aria-labelledby": "home-title" });
  main.append(
    h("div", { class: "page-head" }, h("h1", { id: "home-title" }, "Latest news"), h("p", { class: "lede" }, "Rare earths, battery metals and the supply chains that depend on them.")),
    region,
  );
  await pagedList<ArticleListItem>(region, {
    what: "the latest articles",
    emptyMessage: "Nothing has been published yet. Check back soon.",
    load: articles({}, signal),
    card: (item) => articleCard(item),
  });
}

interface ListOwner {
  name: string;
  head: Node[];
  filter: ListFilter;
  emptyMessage: string;
}

/** A topic or author page: the owner's head, then its articles paged like the home page. */
async function ownedListPage(
  { main, signal }: PageContext,
  what: "topic" | "author",
  load: () => Promise<ListOwner>,
): Promise<void> {
  const head = h("div", { class: `page-head ${what}-head` });
  const region = h("section", { class: "list-region", "aria-label": "Articles" });
  main.append(head, region);
  const fill = busy(head, `the ${what}`);
  try {
    const owner = await load();
    setTitle(owner.name);
    fill(...owner.head);
    region.setAttribute("aria-label", what === "topic" ? `Articles tagged ${owner.name}` : `Articles by ${owner.name}`);
    await pagedList<ArticleListItem>(region, {
      what: "the articles",
      emptyMessage: owner.emptyMessage,
      load: articles(owner.filter, signal),
      card: (item) => articleCard(item),
    });
  } catch (error) {
    if (error instanceof DOMException) throw error;
    errorPage(main, error, what);
  }
}

export function tagPage(context: PageContext): Promise<void> {
  return ownedListPage(context, "topic", async () => {
    const tag = await send(api.GET("/api/v1/tags/{idOrSlug}", { params: { path: { idOrSlug: context.params.slug ?? "" } }, signal: context.signal }));
    return {
      name: tag.name ?? "",
      filter: { tag: tag.slug },
      emptyMessage: "No articles on this topic yet.",
      head: [
        h("p", { class: "eyebrow" }, "Topic"),
        h("h1", {}, tag.name ?? ""),
        tag.description ? h("p", { class: "lede" }, tag.description) : h("span"),
        h("p", { class: "muted" }, plural(tag.publishedArticleCount ?? 0, "article")),
      ],
    };
  });
}

export function authorPage(context: PageContext): Promise<void> {
  return ownedListPage(context, "author", async () => {
    const author = await send(api.GET("/api/v1/authors/{idOrSlug}", { params: { path: { idOrSlug: context.params.slug ?? "" } }, signal: context.signal }));
    return {
      name: author.name ?? "",
      filter: { author: author.slug },
      emptyMessage: "This author has not published anything yet.",
      head: [
        avatar(author.name, author.avatarUrl, "avatar-large"),
        h(
          "div",
          {},
          h("p", { class: "eyebrow" }, "Author"),
          h("h1", {}, author.name ?? ""),
          author.bioHtml ? h("div", { class: "bio prose" }, trustedHtml(author.bioHtml)) : null,
          h(
            "p",
            { class: "muted" },
            plural(author.publishedArticleCount ?? 0, "article"),
            author.websiteUrl ? [" · ", h("a", { href: author.websiteUrl, rel: "noopener" }, "Website")] : null,
          ),
        ),
      ],
    };
  });
}

/** The author's picture when it loads, their initials otherwise (and while it loads). */
export function avatar(name: string | null | undefined, url: string | null | undefined, size = "avatar"): HTMLElement {
  const box = h("span", { class: `avatar ${size}`, "aria-hidden": "true" }, initials(name));
  if (url) {
    const img = h("img", { src: url, alt: "", decoding: "async" });
    img.addEventListener("load", () => box.replaceChildren(img));
    img.addEventListener("error", () => img.remove());
  }
  return box;
}
